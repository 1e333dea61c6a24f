import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerDiscrepancies } from '../src/modules/stock/ledger.js';
import { applyInboundBatch, type InboundEnvelope } from '../src/modules/sync/inbound/apply.js';
import { backends, startTestServer, type TestServer } from './harness.js';
import { addConnector, bigBatch, ORG, seedInbound, tableCounts } from './sync-inbound-fixtures.js';

describe.each(backends())('inbound: a 10,000-record batch on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedInbound });
  });
  afterAll(() => server?.close());

  it('rejects exactly the bad 1 % with reasons, applies the rest once, and a replay changes nothing', async () => {
    const db = server.database.db;
    const connector = await addConnector(db, 'erp-big');
    const batch = bigBatch();
    const before = await tableCounts(db);

    const started = performance.now();
    const res = await fetch(`${server.url}/api/v1/sync/inbound/${connector.id}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${await server.token('admin')}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ records: batch.records }),
    });
    const seconds = (performance.now() - started) / 1000;
    expect(res.status).toBe(200);
    const answer = (await res.json()) as {
      applied: number;
      duplicates: number;
      rejected: number;
      results: { sourceId: string; outcome: string; code?: string; reason?: string }[];
    };
    console.info(
      `[inbound ${backend}] 10,000 records in ${seconds.toFixed(2)} s (${Math.round(10_000 / seconds)}/s)`,
    );

    expect(answer.results).toHaveLength(10_000);
    expect(answer.results.map((r) => r.sourceId)).toEqual(batch.records.map((r) => r.sourceId));
    const rejected = answer.results.flatMap((r, i) => (r.outcome === 'rejected' ? [[i, r.code]] : []));
    expect(new Map(rejected as [number, string][])).toEqual(batch.bad);
    for (const r of answer.results.filter((x) => x.outcome === 'rejected'))
      expect(r.reason).toMatch(/\w+ \w+/);
    expect(answer.rejected).toBe(batch.bad.size);
    expect(batch.bad.size).toBeGreaterThanOrEqual(100);
    expect(answer.applied).toBe(10_000 - batch.bad.size);
    expect(answer.duplicates).toBe(0);
    const cycle = answer.results.find((r) => r.code === 'bom-cycle');
    expect(cycle?.reason).toMatch(/^BOM cycle RM-\d+ > FG-\d+ > RM-\d+/);

    const after = await tableCounts(db);
    const grew = (t: string) => after[t]! - before[t]!;
    expect(grew('items')).toBe(batch.expected.items);
    expect(grew('bom_lines')).toBe(batch.expected.bomLines);
    expect(grew('work_orders')).toBe(batch.expected.workOrders);
    expect(grew('stock_receipts')).toBe(batch.expected.receipts);
    expect(grew('stock_movements')).toBe(batch.expected.receipts);
    expect(grew('inbound_stock_snapshots')).toBe(batch.expected.snapshots);
    expect(grew('inbound_records')).toBe(10_000);
    expect(await ledgerDiscrepancies(db, ORG)).toEqual([]);
    const balances = await db
      .selectFrom('stock_balances')
      .select(['item', 'qty'])
      .where('location', '=', 'RM-01')
      .execute();
    expect(new Map(balances.map((b) => [b.item, Number(b.qty)]))).toEqual(batch.receivedQty);
    const released = await sql<{ n: string }>`
      select count(*) as n from work_orders where status = 'released' and no like 'WO-B-%'`.execute(db);
    expect(Number(released.rows[0]!.n)).toBe(batch.expected.workOrders);
    const events = await sql<{ topic: string; n: string }>`
      select topic, count(*) as n from outbox_events group by topic`.execute(db);
    const topics = new Map(events.rows.map((e) => [e.topic, Number(e.n)]));
    expect(topics.get('item.created')).toBe(batch.expected.items);
    expect(topics.get('stock-receipt.created')).toBe(batch.expected.receipts);
    expect(topics.get('work-order.created')).toBe(batch.expected.workOrders);
    expect(topics.get('bom.changed')).toBeGreaterThanOrEqual(20);

    // The same batch again: every record is a duplicate and no table moves, not even the BOM revision.
    const again = await fetch(`${server.url}/api/v1/sync/inbound/${connector.id}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${await server.token('admin')}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ records: batch.records }),
    });
    const second = (await again.json()) as {
      applied: number;
      duplicates: number;
      results: { outcome: string }[];
    };
    expect(second.duplicates).toBe(10_000);
    expect(second.results.every((r) => r.outcome === 'duplicate')).toBe(true);
    expect(await tableCounts(db)).toEqual(after);
    const balancesAgain = await db
      .selectFrom('stock_balances')
      .select(['item', 'qty'])
      .where('location', '=', 'RM-01')
      .execute();
    expect(balancesAgain).toEqual(balances);
  }, 120_000);
});

// Replicas share PostgreSQL: two servers that take the same batch at the same moment apply each
// record once (advisory locks per source record, then the log read after them).
for (const backend of backends().filter((b) => b === 'postgres')) {
  describe(`inbound: the same batch twice at once on ${backend}`, () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ backend, seed: seedInbound });
    });
    afterAll(() => server?.close());

    it('applies every record once across both calls', async () => {
      const db = server.database.db;
      const connector = await addConnector(db, 'erp-twice');
      const records: InboundEnvelope[] = [];
      for (let i = 0; i < 100; i++) {
        records.push({
          kind: 'item',
          sourceId: `I${i}`,
          sourceVersion: '1',
          data: { code: `TW-${i}`, name: `件 ${i}`, uom: 'pcs', type: 'buy' },
        });
      }
      for (let i = 0; i < 600; i++) {
        records.push({
          kind: 'purchaseReceipt',
          sourceId: `R${i}`,
          sourceVersion: '1',
          data: {
            no: `PO-TW-${i}`,
            item: `TW-${i % 100}`,
            qty: 2,
            location: 'RM-01',
            lot: `TW-LOT-${i % 100}`,
          },
        });
      }
      const [a, b] = await Promise.all([
        applyInboundBatch(server.deps, connector, records, null),
        applyInboundBatch(server.deps, connector, records, null),
      ]);
      for (let i = 0; i < records.length; i++) {
        expect([a[i]!.outcome, b[i]!.outcome].sort(), records[i]!.sourceId).toEqual(['applied', 'duplicate']);
      }
      const lines = await sql<{ n: string; q: string }>`
        select count(*) as n, sum(qty) as q from stock_receipt_lines where item like 'TW-%'`.execute(db);
      expect([Number(lines.rows[0]!.n), Number(lines.rows[0]!.q)]).toEqual([600, 1_200]);
      const onHand = await sql<{
        q: string;
      }>`select sum(qty) as q from stock_balances where item like 'TW-%'`.execute(db);
      expect(Number(onHand.rows[0]!.q)).toBe(1_200);
      expect(await ledgerDiscrepancies(db, ORG)).toEqual([]);
      const log = await sql<{
        n: string;
      }>`select count(*) as n from inbound_records where connector_id = 'erp-twice'`.execute(db);
      expect(Number(log.rows[0]!.n)).toBe(700);
    }, 60_000);
  });
}
