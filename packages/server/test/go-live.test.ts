import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { type AuditEntry, createClient, type ShopfloorClient } from '@shopfloor/sdk';
import { setupServer } from 'msw/node';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { type DatabaseHandle, openDatabase } from '../src/db/database.js';
import { seedDemoFactory } from '../src/demo/index.js';
import { grantAdminInDatabase } from '../src/recovery.js';
import { type RunningServer, startServer } from '../src/server.js';
import { fakePlatforms, platformEnv, platformHandlers } from './fixtures-platform.js';
import { type Backend, backends, TestClock } from './harness.js';

const fake = fakePlatforms();
const msw = setupServer(...platformHandlers(fake.calls));
beforeAll(() => msw.listen({ onUnhandledRequest: 'bypass' }));
afterAll(() => msw.close());

async function openFresh(backend: Backend): Promise<DatabaseHandle> {
  if (backend === 'pglite') return openDatabase({ dataDir: 'memory://' });
  const schema = `golive_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const handle = await openDatabase({ url: process.env.SHOPFLOOR_TEST_PG_URL!, schema, poolSize: 5 });
  return {
    ...handle,
    async close() {
      await handle.db.schema.dropSchema(schema).ifExists().cascade().execute();
      await handle.close();
    },
  };
}

/** The server on a database it does not own, so a test can stop it and start it again differently. */
async function start_(database: DatabaseHandle, env: Record<string, string>, lines: string[] = []) {
  const config = { ...loadConfig({ PORT: '0', ...env }), validateResponses: true };
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const clock = new TestClock(new Date());
  return startServer(config, {
    database,
    clock,
    workers: false,
    logger: pino({ level: 'info' }, sink),
    beforeServe: async (deps) => {
      if (config.demo) await seedDemoFactory(deps.db, config, clock);
    },
  });
}

const me = (client: ShopfloorClient) => client.request({ method: 'GET', path: '/auth/me' });
const PRODUCTION = { ...platformEnv, SHOPFLOOR_ADMINS: 'dingtalk:boss-ding, wecom:BossWeCom' };

describe.each(backends())('from the demo to a real factory on one %s database', (backend) => {
  let database: DatabaseHandle;
  let server: RunningServer | undefined;
  let demoSession: string;
  let demoApiToken: string;
  beforeAll(async () => {
    database = await openFresh(backend);
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  it('in demo mode, the demo admin has a session and mints an API token', async () => {
    server = await start_(database, { SHOPFLOOR_DEMO: 'on' });
    const anonymous = createClient({ baseUrl: server.url });
    demoSession = (await anonymous.auth.devLogin({ userId: 'demo-admin' })).token;
    const admin = createClient({ baseUrl: server.url, token: demoSession });
    demoApiToken = (
      await admin.request<{ token: string }>({
        method: 'POST',
        path: '/auth/api-tokens',
        body: { userId: 'demo-admin', name: 'demo script' },
      })
    ).token;
    await expect(me(createClient({ baseUrl: server.url, token: demoApiToken }))).resolves.toMatchObject({
      id: 'demo-admin',
    });
    await server.close();
    server = undefined;
  });

  it('in production mode, refuses every demo session and API token, deactivates demo users, and says so', async () => {
    const lines: string[] = [];
    server = await start_(database, PRODUCTION, lines);
    const log = lines.join('');
    expect(log).toMatch(
      /demo mode is off: \d+ demo users deactivated, 1 API tokens minted in demo mode revoked/,
    );
    const anonymous = createClient({ baseUrl: server.url, retry: { limit: 0 } });
    await expect(anonymous.auth.devLogin({ userId: 'demo-admin' })).rejects.toMatchObject({ status: 404 });
    for (const token of [demoSession, demoApiToken]) {
      const client = createClient({ baseUrl: server.url, token, retry: { limit: 0 } });
      await expect(me(client)).rejects.toMatchObject({ status: 401 });
      await expect(
        client.request({
          method: 'POST',
          path: '/auth/api-tokens',
          body: { userId: 'demo-admin', name: 'x' },
        }),
      ).rejects.toMatchObject({ status: 401 });
    }
    const active = await database.db
      .selectFrom('users')
      .select('id')
      .where('platform', '=', 'demo')
      .where('active', '=', true)
      .execute();
    expect(active).toEqual([]);
  });

  it('makes the SHOPFLOOR_ADMINS users administrators at their first sign-in, audit-logged', async () => {
    const anonymous = createClient({ baseUrl: server!.url, retry: { limit: 0 } });
    const boss = await anonymous.auth.dingtalk({ code: 'code-boss-ding' });
    expect(boss.user).toMatchObject({ id: 'dt-boss-ding', roles: ['admin'], platform: 'dingtalk' });
    const wecomBoss = await anonymous.auth.wecom({ code: 'code-BossWeCom' });
    expect(wecomBoss.user).toMatchObject({ id: 'wc-BossWeCom', roles: ['admin'] });
    const admin = createClient({ baseUrl: server!.url, token: boss.token });
    const audit = await admin.request<{ items: AuditEntry[] }>({
      method: 'GET',
      path: '/audit',
      query: { subjectType: 'user', subjectId: 'dt-boss-ding' },
    });
    expect(audit.items.map((e) => e.action)).toEqual(['user.admin-bootstrapped']);
  });

  it('gives nobody else a role by signing in: they wait, unregistered, for an administrator', async () => {
    const anonymous = createClient({ baseUrl: server!.url, retry: { limit: 0 } });
    await expect(anonymous.auth.dingtalk({ code: 'code-worker-7' })).rejects.toMatchObject({ status: 403 });
    const row = await database.db
      .selectFrom('users')
      .select(['id', 'roles'])
      .where('platform_user_id', '=', 'worker-7')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ id: 'dt-worker-7', roles: [] });
  });

  it('retires nothing on the next production start, and the real sessions keep working', async () => {
    const anonymous = createClient({ baseUrl: server!.url, retry: { limit: 0 } });
    const session = (await anonymous.auth.dingtalk({ code: 'code-boss-ding' })).token;
    await server!.close();
    const lines: string[] = [];
    server = await start_(database, PRODUCTION, lines);
    expect(lines.join('')).not.toMatch(/demo mode is off/);
    await expect(me(createClient({ baseUrl: server.url, token: session }))).resolves.toMatchObject({
      id: 'dt-boss-ding',
    });
    await server.close();
    server = undefined;
  });

  it('restores an administrator from the command line when every admin has left', async () => {
    await database.db.updateTable('users').set({ active: false }).where('id', 'like', 'dt-boss%').execute();
    await database.db.updateTable('users').set({ active: false }).where('id', '=', 'wc-BossWeCom').execute();
    const config = loadConfig({ ...platformEnv, PORT: '0' });
    // The CLI opens the database itself; here the test's handle stands in for DATABASE_URL / the data folder.
    const granted = await grantAdminInDatabase(config, {
      platform: 'wecom',
      platformUserId: 'NewBoss',
      name: '新厂长',
      actor: 'cli:root',
      database,
    });
    expect(granted).toEqual({ userId: 'wc-NewBoss', roles: ['admin'], created: true });
    server = await start_(database, platformEnv);
    const anonymous = createClient({ baseUrl: server.url, retry: { limit: 0 } });
    await expect(anonymous.auth.wecom({ code: 'code-NewBoss' })).resolves.toMatchObject({
      user: { id: 'wc-NewBoss', roles: ['admin'] },
    });
  });
});

describe.each(backends())('demo mode off without a platform (API tokens only) on %s', (backend) => {
  it('keeps its session secret from one start to the next and says nothing of the demo', async () => {
    const database = await openFresh(backend);
    try {
      const secrets: string[] = [];
      for (let start = 0; start < 2; start++) {
        const lines: string[] = [];
        const server = await start_(database, { SHOPFLOOR_DEMO: 'off' }, lines);
        secrets.push(server.deps.secrets.session);
        await server.close();
        expect(lines.join('')).not.toMatch(/demo mode is off/);
      }
      expect(secrets[1]).toBe(secrets[0]);
    } finally {
      await database.close();
    }
  });
});
