import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../packages/server/test/harness.js';

/** A stand-in Vite build of the console: index.html and its hashed files under assets/. */
function fakeBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sf-console-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html><head><script type="module" src="/console/assets/index-Ab12.js"></script></head><body><div id="root"></div></body></html>',
  );
  writeFileSync(join(dir, 'assets', 'index-Ab12.js'), '/* console */');
  return dir;
}

describe('the console at /console/', () => {
  const dir = fakeBuild();
  let server: TestServer;
  let unbuilt: TestServer;
  beforeAll(async () => {
    [server, unbuilt] = await Promise.all([
      startTestServer({ env: { SHOPFLOOR_CONSOLE_DIR: dir } }),
      startTestServer({ env: { SHOPFLOOR_CONSOLE_DIR: join(dir, 'nowhere') } }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([server?.close(), unbuilt?.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers its page, never cached, for /console/ and any deep path below it', async () => {
    for (const path of ['/console/', '/console/users', '/console/a/b?c=d']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toContain('<div id="root">');
    }
    const bare = await fetch(`${server.url}/console`, { redirect: 'manual' });
    expect(bare.status).toBe(302);
    expect(bare.headers.get('location')).toBe('/console/');
  });

  it('caches its hashed files for good and answers a missing one with 404, not the page', async () => {
    const asset = await fetch(`${server.url}/console/assets/index-Ab12.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await asset.text()).toBe('/* console */');
    const missing = await fetch(`${server.url}/console/assets/gone-Zz99.js`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('cache-control')).toBeNull();
  });

  it('says how to build it while there is no build, and leaves the API and the app alone', async () => {
    const res = await fetch(`${unbuilt.url}/console/`);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('pnpm start');
    expect((await fetch(`${unbuilt.url}/api/v1/health`)).status).toBe(200);
  });
});
