import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerDiscrepancies } from '../src/modules/stock/ledger.js';
import { addItem, ORG, receive, seedStock } from './fixtures-stock.js';
import { backends, startTestServer, type TestServer } from './harness.js';

/**
 * Counts among the other documents that move stock: the ledger stays equal to the balances and no
 * balance goes below zero, for random sequences and for a count racing an issue on one balance
 * (truly concurrent on PostgreSQL; PGlite runs one transaction at a time).
 */
describe.each(backends())('cycle counts and the ledger on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedStock });
  });
  afterAll(() => server?.close());

  async function api(userId: string, method: string, path: string, body?: unknown) {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${await server.token(userId)}`,
        'Content-Type': 'application/json',
        'Idempotency-Key': randomUUID(),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, json: await res.json() };
  }

  async function balance(item: string): Promise<number> {
    const r = await server.database.db
      .selectFrom('stock_balances')
      .select('qty')
      .where('org_id', '=', ORG)
      .where('item', '=', item)
      .where('location', '=', 'RM-A01')
      .executeTakeFirst();
    return Number(r?.qty ?? 0);
  }

  async function newItem(code: string, abc: 'A' | 'B' | 'C') {
    await addItem(server.database.db, code);
    await sql`update items set abc_class = ${abc} where org_id = ${ORG} and code = ${code}`.execute(
      server.database.db,
    );
  }

  const pendingIssue = async (item: string, qty: number) =>
    (
      await api('op-li', 'POST', '/issue-requests', {
        warehouse: 'WH-RM',
        lines: [{ item, qty, location: 'RM-A01' }],
      })
    ).json.id as string;

  const openCount = async (item: string) =>
    (await api('sk-sun', 'POST', '/cycle-counts', { item, location: 'RM-A01' })).json.id as string;

  const healthy = async () => {
    expect(await ledgerDiscrepancies(server.database.db, ORG)).toEqual([]);
    const negative = await server.database.db
      .selectFrom('stock_balances')
      .select('item')
      .where('qty', '<', '0')
      .execute();
    expect(negative).toEqual([]);
  };

  it('any sequence of receipts, issues and counts (approved or not) keeps the ledger equal to the balances, never below zero', async () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('receipt' as const), qty: fc.integer({ min: 1, max: 40 }) }),
      fc.record({ kind: fc.constant('issue' as const), qty: fc.integer({ min: 1, max: 40 }) }),
      fc.record({
        kind: fc.constant('count' as const),
        qty: fc.integer({ min: 0, max: 60 }),
        decision: fc.constantFrom('approve' as const, 'reject' as const),
      }),
    );
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { minLength: 1, maxLength: 6 }),
        fc.constantFrom('A', 'B', 'C'),
        async (ops, abc) => {
          const item = `CCP-${run++}`;
          await newItem(item, abc as 'A' | 'B' | 'C');
          let model = 0;
          for (const o of ops) {
            if (o.kind === 'receipt') {
              await receive(server, [{ item, qty: o.qty }]);
              model += o.qty;
            } else if (o.kind === 'issue') {
              const id = await pendingIssue(item, o.qty);
              const res = await api('ap-zhao', 'POST', `/issue-requests/${id}/approve`, {});
              if (o.qty <= model) {
                expect(res.status).toBe(200);
                model -= o.qty;
              } else expect(res.json.type).toBe('/problems/insufficient-stock');
            } else {
              const id = await openCount(item);
              const counted = await api('sk-sun', 'POST', `/cycle-counts/${id}/count`, { qty: o.qty });
              expect(counted.status).toBe(200);
              if (counted.json.status === 'pending-approval') {
                const decided = await api('ap-zhao', 'POST', `/cycle-counts/${id}/${o.decision}`, {});
                expect(decided.status).toBe(200);
                if (o.decision === 'approve') model = o.qty;
              } else {
                expect(counted.json.status).toBe('done');
                model = o.qty;
              }
            }
            expect(await balance(item)).toBe(model);
            await healthy();
          }
        },
      ),
      { numRuns: 12 },
    );
  });

  it('a count and an issue racing on one balance: the book of the count is the balance just before it, and the end is consistent', async () => {
    for (let round = 0; round < 6; round++) {
      const item = `CCR-${round}`;
      await newItem(item, 'C');
      await receive(server, [{ item, qty: 100 }]);
      const issue = await pendingIssue(item, 30);
      const task = await openCount(item);
      // The shelf really holds 97: three went missing before anyone counted.
      const [approved, counted] = await Promise.all([
        api('ap-zhao', 'POST', `/issue-requests/${issue}/approve`, {}),
        api('sk-sun', 'POST', `/cycle-counts/${task}/count`, { qty: round % 2 === 0 ? 97 : 67 }),
      ]);
      expect(approved.status).toBe(200);
      expect(counted.status).toBe(200);
      const seen = await api('ap-zhao', 'GET', `/cycle-counts/${task}`);
      const book = seen.json.bookQty as number;
      // The book was taken either before the issue (100) or after it (70), never in between.
      expect([100, 70]).toContain(book);
      if (seen.json.status === 'pending-approval') {
        expect((await api('ap-zhao', 'POST', `/cycle-counts/${task}/approve`, {})).status).toBe(200);
      }
      const countedQty = seen.json.countedQty as number;
      const end = await balance(item);
      // Counted after the issue: the count is the end; before it: the issue came off the count.
      expect(end).toBe(book === 70 ? countedQty : countedQty - 30);
      expect(end).toBeGreaterThanOrEqual(0);
      await healthy();
    }
  });
});
