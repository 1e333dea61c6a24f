import { AuthError, ServiceDegradedError } from '@shopfloor/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedUsers } from './fixtures.js';
import { backends, startTestServer, type TestServer } from './harness.js';

describe.each(backends())('server basics on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedUsers });
  });
  afterAll(() => server?.close());

  it('reports health: database writable, migrations current', async () => {
    const health = await server.anonymous.health();
    expect(health.status).toBe('ok');
    expect(health.checks.db).toMatchObject({ status: 'ok', detail: 'read-write' });
    expect(health.checks.migrations?.status).toBe('ok');
  });

  it('signs in a demo user and knows who it is', async () => {
    const client = await server.as('op-li');
    const me = await client.request({ method: 'GET', path: '/auth/me' });
    expect(me).toMatchObject({ id: 'op-li', roles: ['operator'] });
  });

  it('offers its demo accounts to an app that has not signed in yet, in demo mode', async () => {
    const config = await server.anonymous.auth.config();
    expect(config.demo).toBe(true);
    expect(config.dingtalkCorpId).toBeUndefined();
    const operator = config.demoUsers?.find((u) => u.id === 'op-li');
    expect(operator).toMatchObject({ name: '李师傅', roles: ['operator'] });
    await expect(server.anonymous.auth.devLogin({ userId: operator!.id })).resolves.toMatchObject({
      user: { id: 'op-li' },
    });
  });

  it('answers 401 problem+json without a token', async () => {
    const res = await fetch(`${server.url}/api/v1/auth/me`);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 401, type: '/problems/unauthorized' });
    await expect(server.anonymous.request({ method: 'GET', path: '/auth/me' })).rejects.toBeInstanceOf(
      AuthError,
    );
  });

  it('rejects a forged token', async () => {
    const token = await server.token('op-li');
    const [h, p] = token.split('.');
    const forged = `${h}.${p}.${'A'.repeat(43)}`;
    const res = await fetch(`${server.url}/api/v1/auth/me`, {
      headers: { Authorization: `Bearer ${forged}` },
    });
    expect(res.status).toBe(401);
  });

  it('rejects an expired token', async () => {
    const token = await server.token('op-li');
    server.clock.advance(13 * 3600 * 1000);
    try {
      const res = await fetch(`${server.url}/api/v1/auth/me`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(401);
    } finally {
      server.clock.advance(-13 * 3600 * 1000);
    }
  });

  it('publishes an OpenAPI 3.1 document and the docs page', async () => {
    const doc = await (await fetch(`${server.url}/api/v1/openapi.json`)).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/health');
    const docs = await fetch(`${server.url}/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger-ui');
  });

  it('answers unknown routes with a 404 problem', async () => {
    const res = await fetch(`${server.url}/api/v1/nothing-here`);
    expect(res.status).toBe(404);
    expect((await res.json()).type).toBe('/problems/not-found');
  });

  it('is typed for degraded answers', () => {
    expect(new ServiceDegradedError({ status: 503 } as never)).toBeInstanceOf(Error);
  });
});
