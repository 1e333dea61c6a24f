import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../src/modules/sync/connectors/types.js';
import { applyInboundBatch, type InboundEnvelope } from '../src/modules/sync/inbound/apply.js';
import { compareVersions } from '../src/modules/sync/inbound/versions.js';
import { backends, startTestServer, type TestServer } from './harness.js';
import { addConnector, ORG, seedInbound } from './sync-inbound-fixtures.js';

describe('source versions', () => {
  it('orders whole numbers by value, instants by time, anything else as text', () => {
    expect(compareVersions('9', '10')).toBeLessThan(0);
    expect(compareVersions('2026-12-01T10:00:00+08:00', '2026-12-01T03:00:00Z')).toBeLessThan(0);
    expect(compareVersions('b', 'a')).toBeGreaterThan(0);
    expect(compareVersions('7', '7')).toBe(0);
  });
});

describe.each(backends())('inbound rules on %s', (backend) => {
  let server: TestServer;
  let n = 0;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedInbound });
  });
  afterAll(() => server?.close());

  const db = () => server.database.db;
  const connector = () => addConnector(db(), `erp-r${++n}`);
  const send = (c: Connector, records: InboundEnvelope[]) => applyInboundBatch(server.deps, c, records, null);
  const env = (
    kind: InboundEnvelope['kind'],
    sourceId: string,
    sourceVersion: string,
    data: Record<string, unknown>,
  ): InboundEnvelope => ({ kind, sourceId, sourceVersion, data });
  const item = (code: string, name = code, extra: Record<string, unknown> = {}) => ({
    code,
    name,
    uom: 'pcs',
    type: 'buy',
    ...extra,
  });
  /** On hand of an item over all locations and lots. */
  const balance = async (code: string) => {
    const r = await sql<{ q: string | null }>`
      select sum(qty) as q from stock_balances where item = ${code}`.execute(db());
    return Number(r.rows[0]?.q ?? 0);
  };

  it('applies a newer version, calls an older one a stale duplicate, and a resend a duplicate', async () => {
    const c = await connector();
    const first = await send(c, [
      env('item', 'I-1', '10', item('RV-1', '螺栓 v10')),
      env('item', 'I-1', '9', item('RV-1', '螺栓 v9')),
      env('item', 'I-1', '10', item('RV-1', '螺栓 again')),
      env('item', 'I-1', '11', item('RV-1', '螺栓 v11')),
      env('item', 'I-1b', '1', item('RV-1', '螺栓 by another id')),
    ]);
    expect(first.map((r) => [r.outcome, r.code])).toEqual([
      ['applied', undefined],
      ['duplicate', 'stale-version'],
      ['duplicate', 'duplicate'],
      ['applied', undefined],
      ['applied', undefined],
    ]);
    expect(first[1]!.reason).toBe('version 9 is older than version 10, which is applied; nothing changed');
    const row = await db()
      .selectFrom('items')
      .select('name')
      .where('code', '=', 'RV-1')
      .executeTakeFirstOrThrow();
    expect(row.name).toBe('螺栓 by another id');
    const later = await send(c, [env('item', 'I-1', '10', item('RV-1', 'late'))]);
    expect(later[0]!.outcome).toBe('duplicate');
  });

  it('keeps a rejected version rejected: sent again it is a duplicate that says why, a new version is tried', async () => {
    const c = await connector();
    const bad = await send(c, [
      env('purchaseReceipt', 'R-1', '1', { no: 'PO-1', item: 'NOPE', qty: 1, location: 'RM-01' }),
    ]);
    expect(bad[0]).toMatchObject({ outcome: 'rejected', code: 'unknown-item', reason: 'unknown item NOPE' });
    expect(bad[0]!.errors).toEqual([
      { path: 'item', message: 'unknown item NOPE', code: 'unknown-item', params: { item: 'NOPE' } },
    ]);
    const again = await send(c, [
      env('purchaseReceipt', 'R-1', '1', { no: 'PO-1', item: 'NOPE', qty: 1, location: 'RM-01' }),
    ]);
    expect(again[0]).toMatchObject({ outcome: 'duplicate', code: 'duplicate' });
    expect(again[0]!.reason).toContain('was rejected before (unknown item NOPE)');
    await send(c, [env('item', 'I-R1', '1', item('RC-1'))]);
    const fixed = await send(c, [
      env('purchaseReceipt', 'R-1', '2', { no: 'PO-1', item: 'RC-1', qty: 3, location: 'RM-01' }),
    ]);
    expect(fixed[0]!.outcome).toBe('applied');
    expect(await balance('RC-1')).toBe(3);
  });

  it('posts a purchase receipt once: a newer version with the same qty changes nothing, another qty is refused', async () => {
    const c = await connector();
    await send(c, [env('item', 'I-P', '1', item('RC-2', '钢板', { precision: 2 }))]);
    const receipt = { no: 'PO-2', line: 1, item: 'RC-2', qty: 12.5, location: 'RM-01', lot: 'L-RC-2' };
    const results = await send(c, [
      env('purchaseReceipt', 'PR-2', '1', receipt),
      env('purchaseReceipt', 'PR-2', '2', { ...receipt, receivedAt: '2026-11-25T10:00:00+08:00' }),
      env('purchaseReceipt', 'PR-2', '3', { ...receipt, qty: 13 }),
    ]);
    expect(results.map((r) => [r.outcome, r.code])).toEqual([
      ['applied', undefined],
      ['duplicate', 'receipt-unchanged'],
      ['rejected', 'receipt-already-posted'],
    ]);
    expect(results[2]!.reason).toBe('receipt already posted; correct it with an adjustment');
    expect(await balance('RC-2')).toBe(12.5);
    const lot = await db()
      .selectFrom('lots')
      .select(['item', 'kind'])
      .where('code', '=', 'L-RC-2')
      .executeTakeFirstOrThrow();
    expect(lot).toEqual({ item: 'RC-2', kind: 'material' });
    const docs = await db()
      .selectFrom('stock_receipts')
      .select(['kind', 'reference', 'created_by'])
      .where('reference', '=', 'PO-2')
      .execute();
    expect(docs).toEqual([{ kind: 'purchase', reference: 'PO-2', created_by: `connector:${c.id}` }]);
  });

  it('creates work orders, changes one that has not started, refuses one that has, maps closing', async () => {
    const c = await connector();
    const wo = { no: 'WO-R-1', item: 'FG-01', qty: 10, dueDate: '2026-12-10', status: 'released' };
    const created = await send(c, [
      env('workOrder', 'W-1', '1', wo),
      env('workOrder', 'W-1', '2', { ...wo, qty: 12, dueDate: '2026-12-12' }),
      env('workOrder', 'W-2', '1', { ...wo, no: 'WO-R-2', status: 'closed' }),
      env('workOrder', 'W-3', '1', { ...wo, no: 'WO-R-3', item: 'RC-1' }),
      env('workOrder', 'W-4', '1', { ...wo, no: 'WO-R-4', workshop: 'WS-MCH' }),
      env('workOrder', 'W-5', '1', { ...wo, no: 'WO-R-5', dueDate: '1899-12-30' }),
    ]);
    expect(created.map((r) => [r.outcome, r.code])).toEqual([
      ['applied', undefined],
      ['applied', undefined],
      ['rejected', 'work-order-closed-unknown'],
      ['rejected', 'no-routing'],
      ['rejected', 'workshop-not-on-routing'],
      ['rejected', 'invalid'],
    ]);
    expect(created[5]!.errors?.[0]?.path).toBe('dueDate');
    const row = await db()
      .selectFrom('work_orders')
      .select(['qty', 'due', 'status', 'location'])
      .where('no', '=', 'WO-R-1')
      .executeTakeFirstOrThrow();
    expect([Number(row.qty), row.due, row.status]).toEqual([12, '2026-12-12', 'released']);
    const ops = await db()
      .selectFrom('work_order_operations')
      .select('seq')
      .where('work_order_no', '=', 'WO-R-1')
      .execute();
    expect(ops).toEqual([{ seq: 10 }]);

    // Work started here: the other system may no longer change it.
    await db()
      .updateTable('work_order_operations')
      .set({ good_qty: 1, status: 'in-progress' })
      .where('work_order_no', '=', 'WO-R-1')
      .execute();
    const late = await send(c, [
      env('workOrder', 'W-1', '3', { ...wo, qty: 20, dueDate: '2026-12-12' }),
      env('workOrder', 'W-1', '4', { ...wo, qty: 12, dueDate: '2026-12-12' }),
    ]);
    expect(late[0]).toMatchObject({ outcome: 'rejected', code: 'work-order-started' });
    expect(late[0]!.reason).toBe(
      'work order WO-R-1 is started here: its qty can change only before work on it starts',
    );
    expect(late[1]!.outcome).toBe('applied');

    // Their cancel (value-mapped to closed) closes a draft here.
    await send(c, [env('workOrder', 'W-6', '1', { ...wo, no: 'WO-R-6', status: 'draft' })]);
    const closed = await send(c, [env('workOrder', 'W-6', '2', { ...wo, no: 'WO-R-6', status: 'closed' })]);
    expect(closed[0]!.outcome).toBe('applied');
    const six = await db()
      .selectFrom('work_orders')
      .select(['status', 'closed_at'])
      .where('no', '=', 'WO-R-6')
      .executeTakeFirstOrThrow();
    expect(six.status).toBe('closed');
    expect(six.closed_at).not.toBeNull();
    const topics = await sql<{ topic: string }>`
      select topic from outbox_events where aggregate_id = 'WO-R-6' order by id`.execute(db());
    expect(topics.rows.map((t) => t.topic)).toEqual(['work-order.created', 'work-order.closed']);
  });

  it('upserts items by code but never changes their unit, and upserts BOM lines by parent, child and start', async () => {
    const c = await connector();
    const results = await send(c, [
      env('item', 'I-B1', '1', item('RB-1', '底座', { type: 'make' })),
      env('item', 'I-B2', '1', item('RB-2', '螺钉')),
      env('item', 'I-B2', '2', item('RB-2', '螺钉 M4', { uom: 'kg' })),
      env('item', 'I-B2', '3', item('RB-2', '螺钉 M4')),
      env('bomLine', 'L-1', '1', { parent: 'RB-1', child: 'RB-2', qty: 4 }),
      env('bomLine', 'L-1', '2', { parent: 'RB-1', child: 'RB-2', qty: 6 }),
      env('bomLine', 'L-2', '1', { parent: 'RB-1', child: 'RB-2', qty: 1, effectiveFrom: '2027-01-01' }),
      env('bomLine', 'L-3', '1', { parent: 'RB-2', child: 'RB-1', qty: 1 }),
      env('bomLine', 'L-4', '1', { parent: 'RB-1', child: 'RB-2', qty: 1, uom: 'box' }),
    ]);
    expect(results.map((r) => [r.outcome, r.code])).toEqual([
      ['applied', undefined],
      ['applied', undefined],
      ['rejected', 'item-uom-change'],
      ['applied', undefined],
      ['applied', undefined],
      ['applied', undefined],
      ['applied', undefined],
      ['rejected', 'bom-cycle'],
      ['rejected', 'no-conversion'],
    ]);
    expect(results[2]!.reason).toBe(
      'item RB-2 is counted in pcs here, not kg: its uom changes only through a BOM import, which checks the whole BOM',
    );
    expect(results[7]!.reason).toBe('BOM cycle RB-2 > RB-1 > RB-2: RB-2 is made from RB-1 already');
    const lines = await db()
      .selectFrom('bom_lines')
      .select(['child', 'qty', 'effective_from'])
      .where('parent', '=', 'RB-1')
      .orderBy('seq')
      .execute();
    expect(lines.map((l) => [l.child, Number(l.qty), l.effective_from])).toEqual([
      ['RB-2', 6, null],
      ['RB-2', 1, '2027-01-01'],
    ]);
    const explosion = await (await server.as('admin')).request({
      method: 'GET',
      path: '/boms/RB-1/explosion',
      query: { qty: 1, date: '2026-12-01' },
    });
    expect(explosion).toMatchObject({ requirements: [{ item: 'RB-2', qty: 6 }] });
  });

  it('keeps stock snapshots as the other system sees them, never in the ledger', async () => {
    const c = await connector();
    const movements = await db()
      .selectFrom('stock_movements')
      .select(sql<string>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    const results = await send(c, [
      env('stockSnapshot', 'S-1', '1', { item: 'RS-1', location: 'RM-01', qty: 7 }),
      env('stockSnapshot', 'S-1', '2', { item: 'RS-1', location: 'RM-01', qty: '8.5' }),
      env('stockSnapshot', 'S-2', '1', { item: 'RS-1', location: 'RM-01', lot: 'A', qty: -1 }),
    ]);
    expect(results.map((r) => r.outcome)).toEqual(['applied', 'applied', 'rejected']);
    const rows = await db()
      .selectFrom('inbound_stock_snapshots')
      .select(['item', 'location', 'lot', 'qty', 'source_version'])
      .where('connector_id', '=', c.id)
      .execute();
    expect(rows.map((r) => ({ ...r, qty: Number(r.qty) }))).toEqual([
      { item: 'RS-1', location: 'RM-01', lot: '', qty: 8.5, source_version: '2' },
    ]);
    const after = await db()
      .selectFrom('stock_movements')
      .select(sql<string>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toEqual(movements.n);
  });

  it('rejects a record whose write fails on its own and applies the others of its chunk whole', async () => {
    const c = await connector();
    // A write the checks cannot foresee: the database itself refuses one item's movement.
    await sql`create or replace function refuse_boom() returns trigger language plpgsql as $$
      begin if new.item = 'RX-BOOM' then raise exception 'no stock for RX-BOOM today'; end if; return new; end $$`.execute(
      db(),
    );
    await sql`create trigger refuse_boom before insert on stock_movements for each row execute function refuse_boom()`.execute(
      db(),
    );
    try {
      const results = await send(c, [
        env('item', 'I-X1', '1', item('RX-1')),
        env('item', 'I-X2', '1', item('RX-BOOM')),
        env('purchaseReceipt', 'R-X1', '1', {
          no: 'PO-X',
          item: 'RX-1',
          qty: 2,
          location: 'RM-01',
          lot: 'LX-1',
        }),
        env('purchaseReceipt', 'R-X2', '1', {
          no: 'PO-X',
          item: 'RX-BOOM',
          qty: 2,
          location: 'RM-01',
          lot: 'LX-2',
        }),
        env('purchaseReceipt', 'R-X3', '1', { no: 'PO-X', item: 'RX-1', qty: 3, location: 'RM-01' }),
      ]);
      expect(results.map((r) => r.outcome)).toEqual(['applied', 'applied', 'applied', 'rejected', 'applied']);
      expect(results[3]).toMatchObject({ code: 'not-applied' });
      expect(results[3]!.reason).toContain('no stock for RX-BOOM today');
      expect(await balance('RX-1')).toBe(5);
      // Nothing of the refused receipt stayed: no document, no line, no lot.
      const docs = await db()
        .selectFrom('stock_receipt_lines')
        .select('item')
        .where('item', '=', 'RX-BOOM')
        .execute();
      expect(docs).toEqual([]);
      const lot = await db().selectFrom('lots').select('code').where('code', '=', 'LX-2').execute();
      expect(lot).toEqual([]);
      const log = await db()
        .selectFrom('inbound_records')
        .select(['source_id', 'outcome'])
        .where('connector_id', '=', c.id)
        .orderBy('id')
        .execute();
      expect(log.map((l) => l.outcome)).toEqual(['applied', 'applied', 'applied', 'rejected', 'applied']);
    } finally {
      await sql`drop trigger refuse_boom on stock_movements`.execute(db());
    }
  });

  it('answers 404, 409 and 403 as the route promises, and lists the log newest first', async () => {
    const admin = await server.as('admin');
    const post = (id: string, body: unknown, token?: string) =>
      fetch(`${server.url}/api/v1/sync/inbound/${id}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    const adminToken = await server.token('admin');
    const one = { records: [env('item', 'I-H1', '1', item('RH-1'))] };
    expect((await post('nope', one, adminToken)).status).toBe(404);
    const hook = await addConnector(db(), 'hook-1', 'webhook');
    const refused = await post(hook.id, one, adminToken);
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { type: string }).type).toBe('/problems/connector-not-inbound');
    const off = await addConnector(db(), 'erp-off', 'erp', false);
    expect((await post(off.id, one, adminToken)).status).toBe(409);
    const c = await addConnector(db(), 'db-in', 'database');
    expect((await post(c.id, one, await server.token('pl-zhou'))).status).toBe(403);
    expect((await post(c.id, { records: [] }, adminToken)).status).toBe(400);
    const ok = await post(
      c.id,
      { records: [...one.records, { kind: 'supplier', sourceId: 9, sourceVersion: 1, data: {} }] },
      adminToken,
    );
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({
      applied: 1,
      duplicates: 0,
      rejected: 1,
      results: [
        { sourceId: 'I-H1', sourceVersion: '1', kind: 'item', outcome: 'applied' },
        { sourceId: '9', sourceVersion: '1', kind: 'supplier', outcome: 'rejected', code: 'unknown-kind' },
      ],
    });
    const planner = await server.as('pl-zhou');
    const list = (query: Record<string, string | number>) =>
      planner.request<{
        items: { sourceId: string; outcome: string; by?: string }[];
        nextCursor: string | null;
      }>({
        method: 'GET',
        path: `/sync/inbound/${c.id}/records`,
        query,
      });
    await send(c, [env('item', 'I-H2', '1', item('RH-2')), env('item', 'I-H3', '1', { code: 'RH-3' })]);
    const page1 = await list({ limit: 2 });
    expect(page1.items.map((i) => i.sourceId)).toEqual(['I-H3', 'I-H2']);
    const page2 = await list({ limit: 2, cursor: page1.nextCursor! });
    expect(page2.items.map((i) => [i.sourceId, i.by])).toEqual([['I-H1', 'admin']]);
    expect(page2.nextCursor).toBeNull();
    const rejected = await list({ outcome: 'rejected' });
    expect(rejected.items.map((i) => i.sourceId)).toEqual(['I-H3']);
    void admin;
  });

  it("maps their records through the connector's current mapping before checking them", async () => {
    const c = await connector();
    const admin = await server.as('admin');
    await admin.request({
      method: 'PUT',
      path: `/sync/connectors/${c.id}/mapping`,
      body: {
        format: 'shopfloor-mapping/1',
        name: 'K3 收料',
        entities: {
          purchaseReceipt: {
            fields: [
              { ours: 'no', theirs: 'FBillNo' },
              { ours: 'item', theirs: 'FMaterialId.FNumber', transform: [{ op: 'trim' }] },
              { ours: 'qty', theirs: 'FRealQty', transform: [{ op: 'number', thousands: ',' }] },
              { ours: 'location', theirs: 'FStockId', values: [{ ours: 'RM-01', theirs: '原料仓' }] },
            ],
          },
        },
      },
    });
    await send(c, [env('item', 'I-M1', '1', item('RM-MAP'))]);
    const results = await send(c, [
      env('purchaseReceipt', 'CGRK-1', '1', {
        FBillNo: 'CGRK-1',
        FMaterialId: { FNumber: ' RM-MAP ' },
        FRealQty: '1,200',
        FStockId: '原料仓',
      }),
      env('purchaseReceipt', 'CGRK-2', '1', {
        FBillNo: 'CGRK-2',
        FMaterialId: { FNumber: 'RM-MAP' },
        FRealQty: '5',
        FStockId: '成品仓',
      }),
    ]);
    expect(results[0]!.outcome).toBe('applied');
    expect(results[1]).toMatchObject({ outcome: 'rejected', code: 'mapping' });
    expect(results[1]!.errors?.[0]?.path).toBe('FStockId');
    expect(await balance('RM-MAP')).toBe(1_200);
  });

  it('holds the ledger equal to the balances after all of the above', async () => {
    const r = await sql<{ n: string }>`
      select count(*) as n from (
        select item, location, lot, sum(qty) as q from stock_movements where org_id = ${ORG} group by 1, 2, 3
      ) l full join stock_balances b using (item, location, lot) where coalesce(l.q, 0) <> coalesce(b.qty, 0)`.execute(
      db(),
    );
    expect(Number(r.rows[0]!.n)).toBe(0);
  });
});
