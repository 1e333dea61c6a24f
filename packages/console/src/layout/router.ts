import { useSyncExternalStore } from 'react';

/**
 * Hash routing (`/console/#/items?q=oak`): the server answers every /console/ path with the same
 * page, and a deep link survives a reload, the DingTalk PC shell and a bookmark.
 */
export interface Route {
  /** `/items`, `/boms`; `/` when the hash is empty. */
  path: string;
  params: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const at = raw.indexOf('?');
  const pathPart = at < 0 ? raw : raw.slice(0, at);
  const query = at < 0 ? '' : raw.slice(at + 1);
  const path = `/${pathPart.replace(/^\/+/, '').replace(/\/+$/, '')}`;
  return { path, params: new URLSearchParams(query) };
}

export function toHash(path: string, params: Record<string, string | number | undefined> = {}): string {
  const query = new URLSearchParams(
    Object.entries(params)
      .filter(([, v]) => v !== undefined && v !== '')
      .map(([k, v]) => [k, String(v)]),
  ).toString();
  return `#${path}${query ? `?${query}` : ''}`;
}

export function navigate(path: string, params: Record<string, string | number | undefined> = {}): void {
  const next = toHash(path, params);
  if (window.location.hash !== next) window.location.hash = next;
}

let cached: { hash: string; route: Route } | undefined;
function snapshot(): Route {
  const hash = window.location.hash;
  if (cached?.hash !== hash) cached = { hash, route: parseHash(hash) };
  return cached.route;
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

export function useRoute(): Route {
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}
