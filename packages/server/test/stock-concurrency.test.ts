import { ConflictError, type IssueRequest } from '@shopfloor/sdk';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerDiscrepancies } from '../src/modules/stock/ledger.js';
import { addItem, ORG, onHand, receive, seedStock } from './fixtures-stock.js';
import { backends, startTestServer, type TestServer } from './harness.js';

describe.each(backends())('stock under concurrency and random sequences on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedStock });
  });
  afterAll(() => server?.close());

  const negativeBalances = async () =>
    server.database.db
      .selectFrom('stock_balances')
      .selectAll()
      .where('org_id', '=', ORG)
      .where('qty', '<', '0')
      .execute();

  it('50 parallel approvals competing for the same stock never take it below zero', async () => {
    await addItem(server.database.db, 'CONC');
    const stock = 100;
    await receive(server, [{ item: 'CONC', qty: stock }]);
    const requesters = ['op-li', 'op-wang', 'pl-zhou', 'sk-sun'];
    const requests: IssueRequest[] = [];
    for (let i = 0; i < 50; i++) {
      const client = await server.as(requesters[i % requesters.length]!);
      requests.push(
        await client.issueRequests.create({
          warehouse: 'WH-RM',
          lines: [{ item: 'CONC', qty: 1 + (i % 10), location: 'RM-A01' }],
        }),
      );
    }
    const approvers = [await server.as('ap-zhao'), await server.as('admin')];

    const outcomes = await Promise.allSettled(
      requests.map((r, i) => approvers[i % 2]!.issueRequests.approve(r.id)),
    );

    const approved = requests.filter((_, i) => outcomes[i]!.status === 'fulfilled');
    const refused = requests.filter((_, i) => outcomes[i]!.status === 'rejected');
    for (const o of outcomes) {
      if (o.status === 'rejected') {
        expect(o.reason).toBeInstanceOf(ConflictError);
        expect(o.reason.problem.type).toBe('/problems/insufficient-stock');
      }
    }
    const taken = approved.reduce((sum, r) => sum + r.lines[0]!.qty, 0);
    const left = await onHand(server, 'CONC');
    expect(approved.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    expect(left).toBeGreaterThanOrEqual(0);
    expect(left).toBe(stock - taken);
    // Stock only went down, so a refused request needed more than what is left even now.
    for (const r of refused) expect(r.lines[0]!.qty).toBeGreaterThan(left);
    const admin = await server.as('admin');
    const statuses = await Promise.all(
      refused.map(async (r) => (await admin.issueRequests.get(r.id)).status),
    );
    expect(new Set(statuses)).toEqual(new Set(['pending']));
    const issued = await admin.stock.movementsPage({ item: 'CONC', kind: 'issue', limit: 500 });
    expect(issued.items).toHaveLength(approved.length);
    expect(await ledgerDiscrepancies(server.database.db, ORG)).toEqual([]);
    expect(await negativeBalances()).toEqual([]);
  });

  it('random sequences of receipts, issues, returns and scraps keep the ledger equal to the balances', async () => {
    const op = fc.record({
      kind: fc.constantFrom('receipt', 'issue', 'return', 'scrap'),
      qty: fc.integer({ min: 1, max: 30 }),
      location: fc.constantFrom('RM-A01', 'RM-A02'),
    });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 6 }), async (ops) => {
        const item = `PROP-${run++}`;
        await addItem(server.database.db, item);
        const model = new Map<string, number>([
          ['RM-A01', 0],
          ['RM-A02', 0],
        ]);
        const operator = await server.as('op-li');
        const approver = await server.as('ap-zhao');
        for (const o of ops) {
          const have = model.get(o.location)!;
          if (o.kind === 'receipt') {
            await receive(server, [{ item, qty: o.qty, location: o.location }]);
            model.set(o.location, have + o.qty);
            continue;
          }
          const request = await operator.issueRequests.create({
            kind: o.kind,
            warehouse: 'WH-RM',
            lines: [{ item, qty: o.qty, location: o.location }],
          });
          const outcome = await approver.issueRequests.approve(request.id).catch((e) => e);
          const out = o.kind !== 'return';
          if (out && o.qty > have) {
            expect(outcome).toBeInstanceOf(ConflictError);
          } else {
            expect(outcome.status).toBe('approved');
            model.set(o.location, have + (out ? -o.qty : o.qty));
          }
        }
        for (const [location, qty] of model) expect(await onHand(server, item, location)).toBe(qty);
        expect(await ledgerDiscrepancies(server.database.db, ORG)).toEqual([]);
        expect(await negativeBalances()).toEqual([]);
      }),
      { numRuns: 8 },
    );
  });
});
