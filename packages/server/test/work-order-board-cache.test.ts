import type { ShopfloorClient, WorkOrderPage } from '@shopfloor/sdk';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { USER_ACCESS_TTL_MS } from '../src/modules/auth/user-access.js';
import { boardHorizon } from '../src/modules/production/work-order-board.js';
import { BOARD_ANSWER_TTL_MS, boardKey } from '../src/modules/production/work-order-board-cache.js';
import { freshNo, seedProduction } from './fixtures-production.js';
import { backends, startTestServer, type TestServer } from './harness.js';

const TODAY = '2026-11-25'; // the test clock's Shanghai day; each case moves it by seconds only
const STATUSES = ['draft', 'released', 'in-progress', 'on-hold', 'done', 'cancelled'] as const;
type Status = (typeof STATUSES)[number];
/** Callers and the workshops they may see (null: all). */
const USERS: Record<string, readonly string[] | null> = {
  'pl-zhou': null,
  'ap-qian': null,
  admin: null,
  'op-li': ['WS-ASM'],
  'op-wang': ['WS-MCH'],
  'op-both': ['WS-ASM', 'WS-MCH'],
  'op-none': [],
};

const shiftDay = (days: number) => {
  const d = new Date(`${TODAY}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

describe('boardKey', () => {
  it('tells apart every org, day, scope and parameter, and not the order they were given in', () => {
    const asked = fc.record({
      orgId: fc.constantFrom('o1', 'o2'),
      today: fc.constantFrom('2026-11-25', '2026-11-26'),
      scope: fc.option(fc.uniqueArray(fc.constantFrom('WS-A', 'WS-B', 'WS-C'), { maxLength: 3 })),
      query: fc.record(
        {
          view: fc.constant('board'),
          workshop: fc.constantFrom('WS-A', 'WS-B'),
          limit: fc.integer({ min: 1, max: 3 }),
          cursor: fc.constantFrom('c1', 'c2'),
          item: fc.constantFrom('CHAIR', 'TABLE'),
        },
        { requiredKeys: ['view'] },
      ),
    });
    fc.assert(
      fc.property(asked, asked, (a, b) => {
        const sameScope =
          a.scope === null || b.scope === null
            ? a.scope === b.scope
            : [...a.scope].sort().join() === [...b.scope].sort().join();
        const sameQuery =
          JSON.stringify(Object.entries(a.query).sort()) === JSON.stringify(Object.entries(b.query).sort());
        const same = a.orgId === b.orgId && a.today === b.today && sameScope && sameQuery;
        expect(boardKey(a) === boardKey(b)).toBe(same);
        const reversed = {
          ...a,
          scope: a.scope && [...a.scope].reverse(),
          query: Object.fromEntries(Object.entries(a.query).reverse()),
        };
        expect(boardKey(reversed)).toBe(boardKey(a));
      }),
      { numRuns: 500 },
    );
  });
});

describe.each(backends())('the shared board answer (GET /work-orders?view=board) on %s', (backend) => {
  let server: TestServer;
  const clients = new Map<string, ShopfloorClient>();
  /** A fixed pool of orders; each case gives them statuses and due dates straight in the database. */
  const pool: { no: string; workshops: string[] }[] = [];
  beforeAll(async () => {
    server = await startTestServer({
      backend,
      seed: async (db, config) => {
        await seedProduction(db, config);
        await db
          .insertInto('users')
          .values([
            {
              org_id: config.orgId,
              id: 'op-both',
              name: '双车间',
              roles: ['operator'],
              workshops: ['WS-MCH', 'WS-ASM'],
            },
            { org_id: config.orgId, id: 'op-none', name: '无车间', roles: ['operator'], workshops: [] },
          ])
          .execute();
      },
    });
    for (const user of Object.keys(USERS)) clients.set(user, await server.as(user));
    const planner = clients.get('pl-zhou')!;
    for (const item of ['CHAIR', 'TABLE', 'FRAME', 'TABLE', 'FRAME', 'CHAIR', 'TABLE', 'FRAME']) {
      const wo = await planner.workOrders.create({ no: freshNo('C'), item, qty: 1, due: TODAY });
      pool.push({ no: wo.no, workshops: wo.operations.map((op) => op.workshop) });
    }
  });
  afterAll(() => server?.close());

  /** Sets the pool's statuses and due dates, then lets every kept answer expire. */
  async function setOrders(states: { status: Status; due: number }[]) {
    const db = server.database.db;
    await db.updateTable('work_orders').set({ status: 'cancelled' }).execute();
    for (const [i, { status, due }] of states.entries())
      await db
        .updateTable('work_orders')
        .set({ status, due: shiftDay(due), resume_status: status === 'on-hold' ? 'released' : null })
        .where('no', '=', pool[i]!.no)
        .execute();
    server.clock.advance(BOARD_ANSWER_TTL_MS);
  }

  async function raw(user: string, query: string, headers: Record<string, string> = {}) {
    const token = await server.token(user);
    return fetch(`${server.url}/api/v1/work-orders?view=board${query}`, {
      headers: { Authorization: `Bearer ${token}`, ...headers },
    });
  }

  it('never hands a caller an answer of another scope, however the requests interleave', async () => {
    const request = fc.record({
      user: fc.constantFrom(...Object.keys(USERS)),
      workshop: fc.constantFrom(undefined, 'WS-ASM', 'WS-MCH'),
      limit: fc.integer({ min: 1, max: 4 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({ status: fc.constantFrom(...STATUSES), due: fc.integer({ min: -10, max: 10 }) }),
          { minLength: 8, maxLength: 8 },
        ),
        fc.array(request, { minLength: 1, maxLength: 12 }),
        async (states, requests) => {
          await setOrders(states);
          const orders = states.map((s, i) => ({ ...s, ...pool[i]!, due: shiftDay(s.due) }));
          // Two rounds at once: the first computes or joins a computation, the second hits the cache.
          for (let round = 0; round < 2; round++) {
            const pages = await Promise.all(
              requests.map(({ user, workshop, limit }) =>
                clients.get(user)!.workOrders.board({ workshop, limit }),
              ),
            );
            for (const [i, { user, workshop, limit }] of requests.entries()) {
              const scope = USERS[user]!;
              const expected = orders
                .filter(
                  (o) =>
                    (o.status === 'in-progress' ||
                      o.status === 'on-hold' ||
                      (o.status === 'released' && o.due <= boardHorizon(TODAY))) &&
                    (!workshop || o.workshops.includes(workshop)) &&
                    (scope === null || o.workshops.some((w) => scope.includes(w))),
                )
                .sort((a, b) => a.due.localeCompare(b.due) || a.no.localeCompare(b.no));
              const page = pages[i]!;
              expect(page.items.map((o) => o.no)).toEqual(expected.slice(0, limit).map((o) => o.no));
              expect(page.total).toBe(expected.length);
              if (scope) {
                for (const o of page.items)
                  expect(o.operations.some((op) => scope.includes(op.workshop))).toBe(true);
              }
            }
          }
        },
      ),
      { numRuns: 12 },
    );
  });

  it('reads the database once for identical requests at once, and not at all while the answer is kept', async () => {
    await setOrders(pool.map((_, i) => ({ status: 'in-progress' as const, due: i - 3 })));
    const planner = clients.get('pl-zhou')!;
    await planner.workOrders.board({ limit: 200 }); // the BOM graph compiled, the caller known
    // Past both TTLs (the users' access is kept 5 s too): each count below has one read of the users.
    const step = Math.max(BOARD_ANSWER_TTL_MS, USER_ACCESS_TTL_MS) + 1;
    server.clock.advance(step);
    const one = await countStatements(server, () => planner.workOrders.board({ limit: 200 }));
    server.clock.advance(step);
    let pages: WorkOrderPage[] = [];
    const twenty = await countStatements(server, async () => {
      pages = await Promise.all(Array.from({ length: 20 }, () => planner.workOrders.board({ limit: 200 })));
    });
    expect(one).toBeGreaterThan(0);
    expect(twenty).toBe(one);
    expect(pages.every((p) => JSON.stringify(p) === JSON.stringify(pages[0]))).toBe(true);
    expect(pages[0]!.items).toHaveLength(pool.length);
    const kept = await countStatements(server, () => planner.workOrders.board({ limit: 200 }));
    expect(kept).toBe(0);
  });

  it('shows a change once the TTL has passed, and not before', async () => {
    await setOrders(pool.map((_, i) => ({ status: 'in-progress' as const, due: i })));
    const planner = clients.get('pl-zhou')!;
    const before = await planner.workOrders.board();
    expect(before.items.map((o) => o.no)).toContain(pool[0]!.no);
    await server.database.db
      .updateTable('work_orders')
      .set({ status: 'cancelled' })
      .where('no', '=', pool[0]!.no)
      .execute();
    server.clock.advance(BOARD_ANSWER_TTL_MS - 1);
    expect(await planner.workOrders.board()).toEqual(before);
    server.clock.advance(1);
    const after = await planner.workOrders.board();
    expect(after.items.map((o) => o.no)).not.toContain(pool[0]!.no);
    expect(after.total).toBe(before.total! - 1);
  });

  it('answers 304 to If-None-Match with its ETag, 200 to another scope or after a change', async () => {
    await setOrders(pool.map((_, i) => ({ status: 'in-progress' as const, due: i })));
    const first = await raw('pl-zhou', '&limit=50');
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toContain('application/json');
    expect(first.headers.get('cache-control')).toBe('private, no-cache');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const body = await first.text();

    for (const ifNoneMatch of [etag, `W/${etag}`, `"nope", ${etag}`]) {
      const again = await raw('pl-zhou', '&limit=50', { 'If-None-Match': ifNoneMatch });
      expect(again.status).toBe(304);
      expect(again.headers.get('etag')).toBe(etag);
      expect(await again.text()).toBe('');
    }
    // Once expired the answer is read again: the same data, the same ETag, still 304.
    server.clock.advance(BOARD_ANSWER_TTL_MS);
    expect((await raw('pl-zhou', '&limit=50', { 'If-None-Match': etag })).status).toBe(304);

    // An operator of one workshop sees fewer orders: his answer, not the planner's 304.
    const operator = await raw('op-wang', '&limit=50', { 'If-None-Match': etag });
    expect(operator.status).toBe(200);
    expect(operator.headers.get('etag')).not.toBe(etag);
    const mine = JSON.parse(await operator.text()) as WorkOrderPage;
    expect(mine.items.every((o) => o.operations.some((op) => op.workshop === 'WS-MCH'))).toBe(true);

    await server.database.db
      .updateTable('work_orders')
      .set({ status: 'on-hold', resume_status: 'in-progress' })
      .where('no', '=', pool[1]!.no)
      .execute();
    server.clock.advance(BOARD_ANSWER_TTL_MS);
    const changed = await raw('pl-zhou', '&limit=50', { 'If-None-Match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(await changed.text()).not.toBe(body);
  });
});

/** Statements the server sends to the database while `run` runs (through the Kysely instance's executor). */
async function countStatements(server: TestServer, run: () => Promise<unknown>): Promise<number> {
  const db = server.database.db as unknown as {
    getExecutor(): { executeQuery: (...a: unknown[]) => unknown };
  };
  const executor = db.getExecutor();
  const original = executor.executeQuery;
  let n = 0;
  executor.executeQuery = function (this: unknown, ...args: unknown[]) {
    n += 1;
    return original.apply(this, args);
  };
  try {
    await run();
  } finally {
    executor.executeQuery = original;
  }
  return n;
}

describe.each(backends())('SHOPFLOOR_BOARD_SHARE_SECONDS=0 on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      backend,
      seed: seedProduction,
      env: { SHOPFLOOR_BOARD_SHARE_SECONDS: '0' },
    });
  });
  afterAll(() => server?.close());

  it('reads the board afresh for every caller: a change shows at once', async () => {
    const planner = await server.as('pl-zhou');
    const wo = await planner.workOrders.create({ no: freshNo('Z'), item: 'CHAIR', qty: 1, due: TODAY });
    await planner.workOrders.release(wo.no);
    const before = await planner.workOrders.board({ limit: 200 });
    expect(before.items.map((o) => o.no)).toContain(wo.no);
    await server.database.db
      .updateTable('work_orders')
      .set({ status: 'cancelled' })
      .where('no', '=', wo.no)
      .execute();
    const after = await planner.workOrders.board({ limit: 200 });
    expect(after.items.map((o) => o.no)).not.toContain(wo.no);
  });

  it('refuses a share longer than the board refresh allows', () => {
    expect(() => loadConfig({ SHOPFLOOR_BOARD_SHARE_SECONDS: '26' })).toThrow(
      /SHOPFLOOR_BOARD_SHARE_SECONDS/,
    );
  });
});
