import type { ShopfloorClient, WorkOrder, WorkOrderOperation } from '@shopfloor/sdk';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOME_OPERATIONS } from '../src/modules/production/work-order-home.js';
import { freshNo, seedProduction } from './fixtures-production.js';
import { receive } from './fixtures-stock.js';
import { backends, startTestServer, type TestServer } from './harness.js';

// In the order the app asks them: ties (same due, unplanned) keep it.
const ORDER_STATUSES = ['in-progress', 'released', 'on-hold'] as const;
const DAY = 86_400_000;

type Listed = { order: WorkOrder; op: WorkOrderOperation };

/** The home page's list as the app builds it (packages/miniapp/src/pages/index/operations.ts), in JS. */
function homeModel(orders: WorkOrder[], scope: string[] | null, now: number): Listed[] {
  const listed: Listed[] = [];
  for (const order of orders)
    for (const op of order.operations)
      if (
        op.status !== 'done' &&
        (!scope || scope.includes(op.workshop)) &&
        (!op.plannedStart || Date.parse(op.plannedStart) <= now + 7 * DAY)
      )
        listed.push({ order, op });
  const startable = ({ order, op }: Listed) =>
    order.status !== 'on-hold' && (op.status === 'ready' || op.status === 'in-progress');
  const rank = (l: Listed) => (!startable(l) ? 2 : l.op.material === 'waiting' ? 1 : 0);
  const key = ({ order, op }: Listed) => op.plannedStart ?? `${order.due}T99`;
  return listed.sort((a, b) => rank(a) - rank(b) || key(a).localeCompare(key(b)) || a.op.seq - b.op.seq);
}

const ids = (list: Listed[]) => list.map(({ order, op }) => `${order.no}:${op.seq}`);

