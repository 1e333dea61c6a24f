import { randomUUID } from 'node:crypto';
import { compileBom, validateBom } from '@shopfloor/bom-engine';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  COUNT_UNITS,
  DEMO_LARGEST_BOM,
  DEMO_USERS,
  type DemoSeedResult,
  demoBomDocument,
  HINGE_CHANGE_DATE,
  seedDemoFactory,
} from '../src/demo/index.js';
import { nextDocumentNo } from '../src/modules/stock/document-lines.js';
import { ledgerDiscrepancies } from '../src/modules/stock/ledger.js';
import { backends, startTestServer, TestClock, type TestServer } from './harness.js';

describe('the demo BOM document', () => {
  const doc = demoBomDocument();
  const bom = compileBom(doc);
  const endItems = doc.items.filter((i) => i.code.startsWith('FG-')).map((i) => i.code);

  it('compiles without errors or warnings: no cycles, every reference known', () => {
    expect(validateBom(doc)).toEqual([]);
    expect(bom.itemCount).toBe(doc.items.length);
    expect(doc.items.length).toBeGreaterThanOrEqual(180);
  });

  it('is at least three levels deep and has phantom kits', () => {
    const deepest = Math.max(...doc.items.map((i) => bom.itemInfo(i.code).lowLevelCode));
    expect(deepest).toBeGreaterThanOrEqual(3);
    const phantoms = doc.items.filter((i) => i.type === 'phantom');
    expect(phantoms.length).toBeGreaterThanOrEqual(3);
    // Phantom kits pass through: their screws show up in a product's explosion, the kit does not.
    const table = bom.explode({ item: 'FG-DT160', qty: 1, date: '2026-11-25' }).requirements;
    expect(table.map((r) => r.item)).not.toContain('KIT-TABLE');
    expect(table.map((r) => r.item)).toContain('HW-BOLT-M8-50');
  });

  it('shares the M6 screw across levels and products', () => {
    const used = bom.whereUsed({ item: 'HW-SCREW-M6-30', date: '2026-11-25' }).usedIn;
    const products = used.filter((u) => u.endItem);
    expect(products.length).toBeGreaterThanOrEqual(10);
    expect(new Set(used.filter((u) => u.direct).map((u) => u.lowLevelCode)).size).toBeGreaterThan(1);
  });

  it('swaps the plain hinge for the soft-close one on the change date', () => {
    const hinges = (date: string) =>
      bom
        .explode({ item: 'FG-WR2', qty: 1, date })
        .requirements.filter((r) => r.item.startsWith('HW-HINGE'))
        .map((r) => r.item);
    const dayBefore = new Date(Date.parse(HINGE_CHANGE_DATE) - 86_400_000).toISOString().slice(0, 10);
    expect(hinges(dayBefore)).toEqual(['HW-HINGE-STD']);
    expect(hinges(HINGE_CHANGE_DATE)).toEqual(['HW-HINGE-SOFT']);
  });

  it('names as largest the end item whose explosion reaches the most lines', () => {
    const rows = (item: string) => [...bom.explodeTree({ item, qty: 1, date: '2026-11-25' })].length;
    const largest = Math.max(...endItems.map(rows));
    expect(rows(DEMO_LARGEST_BOM)).toBe(largest);
  });

  it('hands out a fresh copy each time', () => {
    const mine = demoBomDocument();
    mine.items.length = 0;
    expect(demoBomDocument().items.length).toBe(doc.items.length);
  });
});

