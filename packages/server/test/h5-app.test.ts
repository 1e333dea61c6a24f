import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.js';

/** A stand-in H5 build: index.html loads the runtime; two pages come as chunks. */
function fakeBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sf-h5-'));
  mkdirSync(join(dir, 'js'));
  mkdirSync(join(dir, 'css'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html><head><script defer src="/app/js/app.1111.js"></script><link href="/app/css/app.2222.css" rel="stylesheet"></head><body><div id="app"></div></body></html>',
  );
  for (const name of ['app.1111.js', 'report.3333.js', 'board.4444.js', 'report.3333.js.LICENSE.txt']) {
    writeFileSync(join(dir, 'js', name), `/* ${name} */`);
  }
  for (const name of ['app.2222.css', 'report.5555.css']) writeFileSync(join(dir, 'css', name), '');
  return dir;
}

describe('the H5 app at /app/', () => {
  const dir = fakeBuild();
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { SHOPFLOOR_APP_DIR: dir } });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prefetches every page chunk it does not load itself, so pages open offline later', async () => {
    const res = await fetch(`${server.url}/app/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const html = await res.text();
    const prefetched = [...html.matchAll(/<link rel="prefetch" as="(\w+)" href="([^"]+)">/g)].map((m) => [
      m[1],
      m[2],
    ]);
    expect(prefetched.sort()).toEqual([
      ['script', '/app/js/board.4444.js'],
      ['script', '/app/js/report.3333.js'],
      ['style', '/app/css/report.5555.css'],
    ]);
    expect(html.indexOf('rel="prefetch"')).toBeLessThan(html.indexOf('</head>'));
  });

  it('caches hashed assets for good, answers deep links with the app and a missing chunk with 404', async () => {
    const chunk = await fetch(`${server.url}/app/js/report.3333.js`);
    expect(chunk.status).toBe(200);
    expect(chunk.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await chunk.text()).toBe('/* report.3333.js */');
    const deep = await fetch(`${server.url}/app/pages/report/index`);
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<div id="app">');
    const missing = await fetch(`${server.url}/app/js/nope.9999.js`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('cache-control')).toBeNull();
  });
  it('serves a service worker that caches the page and every hashed asset, named after the build', async () => {
    const res = await fetch(`${server.url}/app/sw.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('javascript');
    expect(res.headers.get('service-worker-allowed')).toBe('/app/');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const script = await res.text();
    const assets = JSON.parse(/const ASSETS = (\[.*\]);/.exec(script)![1]!);
    expect(assets.sort()).toEqual([
      '/app/css/app.2222.css',
      '/app/css/report.5555.css',
      '/app/js/app.1111.js',
      '/app/js/board.4444.js',
      '/app/js/report.3333.js',
    ]);
    expect(script).toMatch(/const CACHE = 'shopfloor-app-[0-9a-f]{12}'/);
    // It never answers for the API.
    expect(script).toContain("!url.pathname.startsWith('/app/')");
  });
});
