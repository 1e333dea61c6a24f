import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';

/**
 * Serving a built single-page front end under a path prefix (the H5 app at /app/, the console at
 * /console/): hashed assets cached for good, the page itself never cached, every other path
 * answered with the page (hash routing), and a placeholder while the build is missing.
 */
export interface StaticBuild {
  /** Absolute folder of the build. */
  root: string;
  /** The build's index.html as built. */
  html: string;
}

/** The build in `dir`, or undefined when there is none (no folder or no index.html). */
export function readBuild(dir: string | undefined): StaticBuild | undefined {
  if (!dir || !existsSync(join(dir, 'index.html'))) return undefined;
  const root = resolve(dir);
  return { root, html: readFileSync(join(root, 'index.html'), 'utf8') };
}

/** Every path under `prefix` answers 503 with a line saying how to build the front end. */
export function mountPlaceholder(app: Hono, prefix: string, message: string): void {
  app.get(`${prefix}/*`, (c) =>
    c.html(`<!doctype html><meta charset="utf-8"><title>Shopfloor</title><p>${message}</p>`, 503),
  );
}

/**
 * The asset folders of a build under `prefix`: file names carry a content hash (a changed file is a
 * new name), so they are cached for good; a missing one is a plain 404, never the page.
 */
export function mountHashedAssets(app: Hono, prefix: string, root: string, folders: readonly string[]): void {
  const assets = serveStatic({ root, rewriteRequestPath: (p) => p.slice(prefix.length) });
  for (const folder of folders) {
    app.use(`${prefix}/${folder}/*`, async (c, next) => {
      const found = await assets(c, next);
      if (found?.status === 200) found.headers.set('Cache-Control', 'public, max-age=31536000, immutable');
      return found;
    });
    app.get(`${prefix}/${folder}/*`, (c) => c.text('no such asset', 404));
  }
}

/** Every other path under `prefix` is the page (hash routing); never cached, so a new build shows. */
export function mountPage(app: Hono, prefix: string, html: string): void {
  app.get(`${prefix}/*`, (c) => c.html(html, 200, { 'Cache-Control': 'no-cache' }));
}
