import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { PLATFORM_FRAME_HOSTS, scriptHash } from '../src/http/security-headers.js';
import { seedUsers } from './fixtures.js';
import { startTestServer, type TestServer } from './harness.js';

const ERP = 'https://erp.factory.example';

/** Content-Security-Policy as a map of directive → sources. */
function policy(header: string | null): Map<string, string[]> {
  return new Map(
    (header ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

describe('security headers and CORS', () => {
  let server: TestServer;
  let open: TestServer;
  beforeAll(async () => {
    [server, open] = await Promise.all([
      startTestServer({ seed: seedUsers }),
      startTestServer({
        seed: seedUsers,
        env: { SHOPFLOOR_CORS_ORIGINS: `${ERP}, https://board.factory.example` },
      }),
    ]);
  });
  afterAll(async () => {
    await server?.close();
    await open?.close();
  });

  const get = (path: string, headers: Record<string, string> = {}, on = server) =>
    fetch(`${on.url}${path}`, { headers, redirect: 'manual' });

  it('gives the API answers, problems and 404s a CSP that runs and frames nothing', async () => {
    for (const path of ['/api/v1/health', '/api/v1/auth/me', '/api/v1/nope']) {
      const res = await get(path);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin');
      const csp = policy(res.headers.get('content-security-policy'));
      expect(csp.get('default-src'), path).toEqual(["'none'"]);
      expect(csp.get('frame-ancestors'), path).toEqual(["'none'"]);
    }
  });

  it('lets the app and the console be framed by DingTalk and WeCom clients only, with no inline script', async () => {
    for (const path of ['/app/', '/console/', '/app/js/nothing.js']) {
      const res = await get(path);
      const csp = policy(res.headers.get('content-security-policy'));
      expect(csp.get('script-src'), path).toEqual(["'self'"]);
      expect(csp.get('object-src'), path).toEqual(["'none'"]);
      expect(csp.get('frame-ancestors'), path).toEqual(["'self'", ...PLATFORM_FRAME_HOSTS]);
      expect(res.headers.get('x-frame-options'), path).toBeNull();
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin');
    }
  });

  it('allows the one inline script of /docs by its hash', async () => {
    const res = await get('/docs');
    const html = await res.text();
    const inline = [...html.matchAll(/<script>([^<]*)<\/script>/g)].map((m) => m[1]!);
    expect(inline).toHaveLength(1);
    const csp = policy(res.headers.get('content-security-policy'));
    expect(csp.get('script-src')).toEqual(["'self'", scriptHash(inline[0]!)]);
    expect(csp.get('frame-ancestors')).toEqual(["'self'"]);
  });

  it('answers no CORS headers by default, to a preflight either', async () => {
    const simple = await get('/api/v1/health', { Origin: ERP });
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${server.url}/api/v1/items`, {
      method: 'OPTIONS',
      headers: { Origin: ERP, 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-methods')).toBeNull();
  });

  it('answers the origins of SHOPFLOOR_CORS_ORIGINS and no other', async () => {
    const preflight = await fetch(`${open.url}/api/v1/items`, {
      method: 'OPTIONS',
      headers: {
        Origin: ERP,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization, content-type, idempotency-key',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ERP);
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('idempotency-key');
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
    const simple = await get('/api/v1/health', { Origin: ERP }, open);
    expect(simple.headers.get('access-control-allow-origin')).toBe(ERP);
    expect(simple.headers.get('vary')?.toLowerCase()).toContain('origin');
    const stranger = await get('/api/v1/health', { Origin: 'https://evil.example' }, open);
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
    // Pages are same-origin only, whatever the list says.
    expect((await get('/app/', { Origin: ERP }, open)).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses an allow-list entry that is not an origin', () => {
    expect(() => loadConfig({ SHOPFLOOR_CORS_ORIGINS: 'https://erp.example/path' })).toThrow(
      /SHOPFLOOR_CORS_ORIGINS/,
    );
    expect(() => loadConfig({ SHOPFLOOR_CORS_ORIGINS: '*' })).toThrow(/SHOPFLOOR_CORS_ORIGINS/);
    expect(loadConfig({ SHOPFLOOR_CORS_ORIGINS: `${ERP},http://10.0.0.5:3000` }).corsOrigins).toEqual([
      ERP,
      'http://10.0.0.5:3000',
    ]);
  });
});
