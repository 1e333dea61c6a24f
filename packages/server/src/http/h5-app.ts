import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { mountHashedAssets, mountPage, mountPlaceholder, readBuild } from './static-build.js';

/**
 * Serves the built H5 app at /app/. Its pages load as separate chunks; index.html is given a
 * prefetch link for each, and hashed assets are cached for good, so that a phone that loaded the
 * app once can open every page offline (scan and report in a dead spot of the workshop).
 */
export function mountH5App(app: Hono, dir: string | undefined): void {
  // Browsers ask for it on every first visit: an icon, not a 404 in the log and the console.
  app.get('/favicon.ico', (c) =>
    c.body(FAVICON, 200, {
      'Content-Type': 'image/svg+xml',
      'Cache-Control': 'public, max-age=86400',
    }),
  );
  const build = readBuild(dir);
  if (!build) {
    mountPlaceholder(
      app,
      '/app',
      'The H5 app is not built yet. Run <code>pnpm start</code> at the repository root, or see <a href="/docs">the API docs</a>.',
    );
    return;
  }
  const { root } = build;
  const html = withPrefetchLinks(build.html, root);
  const worker = serviceWorkerScript(root, html);
  // The app registers it: with it, a phone that loaded the app once reopens it with no network.
  app.get('/app/sw.js', (c) =>
    c.body(worker, 200, {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'no-cache',
      'Service-Worker-Allowed': '/app/',
    }),
  );
  mountHashedAssets(app, '/app', root, ['js', 'css', 'static']);
  mountPage(app, '/app', html);
}

/** The app's mark: a white 工 on the status bar's blue. */
const FAVICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="#0b3d91"/>' +
  '<path d="M16 16h32v7H35.5v18H48v7H16v-7h12.5V23H16z" fill="#fff"/></svg>';

/** index.html with `<link rel="prefetch">` for every script and stylesheet it does not load itself. */
export function withPrefetchLinks(html: string, root: string): string {
  const links = hashedAssets(root)
    .map((href) => ({ href, as: href.endsWith('.js') ? 'script' : 'style' }))
    .filter(({ href }) => !html.includes(`"${href}"`))
    .map(({ href, as }) => `<link rel="prefetch" as="${as}" href="${href}">`)
    .join('');
  return html.includes('</head>') ? html.replace('</head>', `${links}</head>`) : links + html;
}

/**
 * The app's service worker: the page network-first (a new build shows at once when online, the
 * cached one when not), hashed assets cache-first; the API is never touched. The cache is named
 * after the build, so a new build replaces the old cache.
 */
export function serviceWorkerScript(root: string, html: string): string {
  const assets = hashedAssets(root);
  const build = createHash('sha256').update(html).update(assets.join('\n')).digest('hex').slice(0, 12);
  return `'use strict';
const CACHE = 'shopfloor-app-${build}';
const PAGE = '/app/';
const ASSETS = ${JSON.stringify(assets)};
self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll([PAGE, ...ASSETS])).then(() => self.skipWaiting()));
});
self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('shopfloor-app-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});
self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || !url.pathname.startsWith('/app/')) return;
  if (request.mode === 'navigate') {
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) {
            const copy = response.clone();
            caches.open(CACHE).then((cache) => cache.put(PAGE, copy));
          }
          return response;
        })
        .catch(() => caches.match(PAGE, { cacheName: CACHE }).then((hit) => hit || Response.error())),
    );
    return;
  }
  event.respondWith(caches.match(request, { cacheName: CACHE }).then((hit) => hit || fetch(request)));
});
`;
}

/** Every script and stylesheet of the build, as `/app/js/…` and `/app/css/…` paths, sorted. */
function hashedAssets(root: string): string[] {
  return ['js', 'css'].flatMap((kind) => {
    const folder = join(root, kind);
    if (!existsSync(folder)) return [];
    return readdirSync(folder)
      .filter((name) => name.endsWith(`.${kind}`))
      .map((name) => `/app/${kind}/${name}`)
      .sort();
  });
}