describe.each(backends())('the demo factory seed on %s', (backend) => {
  let server: TestServer;
  let first: DemoSeedResult;
  const clock = new TestClock();
  beforeAll(async () => {
    server = await startTestServer({
      backend,
      seed: async (db, config) => {
        first = await seedDemoFactory(db, config, clock);
      },
    });
  });
  afterAll(() => server?.close());

  const count = async (table: string) => {
    const r = await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(
      server.database.db,
    );
    return Number(r.rows[0]!.n);
  };

  it('seeds a plant of about two hundred items, six BOM levels and a dozen work orders', () => {
    expect(first).toMatchObject({ seeded: true });
    expect(first.items).toBeGreaterThanOrEqual(180);
    expect(first.levels).toBeGreaterThanOrEqual(3);
    expect(first.workOrders).toBeGreaterThanOrEqual(10);
    expect(first.alerts).toBeGreaterThanOrEqual(4);
  });

  it('signs in every demo user through dev-login with the roles of the plant', async () => {
    for (const user of DEMO_USERS) {
      const client = await server.as(user.id);
      const me = await client.request<{ id: string; roles: string[] }>({ method: 'GET', path: '/auth/me' });
      expect(me).toMatchObject({ id: user.id, roles: user.roles });
    }
  });

  it('keeps the books equal to the ledger', async () => {
    expect(await ledgerDiscrepancies(server.database.db, server.deps.config.orgId)).toEqual([]);
  });

  it('records operation progress that matches its reports', async () => {
    const r = await sql<{ no: string; seq: number }>`
      select o.work_order_no as no, o.seq from work_order_operations o
      left join (select work_order_no, seq, sum(good_qty) as good, sum(scrap_qty) as scrap
                 from operation_reports group by work_order_no, seq) r
        on r.work_order_no = o.work_order_no and r.seq = o.seq
      where o.good_qty <> coalesce(r.good, 0) or o.scrap_qty <> coalesce(r.scrap, 0)`.execute(
      server.database.db,
    );
    expect(r.rows).toEqual([]);
    expect(await count('operation_reports')).toBeGreaterThan(0);
  });

  it('opens a safety-stock alert for each item below its safety stock, and only those', async () => {
    const r = await sql<{ subject: string; below: boolean }>`
      select a.subject, coalesce(b.qty, 0) < i.safety_stock as below
      from alerts a join items i on i.org_id = a.org_id and i.code = a.subject
      left join (select org_id, item, sum(qty) as qty from stock_balances group by org_id, item) b
        on b.org_id = a.org_id and b.item = a.subject
      where a.kind = 'safety-stock'`.execute(server.database.db);
    expect(r.rows.length).toBe(first.alerts);
    expect(r.rows.every((row) => row.below)).toBe(true);
  });

  it('leaves two requests pending, one approved with its stock issued, one rejected', async () => {
    const r = await sql<{ status: string; n: string }>`
      select status, count(*) as n from issue_requests group by status order by status`.execute(
      server.database.db,
    );
    expect(Object.fromEntries(r.rows.map((row) => [row.status, Number(row.n)]))).toEqual({
      approved: 1,
      pending: 2,
      rejected: 1,
    });
    const issued = await sql<{ n: string }>`
      select count(*) as n from stock_movements where source_type = 'issue-request'`.execute(
      server.database.db,
    );
    expect(Number(issued.rows[0]!.n)).toBeGreaterThan(0);
  });

  it('numbers its requests as the server numbers new ones, and new ones never reuse a seeded number', async () => {
    const seeded = await server.database.db.selectFrom('issue_requests').select('no').execute();
    for (const { no } of seeded) expect(no).toMatch(/^IR-\d{8}-\d{6}$/);
    const next = await nextDocumentNo(server.database.db, 'IR', clock.now());
    expect(next).toMatch(/^IR-\d{8}-\d{6}$/);
    expect(Number(next.slice(-6))).toBeGreaterThan(Math.max(...seeded.map(({ no }) => Number(no.slice(-6)))));
  });

  it('traces a finished lot back to board, lacquer and screw lots', async () => {
    const r = await sql<{ item: string }>`
      with recursive back(lot) as (
        select code from lots where kind = 'finished' and item = 'FG-DT160'
        union select e.from_lot from genealogy_edges e join back on e.to_lot = back.lot where e.kind = 'consume'
      ) select l.item from back join lots l on l.code = back.lot`.execute(server.database.db);
    const items = r.rows.map((row) => row.item);
    expect(items).toEqual(expect.arrayContaining(['RM-OAK-FJ25', 'CM-PU-TOP', 'HW-SCREW-M6-30']));
  });

  it('gives every item counted in pieces or sets 0 decimals, and seeds them in whole numbers', async () => {
    const items = await server.database.db.selectFrom('items').select(['code', 'uom', 'precision']).execute();
    const counted = items.filter((i) => COUNT_UNITS.has(i.uom));
    expect(new Set(counted.map((i) => i.uom))).toEqual(new Set(['pcs', 'set']));
    expect(counted.filter((i) => i.precision !== 0)).toEqual([]);
    // Stock, work orders, reports, requests and lots of counted items hold no fractions.
    const fractions = await sql<{ what: string; n: string }>`
      with whole as (select code from items where precision = 0)
      select 'balance' as what, count(*) as n from stock_balances where item in (select code from whole) and qty <> trunc(qty)
      union all select 'movement', count(*) from stock_movements where item in (select code from whole) and qty <> trunc(qty)
      union all select 'work order', count(*) from work_orders where item in (select code from whole) and qty <> trunc(qty)
      union all select 'report', count(*) from operation_reports r join work_orders w on w.org_id = r.org_id and w.no = r.work_order_no
        where w.item in (select code from whole) and (r.good_qty <> trunc(r.good_qty) or r.scrap_qty <> trunc(r.scrap_qty))
      union all select 'request line', count(*) from issue_request_lines where item in (select code from whole)
        and (qty <> trunc(qty) or approved_qty <> trunc(approved_qty))`.execute(server.database.db);
    expect(fractions.rows.filter((r) => Number(r.n) > 0)).toEqual([]);
  });

  it('refuses a report of 1.5 wardrobes with 400, naming the field', async () => {
    const op = await server.database.db
      .selectFrom('work_order_operations as o')
      .innerJoin('work_orders as w', (j) =>
        j.onRef('w.org_id', '=', 'o.org_id').onRef('w.no', '=', 'o.work_order_no'),
      )
      .select(['o.work_order_no as no', 'o.seq', 'o.workshop'])
      .where('w.item', '=', 'FG-WR2')
      .where('o.status', '=', 'in-progress')
      .executeTakeFirstOrThrow();
    const operator = DEMO_USERS.find(
      (u) => u.roles.includes('operator') && u.workshops.includes(op.workshop),
    )!;
    const post = async (goodQty: number) =>
      fetch(`${server.url}/api/v1/work-orders/${op.no}/operations/${op.seq}/reports`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${await server.token(operator.id)}`,
          'Content-Type': 'application/json',
          'Idempotency-Key': randomUUID(),
        },
        body: JSON.stringify({ goodQty, scrapQty: 0, deviceTime: server.clock.now().toISOString() }),
      });
    const half = await post(1.5);
    expect(half.status).toBe(400);
    expect((await half.json()).errors).toEqual([
      { path: 'goodQty', message: expect.stringContaining('0 decimal places') },
    ]);
    expect((await post(1)).status).toBe(201);
  });

  it('changes nothing when seeded a second time', async () => {
    const tables = ['items', 'bom_lines', 'work_orders', 'stock_movements', 'alerts', 'outbox_events'];
    const before = await Promise.all(tables.map(count));
    const again = await seedDemoFactory(server.database.db, server.deps.config, server.clock);
    expect(again.seeded).toBe(false);
    expect(await Promise.all(tables.map(count))).toEqual(before);
  });
});
