import { createClient, type ShopfloorClient } from '@shopfloor/sdk';
import { type AdminClient, createAdminClient } from '@shopfloor/sdk/admin';
import type { Kysely } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type ServerConfig } from '../src/config.js';
import type { Database } from '../src/db/schema.js';
import { signSession } from '../src/http/session.js';
import { USER_ACCESS_TTL_MS } from '../src/modules/auth/user-access.js';
import { type RunningServer, startServer } from '../src/server.js';
import { addItem, receive, seedStock } from './fixtures-stock.js';
import { backends, startTestServer, TestClock, type TestServer } from './harness.js';

/** The stock fixtures plus an operator of both workshops, whose scopes the tests narrow. */
async function seed(db: Kysely<Database>, config: ServerConfig) {
  await seedStock(db, config);
  await db
    .insertInto('users')
    .values([
      {
        org_id: config.orgId,
        id: 'op-both',
        name: '两车间师傅',
        roles: ['operator'],
        workshops: ['WS-ASM', 'WS-MCH'],
      },
      {
        org_id: config.orgId,
        id: 'op-far',
        name: '远端师傅',
        roles: ['operator'],
        workshops: ['WS-ASM', 'WS-MCH'],
      },
    ])
    .execute();
}

/** Another server on the same database: another replica, or with `orgId`, another company's server. */
async function startSibling(
  of: TestServer,
  env: Record<string, string> = {},
): Promise<RunningServer & { clock: TestClock }> {
  const clock = new TestClock(of.clock.now());
  const config = {
    ...loadConfig({ PORT: '0', SHOPFLOOR_DEMO: 'on', SHOPFLOOR_LOG_LEVEL: 'silent', ...env }),
    validateResponses: true,
  };
  const server = await startServer(config, {
    clock,
    database: of.database,
    workers: false,
    logger: pino({ level: 'silent' }),
  });
  return { ...server, clock };
}

describe.each(backends())('roles and scopes come from the user as he is now, on %s', (backend) => {
  let server: TestServer;
  let admin: AdminClient;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed });
    admin = createAdminClient({
      baseUrl: server.url,
      token: await server.token('admin'),
      retry: { limit: 0 },
    });
  });
  afterAll(() => server?.close());

  it("refuses an approver's existing session at once when his approver role is removed", async () => {
    await addItem(server.database.db, 'FR-APPROVE');
    await receive(server, [{ item: 'FR-APPROVE', qty: 10 }]);
    const request = await (await server.as('op-li')).issueRequests.create({
      kind: 'issue',
      warehouse: 'WH-RM',
      lines: [{ item: 'FR-APPROVE', qty: 2, location: 'RM-A01' }],
    });
    const approver = await server.as('ap-zhao');
    // He has seen the list with his session: it is cached, and stays valid for 12 hours.
    await approver.issueRequests.listPage({ limit: 5 });
    await admin.users.setRoles('ap-zhao', { roles: ['operator'], workshops: [], warehouses: [] });
    await expect(approver.issueRequests.approve(request.id, { comment: '同意' })).rejects.toMatchObject({
      status: 403,
      problem: { type: '/problems/forbidden' },
    });
    const stored = await server.database.db
      .selectFrom('issue_requests')
      .select('status')
      .where('id', '=', request.id)
      .executeTakeFirstOrThrow();
    expect(stored.status).toBe('pending');
  });

  it('refuses the removed workshop at once when an operator’s scopes are narrowed', async () => {
    const operator = await server.as('op-both');
    await expect(operator.workOrders.get('WO-STK-1')).resolves.toMatchObject({ no: 'WO-STK-1' });
    await admin.users.setRoles('op-both', { roles: ['operator'], workshops: ['WS-MCH'], warehouses: [] });
    await expect(operator.workOrders.get('WO-STK-1')).rejects.toMatchObject({
      status: 403,
      problem: { type: '/problems/work-order-out-of-scope' },
    });
  });

  it('shows a change made on another replica within the cache time', async () => {
    const replica = await startSibling(server);
    try {
      const token = await server.token('op-far');
      const there = createClient({ baseUrl: replica.url, token, retry: { limit: 0 } });
      await expect(there.workOrders.get('WO-STK-1')).resolves.toMatchObject({ no: 'WO-STK-1' });
      await admin.users.setRoles('op-far', { roles: ['operator'], workshops: ['WS-MCH'], warehouses: [] });
      // Refused here at once; there, once its cache time has passed.
      const here = createClient({ baseUrl: server.url, token, retry: { limit: 0 } });
      await expect(here.workOrders.get('WO-STK-1')).rejects.toMatchObject({ status: 403 });
      replica.clock.advance(USER_ACCESS_TTL_MS + 1);
      await expect(there.workOrders.get('WO-STK-1')).rejects.toMatchObject({
        status: 403,
        problem: { type: '/problems/work-order-out-of-scope' },
      });
    } finally {
      await replica.close();
    }
  });

  it('answers the signed-in user with his roles as they are now', async () => {
    const planner = await server.as('pl-zhou');
    await admin.users.setRoles('pl-zhou', {
      roles: ['planner', 'operator'],
      workshops: ['WS-ASM'],
      warehouses: [],
    });
    await expect(planner.request({ method: 'GET', path: '/auth/me' })).resolves.toMatchObject({
      roles: ['planner', 'operator'],
      scopes: { workshops: ['WS-ASM'] },
    });
  });
});

