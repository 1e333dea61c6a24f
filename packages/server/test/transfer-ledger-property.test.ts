import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerDiscrepancies } from '../src/modules/stock/ledger.js';
import { addItem, ORG, receive, seedStock } from './fixtures-stock.js';
import { backends, startTestServer, type TestServer } from './harness.js';
import { type Answer, call, codeOf } from './transfer-helpers.js';

const LOCATIONS = ['RM-A01', 'RM-A02', 'FG-01'] as const;
type Location = (typeof LOCATIONS)[number];
const warehouseOf = (l: Location) => (l === 'FG-01' ? 'WH-FG' : 'WH-RM');

type Step =
  | { kind: 'receive'; at: Location; qty: number }
  | { kind: 'transfer'; from: Location; to: Location; qty: number }
  | { kind: 'issue'; at: Location; qty: number; emergency: boolean };

const location = fc.constantFrom(...LOCATIONS);
const qty = fc.integer({ min: 1, max: 12 });
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('receive' as const), at: location, qty }),
  fc
    .record({ kind: fc.constant('transfer' as const), from: location, to: location, qty })
    .filter((s) => s.from !== s.to),
  fc.record({ kind: fc.constant('issue' as const), at: location, qty, emergency: fc.boolean() }),
);

let run = 0;

/**
 * Any sequence of receipts, transfers (inside a warehouse: posted at once; across: approved by the
 * receiving side) and issues (approved, or emergency) keeps the ledger equal to the balances, never
 * below zero, and each balance equal to a plain model of the shelf: a step the shelf cannot cover
 * is refused with 409 insufficient-stock and changes nothing.
 */
describe.each(backends())('transfers and issues keep the books on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedStock });
  });
  afterAll(() => server?.close());

  it('keeps the ledger equal to the balances and never below zero, whatever the sequence', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
        const item = `PROP-TR-${++run}`;
        await addItem(server.database.db, item);
        const shelf = new Map<Location, number>(LOCATIONS.map((l) => [l, 0]));
        for (const s of steps) {
          if (s.kind === 'receive') {
            await receive(server, [{ item, qty: s.qty, location: s.at }]);
            shelf.set(s.at, shelf.get(s.at)! + s.qty);
            continue;
          }
          const from = s.kind === 'transfer' ? s.from : s.at;
          const covered = shelf.get(from)! >= s.qty;
          let answer: Answer;
          if (s.kind === 'transfer') {
            const made = await call(server, 'sk-sun', 'POST', '/transfers', {
              lines: [{ item, qty: s.qty, from: s.from, to: s.to }],
            });
            // Across warehouses it waits; the admin approves as the receiving side.
            answer =
              made.status === 201 && made.body.status === 'pending'
                ? await call(server, 'admin', 'POST', `/transfers/${made.body.id}/approve`, {})
                : made;
          } else {
            const body = { warehouse: warehouseOf(s.at), lines: [{ item, qty: s.qty, location: s.at }] };
            if (s.emergency) {
              answer = await call(server, 'sk-sun', 'POST', '/issue-requests', { ...body, emergency: true });
            } else {
              const made = await call(server, 'pl-zhou', 'POST', '/issue-requests', body);
              expect(made.status).toBe(201);
              answer = await call(server, 'admin', 'POST', `/issue-requests/${made.body.id}/approve`, {});
            }
          }
          if (covered) {
            expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300);
            shelf.set(from, shelf.get(from)! - s.qty);
            if (s.kind === 'transfer') shelf.set(s.to, shelf.get(s.to)! + s.qty);
          } else {
            expect([answer.status, codeOf(answer)]).toEqual([409, 'insufficient-stock']);
          }
        }
        const balances = await server.database.db
          .selectFrom('stock_balances')
          .select(['location', 'qty'])
          .where('org_id', '=', ORG)
          .where('item', '=', item)
          .execute();
        for (const l of LOCATIONS) {
          const held = balances.filter((b) => b.location === l).reduce((sum, b) => sum + Number(b.qty), 0);
          expect(held, `${item} at ${l}`).toBe(shelf.get(l));
        }
        expect(balances.every((b) => Number(b.qty) >= 0)).toBe(true);
        expect(await ledgerDiscrepancies(server.database.db, ORG)).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });

  it('30 transfers and emergency issues racing for one location take exactly what it holds, never more', async () => {
    await addItem(server.database.db, 'PROP-TR-RACE');
    await receive(server, [{ item: 'PROP-TR-RACE', qty: 50 }]);
    const line = { item: 'PROP-TR-RACE', qty: 3 };
    const started = performance.now();
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        i % 2 === 0
          ? call(server, 'sk-sun', 'POST', '/transfers', {
              lines: [{ ...line, from: 'RM-A01', to: 'RM-A02' }],
            })
          : call(server, i % 4 === 1 ? 'sk-sun' : 'admin', 'POST', '/issue-requests', {
              warehouse: 'WH-RM',
              emergency: true,
              lines: [{ ...line, location: 'RM-A01' }],
            }),
      ),
    );
    const elapsed = performance.now() - started;
    const refused = answers.filter((a) => a.status === 409);
    expect(answers.filter((a) => a.status === 201)).toHaveLength(16);
    expect(refused.map(codeOf)).toEqual(Array(14).fill('insufficient-stock'));
    const left = await server.database.db
      .selectFrom('stock_balances')
      .select(['location', 'qty'])
      .where('org_id', '=', ORG)
      .where('item', '=', 'PROP-TR-RACE')
      .execute();
    expect(Number(left.find((b) => b.location === 'RM-A01')!.qty)).toBe(2);
    expect(await ledgerDiscrepancies(server.database.db, ORG)).toEqual([]);
    console.info(
      `[measure] ${backend}: 30 racing transfers/emergency issues answered in ${Math.round(elapsed)} ms`,
    );
  });
});
