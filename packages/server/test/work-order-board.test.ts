import type { ShopfloorClient, WorkOrder } from '@shopfloor/sdk';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boardHorizon } from '../src/modules/production/work-order-board.js';
import { BOARD_ANSWER_TTL_MS } from '../src/modules/production/work-order-board-cache.js';
import { freshNo, seedProduction } from './fixtures-production.js';
import { backends, startTestServer, type TestServer } from './harness.js';

const TODAY = '2026-11-25'; // the test clock's Shanghai day
const STATUSES = ['draft', 'released', 'in-progress', 'on-hold', 'done', 'closed', 'cancelled'] as const;
type Status = (typeof STATUSES)[number];

const shiftDay = (days: number) => {
  const d = new Date(`${TODAY}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/** The board selection as the docs state it, in JS: the model the route is held to. */
function onBoard(o: { status: Status; due: string }): boolean {
  if (o.status === 'in-progress' || o.status === 'on-hold') return true;
  return o.status === 'released' && o.due <= boardHorizon(TODAY);
}

describe.each(backends())('the board selection (GET /work-orders?view=board) on %s', (backend) => {
  let server: TestServer;
  let planner: ShopfloorClient;
  /** A fixed pool of orders; each run gives them statuses and due dates straight in the database. */
  const pool: { no: string; workshops: string[] }[] = [];
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedProduction });
    planner = await server.as('pl-zhou');
    for (const item of ['CHAIR', 'TABLE', 'FRAME', 'CHAIR', 'TABLE', 'FRAME', 'CHAIR', 'TABLE', 'FRAME']) {
      const wo = await planner.workOrders.create({ no: freshNo('B'), item, qty: 1, due: TODAY });
      pool.push({ no: wo.no, workshops: wo.operations.map((op) => op.workshop) });
    }
  });
  afterAll(() => server?.close());

  async function setOrders(states: { status: Status; due: number }[]) {
    const db = server.database.db;
    // Orders of other tests of this server would be on the board too: none here but the pool.
    await db.updateTable('work_orders').set({ status: 'cancelled' }).execute();
    for (const [i, { status, due }] of states.entries())
      await db
        .updateTable('work_orders')
        .set({ status, due: shiftDay(due), resume_status: status === 'on-hold' ? 'released' : null })
        .where('no', '=', pool[i]!.no)
        .execute();
    // Board answers are shared for a few seconds (work-order-board-cache.ts): let them expire.
    server.clock.advance(BOARD_ANSWER_TTL_MS);
  }

  it('holds in-progress and held orders and released ones due within 7 days or late, by due, counted', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({ status: fc.constantFrom(...STATUSES), due: fc.integer({ min: -20, max: 20 }) }),
          {
            minLength: 9,
            maxLength: 9,
          },
        ),
        fc.constantFrom(undefined, 'WS-ASM', 'WS-MCH'),
        fc.integer({ min: 1, max: 10 }),
        async (states, workshop, limit) => {
          await setOrders(states);
          const expected = states
            .map((s, i) => ({ ...s, no: pool[i]!.no, due: shiftDay(s.due), workshops: pool[i]!.workshops }))
            .filter((o) => onBoard(o) && (!workshop || o.workshops.includes(workshop)))
            .sort((a, b) => a.due.localeCompare(b.due) || a.no.localeCompare(b.no));
          const seen: WorkOrder[] = [];
          let cursor: string | undefined;
          do {
            const page = await planner.workOrders.board({ workshop, limit, cursor });
            expect(page.total).toBe(expected.length);
            expect(page.counts).toEqual({
              'in-progress': expected.filter((o) => o.status === 'in-progress').length,
              released: expected.filter((o) => o.status === 'released').length,
              'on-hold': expected.filter((o) => o.status === 'on-hold').length,
              overdue: expected.filter((o) => o.due < TODAY).length,
            });
            expect(page.items.length).toBeLessThanOrEqual(limit);
            seen.push(...page.items);
            cursor = page.nextCursor ?? undefined;
          } while (cursor);
          expect(seen.map((o) => [o.no, o.status, o.due])).toEqual(
            expected.map((o) => [o.no, o.status, o.due]),
          );
        },
      ),
      { numRuns: 15 },
    );
  });

  it('keeps an operator to the orders of his workshops, and leaves the plain list as it was', async () => {
    await setOrders(pool.map((_, i) => ({ status: 'in-progress' as const, due: i })));
    const operator = await server.as('op-li'); // WS-ASM
    const page = await operator.workOrders.board();
    const inAsm = pool.filter((o) => o.workshops.includes('WS-ASM')).map((o) => o.no);
    expect(page.items.map((o) => o.no)).toEqual(inAsm);
    expect(page.total).toBe(inAsm.length);
    const plain = await planner.workOrders.listPage({ status: 'in-progress', limit: 500 });
    expect(plain.items).toHaveLength(pool.length);
    expect(plain).not.toHaveProperty('total');
    expect(plain).not.toHaveProperty('counts');
  });
});
