import { t } from './i18n/i18n';
import { PAGES, ROUTES } from './routes';

/** The route of a hash like `#/pages/x/index?a=1`; '' for the app's root. */
export function routeOfHash(hash: string): string {
  return hash.replace(/^#\/?/, '').split('?')[0] ?? '';
}

export function isKnownRoute(route: string): boolean {
  return route === '' || PAGES.includes(route);
}

const html = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * H5: a deep link to a page the app does not have would leave a blank screen. Shows a page that
 * says so, with a way home, over whatever Taro drew.
 */
export function watchUnknownRoutes(): void {
  if (process.env.TARO_ENV !== 'h5' || typeof window === 'undefined') return;
  const check = () => {
    const route = routeOfHash(window.location.hash);
    let el = document.getElementById('sf-not-found');
    if (isKnownRoute(route)) {
      el?.remove();
      return;
    }
    if (!el) {
      el = document.createElement('div');
      el.id = 'sf-not-found';
      el.className = 'sf-not-found';
      document.body.appendChild(el);
    }
    el.innerHTML =
      `<div class="sf-not-found__panel"><div class="sf-not-found__title">${html(t('common.notFound'))}</div>` +
      `<div class="sf-not-found__hint">${html(t('common.notFoundHint', { route: `/${route}` }))}</div>` +
      `<a id="sf-not-found-home" class="sf-button sf-button--primary sf-not-found__home" href="#/${ROUTES.home}">${html(t('common.goHome'))}</a></div>`;
  };
  window.addEventListener('hashchange', check);
  check();
}