describe.each(backends())('the home view (GET /work-orders?view=home) on %s', (backend) => {
  let server: TestServer;
  let planner: ShopfloorClient;
  let wang: ShopfloorClient;
  /** 24 chairs (3 operations each: two in WS-MCH, one in WS-ASM): mostly released, about 40 listed: over HOME_OPERATIONS. */
  const pool: string[] = [];
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedProduction });
    planner = await server.as('pl-zhou');
    wang = await server.as('op-wang');
    for (let i = 0; i < 24; i++)
      pool.push(
        (await planner.workOrders.create({ no: freshNo('H'), item: 'CHAIR', qty: 2, due: '2026-11-30' })).no,
      );
  });
  afterAll(() => server?.close());

  it('answers, of the pages the app asked, the first operations the home lists, in its order, each as the full list shows it', async () => {
    const db = server.database.db;
    const op = fc.record({
      status: fc.constantFrom('pending', 'ready', 'in-progress', 'pending', 'ready', 'in-progress', 'done'),
      good: fc.constantFrom(0, 1),
      start: fc.option(fc.integer({ min: -3, max: 9 }), { nil: null }),
    });
    // Mostly released: one status's page then holds more listed operations than a home answer keeps.
    const orderStatus = fc.constantFrom(
      'released',
      'released',
      'released',
      'released',
      'in-progress',
      'on-hold',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            status: orderStatus,
            ops: fc.array(op, { minLength: 3, maxLength: 3 }),
          }),
          {
            minLength: 24,
            maxLength: 24,
          },
        ),
        fc.option(fc.constantFrom(...ORDER_STATUSES), { nil: undefined }),
        fc.constantFrom(undefined, 'WS-ASM', 'WS-MCH'),
        fc.constantFrom(3, 8, 50),
        async (states, status, workshop, limit) => {
          const now = server.clock.now().getTime();
          await db
            .updateTable('work_orders')
            .set({ status: 'cancelled' })
            .where('no', 'not in', pool)
            .execute();
          for (const [i, state] of states.entries()) {
            await db
              .updateTable('work_orders')
              .set({ status: state.status, resume_status: state.status === 'on-hold' ? 'released' : null })
              .where('no', '=', pool[i]!)
              .execute();
            for (const [j, o] of state.ops.entries())
              await db
                .updateTable('work_order_operations')
                .set({
                  status: o.status,
                  good_qty: String(o.good),
                  planned_start: o.start === null ? null : new Date(now + o.start * DAY),
                })
                .where('work_order_no', '=', pool[i]!)
                .where('seq', '=', (j + 1) * 10)
                .execute();
          }
          for (const [client, scope] of [
            [planner, null],
            [wang, ['WS-MCH']],
          ] as const) {
            // The pages the app asked before: one a status, the first `limit` by due.
            const statuses = status ? [status] : ORDER_STATUSES;
            const full = (
              await Promise.all(
                statuses.map((s) => client.workOrders.listPage({ status: s, workshop, limit })),
              )
            ).flatMap((page) => page.items);
            const home = await client.workOrders.listPage({ status, workshop, limit, view: 'home' });
            const expected = homeModel(full, scope ? [...scope] : null, now).slice(0, HOME_OPERATIONS);
            const got = homeModel(home.items, null, now);
            expect(ids(got)).toEqual(ids(expected));
            // Each order and operation exactly as the full list has it, 齐套 and progress included.
            for (const { order, op } of got) {
              const whole = full.find((o) => o.no === order.no)!;
              expect({ ...order, operations: [] }).toEqual({ ...whole, operations: [] });
              expect(op).toEqual(whole.operations.find((o) => o.seq === op.seq));
            }
            expect(home.items.every((o) => o.operations.length > 0)).toBe(true);
            expect(home.nextCursor).toBeNull();
          }
        },
      ),
      { numRuns: 15 },
    );
  });

  it('judges 齐套 with what was issued (in full, in part, returned; backflush; held) as the full list does', async () => {
    const db = server.database.db;
    // Tables (1 TOP and 8 SCREW each; one operation in WS-ASM): the chairs have no BOM to judge.
    const tables: string[] = [];
    for (let i = 0; i < 5; i++)
      tables.push(
        (
          await planner.workOrders.create({
            no: freshNo('HT'),
            item: 'TABLE',
            qty: 2,
            due: '2026-11-30',
            ...(i === 3 ? { backflush: true, issueLocation: 'RM-01' } : {}),
          })
        ).no,
      );
    await db.updateTable('work_orders').set({ status: 'cancelled' }).where('no', 'not in', tables).execute();
    for (const no of tables) await planner.workOrders.release(no);
    await db
      .updateTable('work_order_operations')
      .set({ status: 'pending', good_qty: '0', planned_start: null })
      .where('work_order_no', 'in', tables)
      .execute();
    await receive(server, [
      { item: 'TOP', qty: 20, location: 'RM-01' },
      { item: 'SCREW', qty: 200, location: 'RM-01' },
    ]);
    const li = await server.as('op-li');
    const zhao = await server.as('ap-zhao');
    const issue = async (
      no: string,
      kind: 'issue' | 'return',
      lines: [string, number][],
      approved?: number[],
    ) => {
      const request = await li.issueRequests.create({
        kind,
        warehouse: 'WH-RM',
        workOrderNo: no,
        lines: lines.map(([item, qty]) => ({ item, qty, location: 'RM-01' })),
      });
      await zhao.issueRequests.approve(request.id, {
        ...(approved ? { lines: approved.map((qty, line) => ({ line, qty })) } : {}),
      });
    };
    const [full, part, returned, , held] = tables as [string, string, string, string, string];
    await issue(full, 'issue', [
      ['TOP', 2],
      ['SCREW', 16],
    ]);
    await issue(
      part,
      'issue',
      [
        ['TOP', 2],
        ['SCREW', 16],
      ],
      [2, 10],
    );
    await issue(returned, 'issue', [
      ['TOP', 2],
      ['SCREW', 16],
    ]);
    await issue(returned, 'return', [['TOP', 1]]);
    await issue(held, 'issue', [['TOP', 2]]);
    await db
      .updateTable('work_orders')
      .set({ status: 'on-hold', resume_status: 'released' })
      .where('no', '=', held)
      .execute();
    for (const client of [planner, li]) {
      const home = await client.workOrders.listPage({ workshop: 'WS-ASM', limit: 50, view: 'home' });
      const whole = (
        await Promise.all(
          ORDER_STATUSES.map((s) => client.workOrders.listPage({ status: s, workshop: 'WS-ASM', limit: 50 })),
        )
      ).flatMap((page) => page.items);
      const first = (orders: WorkOrder[], no: string) => orders.find((o) => o.no === no)?.operations[0];
      for (const no of tables) {
        expect(first(home.items, no)).toBeDefined();
        expect(first(home.items, no)).toEqual(first(whole, no));
      }
      expect(tables.map((no) => first(home.items, no)?.material)).toEqual([
        'ready',
        'waiting',
        'waiting',
        'ready',
        'waiting',
      ]);
    }
  });

  it('pages no further: a cursor, item or due filter with view=home is a 400', async () => {
    const page = await planner.workOrders.listPage({ status: 'released', limit: 1 });
    for (const query of [{ cursor: page.nextCursor ?? 'x' }, { item: 'CHAIR' }, { dueBefore: '2026-12-31' }])
      await expect(planner.workOrders.listPage({ ...query, view: 'home' })).rejects.toMatchObject({
        status: 400,
      });
  });
});
