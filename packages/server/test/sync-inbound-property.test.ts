import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyInboundBatch, type InboundEnvelope } from '../src/modules/sync/inbound/apply.js';
import { backends, startTestServer, type TestServer } from './harness.js';
import { addConnector, seedInbound } from './sync-inbound-fixtures.js';

type Kind = 'item' | 'purchaseReceipt' | 'stockSnapshot';
interface Sent {
  kind: Kind;
  src: number;
  version: number;
  bad: boolean;
  value: number;
}

const sent = fc.record({
  kind: fc.constantFrom<Kind>('item', 'purchaseReceipt', 'stockSnapshot'),
  src: fc.integer({ min: 0, max: 2 }),
  version: fc.integer({ min: 1, max: 4 }),
  bad: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
  value: fc.integer({ min: 1, max: 3 }),
});

/**
 * What applying "the unique newest valid records once" leaves: per source record, the versions
 * it was sent in order; a repeat or a version older than the applied one changes nothing, a bad
 * one is rejected, a purchase receipt is posted by its first good version only.
 */
function model(records: Sent[]) {
  const outcomes: string[] = [];
  const seen = new Map<string, Set<number>>();
  const newest = new Map<string, number>();
  const names = new Map<number, number>();
  const posted = new Map<number, number>();
  const snapshots = new Map<number, number>();
  for (const r of records) {
    const key = `${r.kind}:${r.src}`;
    const versions = seen.get(key) ?? new Set<number>();
    seen.set(key, versions);
    if (versions.has(r.version)) {
      outcomes.push('duplicate');
      continue;
    }
    versions.add(r.version);
    const applied = newest.get(key);
    if (applied !== undefined && r.version < applied) outcomes.push('duplicate');
    else if (r.bad) outcomes.push('rejected');
    else if (r.kind === 'purchaseReceipt' && posted.has(r.src)) {
      outcomes.push(posted.get(r.src) === r.value ? 'duplicate' : 'rejected');
    } else {
      outcomes.push('applied');
      newest.set(key, r.version);
      if (r.kind === 'item') names.set(r.src, r.value);
      if (r.kind === 'purchaseReceipt') posted.set(r.src, r.value);
      if (r.kind === 'stockSnapshot') snapshots.set(r.src, r.value);
    }
  }
  return { outcomes, names, posted, snapshots };
}

describe.each(backends())('inbound property on %s', (backend) => {
  let server: TestServer;
  let run = 0;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedInbound });
  });
  afterAll(() => server?.close());

  it('ends as if the unique newest valid records were applied once, whatever the repeats, stale versions and bad rows', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(sent, { minLength: 1, maxLength: 25 }),
        fc.array(fc.nat(), { maxLength: 2 }),
        async (records, cuts) => {
          const r = ++run;
          const db = server.database.db;
          const connector = await addConnector(db, `erp-p${r}`);
          const received = `PR${r}-RC`;
          await db
            .insertInto('items')
            .values({
              org_id: 'demo',
              code: received,
              name: received,
              uom: 'pcs',
              type: 'buy',
              created_at: new Date(),
              updated_at: new Date(),
            })
            .execute();
          const envelope = (s: Sent): InboundEnvelope => {
            const data =
              s.kind === 'item'
                ? { code: `PR${r}-I${s.src}`, name: `n${s.value}`, uom: s.bad ? '' : 'pcs', type: 'buy' }
                : s.kind === 'purchaseReceipt'
                  ? { no: `PO-${s.src}`, item: received, qty: s.value, location: s.bad ? 'NOWHERE' : 'RM-01' }
                  : { item: `PR${r}-S${s.src}`, location: 'RM-01', qty: s.bad ? -1 : s.value };
            return { kind: s.kind, sourceId: `${s.kind}-${s.src}`, sourceVersion: String(s.version), data };
          };
          // The records arrive in one to three batches, one after the other.
          const at = [...new Set(cuts.map((c) => c % records.length))].sort((a, b) => a - b);
          const batches = [0, ...at].map((start, i) => records.slice(start, [...at, records.length][i]));
          const outcomes: string[] = [];
          for (const batch of batches) {
            const results = await applyInboundBatch(server.deps, connector, batch.map(envelope), null);
            outcomes.push(...results.map((x) => x.outcome));
          }
          const expected = model(records);
          expect(outcomes).toEqual(expected.outcomes);

          const items = await db
            .selectFrom('items')
            .select(['code', 'name'])
            .where('code', 'like', `PR${r}-I%`)
            .execute();
          expect(
            new Map(items.map((i) => [Number(i.code.slice(`PR${r}-I`.length)), Number(i.name.slice(1))])),
          ).toEqual(expected.names);
          const onHand = await sql<{ q: string | null }>`
            select sum(qty) as q from stock_balances where item = ${received}`.execute(db);
          const postedSum = [...expected.posted.values()].reduce((a, b) => a + b, 0);
          expect(Number(onHand.rows[0]?.q ?? 0)).toBe(postedSum);
          const receipts = await sql<{ n: string }>`
            select count(*) as n from stock_receipt_lines where item = ${received}`.execute(db);
          expect(Number(receipts.rows[0]!.n)).toBe(expected.posted.size);
          const snapshots = await db
            .selectFrom('inbound_stock_snapshots')
            .select(['item', 'qty'])
            .where('connector_id', '=', connector.id)
            .execute();
          expect(
            new Map(snapshots.map((s) => [Number(s.item.slice(`PR${r}-S`.length)), Number(s.qty)])),
          ).toEqual(expected.snapshots);
        },
      ),
      { numRuns: 80 },
    );
  }, 60_000);
});
