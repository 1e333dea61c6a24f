import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerConfig } from '../src/config.js';
import type { Database } from '../src/db/schema.js';
import { ledgerDiscrepancies } from '../src/modules/stock/ledger.js';
import { freshNo, report, seedProduction } from './fixtures-production.js';
import { ORG, receive } from './fixtures-stock.js';
import { backends, startTestServer, type TestServer } from './harness.js';

/**
 * The production plant plus: RM-02, RM-09 and a quarantine location QC-01 in 原材料仓 (WH-RM), and a
 * line-side warehouse WH-LINE with its raw-material location LINE-01.
 */
async function seed(db: Kysely<Database>, config: ServerConfig) {
  await seedProduction(db, config);
  await db.insertInto('warehouses').values({ org_id: ORG, code: 'WH-LINE', name: '线边仓' }).execute();
  await db
    .insertInto('locations')
    .values([
      { org_id: ORG, code: 'RM-02', warehouse: 'WH-RM', name: '原材料仓二区', kind: 'raw-material' },
      { org_id: ORG, code: 'QC-01', warehouse: 'WH-RM', name: '待检区', kind: 'quarantine' },
      { org_id: ORG, code: 'RM-09', warehouse: 'WH-RM', name: '原材料仓九区（停用）', kind: 'raw-material' },
      { org_id: ORG, code: 'LINE-01', warehouse: 'WH-LINE', name: '线边一区', kind: 'raw-material' },
    ])
    .execute();
}

describe.each(backends())('backflush from the locations that hold the components on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed });
  });
  afterAll(() => server?.close());

  /** A chair of its own (4 arms each, one 总装 operation in WS-ASM), so tests never share balances. */
  async function chair(code: string) {
    const db = server.database.db;
    await sql`insert into items (org_id, code, name, uom, type, precision) values
      (${ORG}, ${code}, '扶手椅', 'pcs', 'make', 0), (${ORG}, ${`${code}-ARM`}, '扶手', 'pcs', 'buy', 0)`.execute(
      db,
    );
    await sql`insert into bom_lines (org_id, parent, child, seq, qty) values (${ORG}, ${code}, ${`${code}-ARM`}, 10, 4)`.execute(
      db,
    );
    await sql`insert into routings (org_id, item, seq, name, workshop, standard_minutes)
      values (${ORG}, ${code}, 10, '总装', 'WS-ASM', 5)`.execute(db);
    await sql`update bom_revisions set revision = revision + 1 where org_id = ${ORG}`.execute(db);
    const planner = await server.as('pl-zhou');
    const no = freshNo(code);
    await planner.workOrders.create({
      no,
      item: code,
      qty: 10,
      due: '2026-12-31',
      backflush: true,
      issueLocation: 'RM-01',
    });
    await planner.workOrders.release(no);
    return { no, arm: `${code}-ARM` };
  }

  const post = async (no: string, good: number) =>
    fetch(`${server.url}/api/v1/work-orders/${no}/operations/10/reports`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${await server.token('op-li')}`,
        'Content-Type': 'application/json',
        'Idempotency-Key': randomUUID(),
      },
      body: JSON.stringify(report(good)),
    });

  const issues = async (no: string, item: string) => {
    const rows = await sql<{ location: string; lot: string; qty: string }>`
      select m.location, m.lot, m.qty from stock_movements m
      join operation_reports r on r.id::text = m.source_id
      where m.org_id = ${ORG} and m.source_type = 'operation-report' and r.work_order_no = ${no} and m.item = ${item}
      order by m.location, m.lot`.execute(server.database.db);
    return rows.rows.map((r) => [r.location, r.lot, Number(r.qty)]);
  };

  it('takes the parts from another location of the warehouse when the issue location has none', async () => {
    const { no, arm } = await chair('BF-A');
    await receive(server, [{ item: arm, qty: 8, location: 'RM-02' }], 'admin');
    const answer = await post(no, 2);
    expect(answer.status).toBe(201);
    expect(await issues(no, arm)).toEqual([['RM-02', '', -8]]);
  });

  it('takes the issue location first, then the warehouse’s other locations by code, lots after the unlotted stock', async () => {
    const { no, arm } = await chair('BF-B');
    await receive(
      server,
      [
        { item: arm, qty: 3, location: 'RM-01' },
        { item: arm, qty: 2, location: 'RM-02', lot: 'L-BF-B-2' },
        { item: arm, qty: 2, location: 'RM-02', lot: 'L-BF-B-1' },
        { item: arm, qty: 1, location: 'RM-02' },
      ],
      'admin',
    );
    await receive(server, [{ item: arm, qty: 50, location: 'LINE-01' }], 'admin');
    expect((await post(no, 2)).status).toBe(201);
    expect(await issues(no, arm)).toEqual([
      ['RM-01', '', -3],
      ['RM-02', '', -1],
      ['RM-02', 'L-BF-B-1', -2],
      ['RM-02', 'L-BF-B-2', -2],
    ]);
    // The warehouse is empty now: the next report takes from the line-side raw-material location.
    expect((await post(no, 1)).status).toBe(201);
    expect(await issues(no, arm)).toContainEqual(['LINE-01', '', -4]);
    expect(await ledgerDiscrepancies(server.database.db, ORG)).toEqual([]);
  });

  it('never takes from quarantine or an inactive location, and refuses with insufficient-stock only when the whole is short, writing nothing', async () => {
    const { no, arm } = await chair('BF-C');
    await receive(
      server,
      [
        { item: arm, qty: 5, location: 'RM-02' },
        { item: arm, qty: 100, location: 'QC-01' },
        { item: arm, qty: 100, location: 'RM-09' },
      ],
      'admin',
    );
    await server.database.db
      .updateTable('locations')
      .set({ active: false })
      .where('code', '=', 'RM-09')
      .execute();
    await receive(server, [{ item: arm, qty: 2, location: 'LINE-01' }], 'admin');
    const short = await post(no, 2);
    expect(short.status).toBe(409);
    const problem = await short.json();
    expect(problem.type).toBe('/problems/insufficient-stock');
    expect(problem.detail).toBe(`not enough ${arm} at RM-01: 7 on hand, 8 needed; nothing was posted`);
    expect(problem.params).toEqual({ item: arm, location: 'RM-01', lot: null, available: 7, needed: 8 });
    expect(await issues(no, arm)).toEqual([]);

    expect((await post(no, 1)).status).toBe(201);
    expect(await issues(no, arm)).toEqual([['RM-02', '', -4]]);
    const quarantine = await server.database.db
      .selectFrom('stock_balances')
      .select('qty')
      .where('item', '=', arm)
      .where('location', '=', 'QC-01')
      .executeTakeFirstOrThrow();
    expect(Number(quarantine.qty)).toBe(100);
  });
});
