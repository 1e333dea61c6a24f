import { randomUUID } from 'node:crypto';
import type { WorkOrder } from '@shopfloor/sdk';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ComponentNeed, judge } from '../src/modules/production/readiness.js';
import { freshNo, report, seedProduction } from './fixtures-production.js';
import { ORG, receive } from './fixtures-stock.js';
import { backends, startTestServer, type TestServer } from './harness.js';

describe('齐套 verdict (pure)', () => {
  const places = () => 6;
  it('is ready exactly when every component is covered by its issue or, with backflush, by the line side', () => {
    const need = fc.record({
      item: fc.constantFrom('A', 'B', 'C', 'D'),
      full: fc.integer({ min: 1, max: 100 }),
      remaining: fc.integer({ min: 0, max: 100 }),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(need, { selector: (n) => n.item, maxLength: 4 }),
        fc.dictionary(fc.constantFrom('A', 'B', 'C', 'D', 'X'), fc.integer({ min: -10, max: 150 })),
        fc.option(fc.dictionary(fc.constantFrom('A', 'B', 'C', 'D'), fc.integer({ min: 0, max: 150 }))),
        (needs: ComponentNeed[], issued, line) => {
          const lineSide = line ? new Map(Object.entries(line)) : null;
          const verdict = judge(needs, new Map(Object.entries(issued)), lineSide, places);
          // Oracle: a component is short by the smaller of what the issue and the line side lack.
          const expected = needs
            .map((n) => {
              const byIssue = n.full - (issued[n.item] ?? 0);
              const byLine = line ? n.remaining - (line[n.item] ?? 0) : Number.POSITIVE_INFINITY;
              return { item: n.item, short: Math.min(byIssue, byLine) };
            })
            .filter((m) => m.short > 0);
          expect(verdict.missing).toEqual(expected);
          expect(verdict.material).toBe(expected.length === 0 ? 'ready' : 'waiting');
        },
      ),
    );
  });
});