describe.each(backends())('tokens bound to the org, two orgs on one database, on %s', (backend) => {
  let server: TestServer;
  let other: RunningServer & { clock: TestClock };
  const me = (client: ShopfloorClient) => client.request({ method: 'GET', path: '/auth/me' });
  beforeAll(async () => {
    server = await startTestServer({ backend, seed });
    other = await startSibling(server, { SHOPFLOOR_ORG_ID: 'plant-b', SHOPFLOOR_ORG_NAME: '乙工厂' });
    // The same user id in both orgs: only the org tells them apart.
    await other.database.db
      .insertInto('users')
      .values({ org_id: 'plant-b', id: 'admin', name: '乙厂管理员', roles: ['admin'] })
      .execute();
  });
  afterAll(async () => {
    await other?.close();
    await server?.close();
  });

  it("refuses a session of org A on org B's server, and B's on A's", async () => {
    const tokenA = await server.token('admin');
    await expect(me(createClient({ baseUrl: server.url, token: tokenA }))).resolves.toMatchObject({
      id: 'admin',
    });
    await expect(
      me(createClient({ baseUrl: other.url, token: tokenA, retry: { limit: 0 } })),
    ).rejects.toMatchObject({
      status: 401,
      problem: { type: '/problems/unauthorized' },
    });
    const row = { org_id: 'plant-b', id: 'admin', name: '乙厂管理员', roles: ['admin'] as const };
    const tokenB = await signSession(
      {
        orgId: row.org_id,
        userId: row.id,
        name: row.name,
        roles: [...row.roles],
        workshops: [],
        warehouses: [],
      },
      other.deps.secrets.session,
      Math.floor(other.clock.now().getTime() / 1000),
    );
    await expect(me(createClient({ baseUrl: other.url, token: tokenB }))).resolves.toMatchObject({
      id: 'admin',
      name: '乙厂管理员',
    });
    await expect(
      me(createClient({ baseUrl: server.url, token: tokenB, retry: { limit: 0 } })),
    ).rejects.toMatchObject({
      status: 401,
    });
  });

  it("refuses an API token of org A on org B's server", async () => {
    const admin = await server.as('admin');
    const { token } = (await admin.request({
      method: 'POST',
      path: '/auth/api-tokens',
      body: { userId: 'pl-zhou', name: '甲厂 ERP' },
    })) as { token: string };
    await expect(me(createClient({ baseUrl: server.url, token }))).resolves.toMatchObject({ id: 'pl-zhou' });
    await expect(me(createClient({ baseUrl: other.url, token, retry: { limit: 0 } }))).rejects.toMatchObject({
      status: 401,
    });
  });
});
