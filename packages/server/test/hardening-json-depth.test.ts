import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../src/http/json-depth.js';
import { seedUsers } from './fixtures.js';
import { backends, startTestServer, type TestServer } from './harness.js';

/** `{"a":{"a":…{"a":1}…}}` nested `depth` levels, or arrays `[[…[1]…]]`. */
const nested = (depth: number, kind: 'object' | 'array' = 'object') =>
  kind === 'object'
    ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`
    : `${'['.repeat(depth)}1${']'.repeat(depth)}`;

describe('nestsDeeperThan', () => {
  it('agrees with the depth of any JSON value, whatever its strings hold', () => {
    const depthOf = (v: unknown): number =>
      v !== null && typeof v === 'object' ? 1 + Math.max(0, ...Object.values(v).map(depthOf)) : 0;
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 9 }), (value, max) => {
        expect(nestsDeeperThan(JSON.stringify(value), max)).toBe(depthOf(value) > max);
      }),
      { numRuns: 500 },
    );
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(nestsDeeperThan(JSON.stringify({ a: '[[[[\\"{{{{' }), 1)).toBe(false);
    expect(nestsDeeperThan(JSON.stringify({ a: '"\\' }), 1)).toBe(false);
  });
});

describe.each(backends())('a JSON body nested 4,000 levels deep on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedUsers });
  });
  afterAll(() => server?.close());

  const post = async (path: string, body: string, token?: string) => {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'Idempotency-Key': randomUUID(),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
      body,
    });
    return { status: res.status, type: res.headers.get('content-type'), body: await res.json() };
  };

  it('is refused with 400 too-deep on a public route, without a token', async () => {
    for (const kind of ['object', 'array'] as const) {
      const res = await post('/auth/dev-login', nested(4_000, kind));
      expect(res.status, kind).toBe(400);
      expect(res.type).toContain('application/problem+json');
      expect(res.body).toMatchObject({
        type: '/problems/too-deep',
        status: 400,
        params: { maxDepth: MAX_JSON_DEPTH },
      });
    }
  });

  it('is refused with 400 too-deep on signed-in routes, with and without an Idempotency-Key', async () => {
    const token = await server.token('admin');
    for (const path of ['/items', '/work-orders', '/issue-requests']) {
      const res = await post(path, `{"code":"X","extra":${nested(4_000)}}`, token);
      expect(res.status, path).toBe(400);
      expect(res.body.type, path).toBe('/problems/too-deep');
    }
  });

  it('leaves a body within the bound to the route schema as before', async () => {
    const res = await post('/auth/dev-login', `{"userId":"admin","x":${nested(MAX_JSON_DEPTH - 1)}}`);
    expect(res.status).toBe(200);
    const over = await post('/auth/dev-login', `{"userId":"admin","x":${nested(MAX_JSON_DEPTH)}}`);
    expect(over.status).toBe(400);
    expect(over.body.type).toBe('/problems/too-deep');
  });
});
