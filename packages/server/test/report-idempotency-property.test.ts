import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releasedWorkOrder, report, seedProduction } from './fixtures-production.js';
import { backends, startTestServer, type TestServer } from './harness.js';

/**
 * The report path's Idempotency-Key handling under concurrency (on PostgreSQL its BEGIN, key lock
 * and key look-up go in one round trip): N reports fired at once, some invalid, some sharing a key,
 * end in the rows and answers of the same reports sent one by one. A 409 idempotency-in-flight is
 * retried, as the SDK's outbox does.
 */

/** A request: a key out of a few (so some repeat; repeats carry the same body), and its kind. */
const Request = fc.record({
  key: fc.integer({ min: 0, max: 5 }),
  kind: fc.constantFrom('ok', 'ok', 'ok', 'too-many', 'bad-body'),
  good: fc.integer({ min: 1, max: 3 }),
});
type Request = { key: number; kind: 'ok' | 'too-many' | 'bad-body'; good: number };

const ORDER_QTY = 1_000;

describe.each(backends())('concurrent reports with Idempotency-Keys on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedProduction });
  });
  afterAll(() => server?.close());

  /** Same key, same body: the body follows the key's first request. */
  const bodies = (requests: Request[]) => {
    const byKey = new Map<number, Request>();
    for (const r of requests) if (!byKey.has(r.key)) byKey.set(r.key, r);
    return requests.map((r) => byKey.get(r.key)!);
  };
  const bodyOf = (r: Request) =>
    r.kind === 'bad-body'
      ? report(r.good, { scrapQty: -1 })
      : report(r.kind === 'too-many' ? ORDER_QTY + 1 : r.good);

  async function send(no: string, keyPrefix: string, r: Request): Promise<{ status: number; body: unknown }> {
    for (;;) {
      const res = await fetch(`${server.url}/api/v1/work-orders/${no}/operations/10/reports`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${await server.token('op-li')}`,
          'Content-Type': 'application/json',
          'Idempotency-Key': `${keyPrefix}-${r.key}`,
        },
        body: JSON.stringify(bodyOf(r)),
      });
      const body = (await res.json()) as { type?: string };
      if (res.status === 409 && body.type === '/problems/idempotency-in-flight') continue;
      return { status: res.status, body };
    }
  }

  async function stored(no: string, keyPrefix: string) {
    const db = server.database.db;
    const reports = await sql<{ n: number; good: string | null }>`
      select count(*)::int as n, sum(good_qty) as good from operation_reports
      where org_id = ${server.deps.config.orgId} and work_order_no = ${no}`.execute(db);
    const keys = await sql<{ key: string }>`
      select key from idempotency_keys where org_id = ${server.deps.config.orgId} and key like ${`${keyPrefix}-%`}
      order by key`.execute(db);
    const op = await sql<{ good_qty: string }>`
      select good_qty from work_order_operations
      where org_id = ${server.deps.config.orgId} and work_order_no = ${no} and seq = 10`.execute(db);
    return {
      reports: reports.rows[0]!.n,
      good: Number(reports.rows[0]!.good ?? 0),
      operationGood: Number(op.rows[0]!.good_qty),
      keys: keys.rows.map((k) => k.key.slice(keyPrefix.length + 1)),
    };
  }

  it('stores and answers as the sequential run does', async () => {
    const planner = await server.as('pl-zhou');
    await fc.assert(
      fc.asyncProperty(fc.array(Request, { minLength: 2, maxLength: 12 }), async (generated) => {
        const requests = bodies(generated as Request[]);
        const one = await releasedWorkOrder(planner, { item: 'TABLE', qty: ORDER_QTY });
        const all = await releasedWorkOrder(planner, { item: 'TABLE', qty: ORDER_QTY });
        const oneKeys = randomUUID();
        const allKeys = randomUUID();

        const sequential: { status: number; body: unknown }[] = [];
        for (const r of requests) sequential.push(await send(one.no, oneKeys, r));
        const concurrent = await Promise.all(requests.map((r) => send(all.no, allKeys, r)));

        const expected = requests.map((r) => ({ ok: 201, 'too-many': 409, 'bad-body': 400 })[r.kind]);
        expect(sequential.map((a) => a.status)).toEqual(expected);
        expect(concurrent.map((a) => a.status)).toEqual(expected);
        // Every answer to one key is the one stored report.
        for (const answers of [sequential, concurrent]) {
          const ids = new Map<number, string>();
          requests.forEach((r, i) => {
            const answer = answers[i]!;
            if (answer.status !== 201) return;
            const id = (answer.body as { id: string }).id;
            expect(ids.get(r.key) ?? id).toBe(id);
            ids.set(r.key, id);
          });
        }
        const a = await stored(one.no, oneKeys);
        const b = await stored(all.no, allKeys);
        expect(b).toEqual(a);
        const valid = new Map(requests.filter((r) => r.kind === 'ok').map((r) => [r.key, r.good]));
        expect(a.reports).toBe(valid.size);
        expect(a.good).toBe([...valid.values()].reduce((s, g) => s + g, 0));
        expect(a.operationGood).toBe(a.good);
        expect(a.keys).toEqual([...valid.keys()].map(String).sort());
      }),
      { numRuns: 12 },
    );
  }, 120_000);
});
