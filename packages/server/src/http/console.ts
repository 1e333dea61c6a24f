import type { Hono } from 'hono';
import { mountHashedAssets, mountPage, mountPlaceholder, readBuild } from './static-build.js';

/**
 * Serves the built office console (packages/console, Vite) at /console/: its hashed files live in
 * assets/, everything else under /console/ is its page, which routes by the URL hash.
 */
export function mountConsole(app: Hono, dir: string | undefined): void {
  app.get('/console', (c) => c.redirect('/console/'));
  const build = readBuild(dir);
  if (!build) {
    mountPlaceholder(
      app,
      '/console',
      'The console is not built yet. Run <code>pnpm start</code> at the repository root (or <code>pnpm --filter @shopfloor/console build</code>), or see <a href="/docs">the API docs</a>.',
    );
    return;
  }
  mountHashedAssets(app, '/console', build.root, ['assets']);
  mountPage(app, '/console', build.html);
}