describe.each(backends())('齐套: the material state of a work order’s first operation on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      backend,
      seed: async (db, config) => {
        await seedProduction(db, config);
        await db.insertInto('warehouses').values({ org_id: ORG, code: 'WH-LINE', name: '线边仓' }).execute();
        await db
          .insertInto('locations')
          .values({
            org_id: ORG,
            code: 'LINE-01',
            warehouse: 'WH-LINE',
            name: '线边一区',
            kind: 'raw-material',
          })
          .execute();
      },
    });
  });
  afterAll(() => server?.close());

  /** A cabinet of its own (2 doors + 6 hinges each; 10 组装 then 20 包装 in WS-ASM), so tests never share stock. */
  async function cabinet(code: string, options: { qty?: number; backflush?: boolean } = {}) {
    const db = server.database.db;
    const door = `${code}-DOOR`;
    const hinge = `${code}-HINGE`;
    await sql`insert into items (org_id, code, name, uom, type, precision) values
      (${ORG}, ${code}, '文件柜', 'pcs', 'make', 0), (${ORG}, ${door}, '柜门', 'pcs', 'buy', 0),
      (${ORG}, ${hinge}, '铰链', 'pcs', 'buy', 0)`.execute(db);
    await sql`insert into bom_lines (org_id, parent, child, seq, qty) values
      (${ORG}, ${code}, ${door}, 10, 2), (${ORG}, ${code}, ${hinge}, 20, 6)`.execute(db);
    await sql`insert into routings (org_id, item, seq, name, workshop, standard_minutes) values
      (${ORG}, ${code}, 10, '组装', 'WS-ASM', 5), (${ORG}, ${code}, 20, '包装', 'WS-ASM', 2)`.execute(db);
    await sql`update bom_revisions set revision = revision + 1 where org_id = ${ORG}`.execute(db);
    const planner = await server.as('pl-zhou');
    const no = freshNo(code);
    await planner.workOrders.create({
      no,
      item: code,
      qty: options.qty ?? 5,
      due: '2026-12-31',
      ...(options.backflush ? { backflush: true, issueLocation: 'LINE-01' } : {}),
    });
    await planner.workOrders.release(no);
    return { no, door, hinge };
  }

  /** An issue request for the work order by 李师傅, approved by 赵主管 (in full, or the given quantities). */
  async function issue(no: string, lines: { item: string; qty: number }[], approved?: number[]) {
    await receive(
      server,
      lines.map((l) => ({ item: l.item, qty: l.qty, location: 'RM-01' })),
    );
    const request = await (await server.as('op-li')).issueRequests.create({
      kind: 'issue',
      warehouse: 'WH-RM',
      workOrderNo: no,
      lines: lines.map((l) => ({ ...l, location: 'RM-01' })),
    });
    await (await server.as('ap-zhao')).issueRequests.approve(request.id, {
      ...(approved ? { lines: approved.map((qty, line) => ({ line, qty })) } : {}),
    });
  }

  /** The work order as 李师傅's home page gets it: from the list of released and in-progress orders. */
  async function listed(no: string): Promise<WorkOrder> {
    const client = await server.as('op-li');
    for (const status of ['released', 'in-progress'] as const) {
      const page = await client.workOrders.listPage({ status, workshop: 'WS-ASM', limit: 200 });
      const found = page.items.find((wo) => wo.no === no);
      if (found) return found;
    }
    throw new Error(`${no} is not listed`);
  }

  it('names what is missing before anything is issued, and only on the first operation', async () => {
    const { no, door, hinge } = await cabinet('RD-NONE');
    const wo = await listed(no);
    expect(wo.operations[0]).toMatchObject({
      material: 'waiting',
      missing: [
        { item: door, name: '柜门', short: 10, uom: 'pcs' },
        { item: hinge, name: '铰链', short: 30, uom: 'pcs' },
      ],
    });
    expect(wo.operations[1]).not.toHaveProperty('material');
  });

  it('is ready once every component is issued to the work order, in the list and the single work order alike', async () => {
    const { no, door, hinge } = await cabinet('RD-FULL');
    await issue(no, [
      { item: door, qty: 10 },
      { item: hinge, qty: 30 },
    ]);
    const wo = await listed(no);
    expect(wo.operations[0]).toMatchObject({ material: 'ready' });
    expect(wo.operations[0]).not.toHaveProperty('missing');
    const single = await (await server.as('op-li')).workOrders.get(no);
    expect(single.operations[0]).toMatchObject({ material: 'ready' });
  });

  it('stays waiting after a partial approval, with the short quantity of the component left short', async () => {
    const { no, door, hinge } = await cabinet('RD-PART');
    await issue(
      no,
      [
        { item: door, qty: 10 },
        { item: hinge, qty: 30 },
      ],
      [10, 18],
    );
    expect((await listed(no)).operations[0]).toMatchObject({
      material: 'waiting',
      missing: [{ item: hinge, short: 12 }],
    });
    // A return takes the work order short again.
    const back = await (await server.as('op-li')).issueRequests.create({
      kind: 'return',
      warehouse: 'WH-RM',
      workOrderNo: no,
      lines: [{ item: door, qty: 3, location: 'RM-01' }],
    });
    await (await server.as('ap-zhao')).issueRequests.approve(back.id);
    expect((await listed(no)).operations[0]?.missing).toEqual([
      { item: door, name: '柜门', short: 3, uom: 'pcs' },
      { item: hinge, name: '铰链', short: 12, uom: 'pcs' },
    ]);
  });

  it('with backflush, is ready when the line-side location holds what the rest of the order will take', async () => {
    const { no, door, hinge } = await cabinet('RD-BF', { qty: 4, backflush: true });
    await receive(
      server,
      [
        { item: door, qty: 8, location: 'LINE-01' },
        { item: hinge, qty: 20, location: 'LINE-01' },
      ],
      'admin',
    );
    // 4 cabinets need 24 hinges; the line side holds 20.
    expect((await listed(no)).operations[0]).toMatchObject({
      material: 'waiting',
      missing: [{ item: hinge, short: 4 }],
    });
    await receive(server, [{ item: hinge, qty: 4, location: 'LINE-01' }], 'admin');
    expect((await listed(no)).operations[0]).toMatchObject({ material: 'ready' });
    // One cabinet through both operations takes 2 doors and 6 hinges from the line side (6 and 18
    // left): exactly what the 3 still to report need, so the order stays ready.
    const token = await server.token('op-li');
    for (const seq of [10, 20]) {
      const answer = await fetch(`${server.url}/api/v1/work-orders/${no}/operations/${seq}/reports`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
          'Idempotency-Key': randomUUID(),
        },
        body: JSON.stringify(report(1)),
      });
      expect(answer.status).toBe(201);
    }
    const after = await listed(no);
    expect(after.status).toBe('in-progress');
    expect(after.operations[0]).toMatchObject({ material: 'ready' });
    const left = await sql<{ item: string; qty: string }>`
      select item, qty from stock_balances where org_id = ${ORG} and location = 'LINE-01' and item in (${door}, ${hinge})
      order by item`.execute(server.database.db);
    expect(left.rows.map((r) => Number(r.qty))).toEqual([6, 18]);
  });

  it('carries no material state on drafts, on a finished first operation, or for an item without a BOM', async () => {
    const planner = await server.as('pl-zhou');
    const draft = freshNo('CHAIR');
    const created = await planner.workOrders.create({ no: draft, item: 'CHAIR', qty: 2, due: '2026-12-31' });
    expect(created.operations[0]).not.toHaveProperty('material');
    await planner.workOrders.release(draft);
    // CHAIR has a routing and no BOM lines: nothing to wait for.
    expect((await planner.workOrders.get(draft)).operations[0]).toMatchObject({ material: 'ready' });
  });

  it('answers a full page of work orders with one material query, not one per order', async () => {
    const planner = await server.as('pl-zhou');
    const started = performance.now();
    const page = await planner.workOrders.listPage({ status: 'released', limit: 100 });
    const elapsed = performance.now() - started;
    expect(page.items.length).toBeGreaterThan(3);
    const flagged = page.items.filter((wo) => wo.operations[0]?.material !== undefined);
    expect(flagged.length).toBe(page.items.length);
    // Generous: a per-order query would still pass here, so the statements are counted below.
    expect(elapsed).toBeLessThan(5_000);
    const statements = await countStatements(server, () =>
      planner.workOrders.listPage({ status: 'released', limit: 100 }),
    );
    const again = await countStatements(server, () =>
      // One work order with components: the same statements as the hundred.
      planner.workOrders.listPage({ status: 'released', item: 'RD-NONE' }),
    );
    expect(statements).toBe(again);
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
