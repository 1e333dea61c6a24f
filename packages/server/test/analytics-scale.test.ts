import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_REPORTS } from '../src/modules/analytics/read.js';
import { seedProduction } from './fixtures-production.js';
import { backends, startTestServer, type TestServer } from './harness.js';

/**
 * The team comparison at its bound: 100,000 reports of a year over 2,000 operations, inserted without
 * ANALYZE (embedded PGlite runs no autovacuum: the planner works from stale statistics), answered in
 * seconds; one report more is refused with 400 at `from`.
 */
describe.each(backends())('the team comparison at 100,000 reports on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedProduction });
  });
  afterAll(() => server?.close());

  const ask = async (query: string) => {
    const res = await fetch(`${server.url}/api/v1/analytics/team-comparison?${query}`, {
      headers: { Authorization: `Bearer ${await server.token('pl-zhou')}` },
    });
    // biome-ignore lint/suspicious/noExplicitAny: answers read loosely, field by field
    return { status: res.status, body: (await res.json()) as any };
  };

  it('answers 100,000 reports within seconds, and refuses one more', async () => {
    const db = server.database.db;
    const o = server.deps.config.orgId;
    const orders = 1000;
    await sql`insert into work_orders (org_id, no, item, qty, due, status)
      select ${o}, 'S-' || g, 'CHAIR', 1000, '2026-12-31', 'in-progress' from generate_series(1, ${orders}) g`.execute(
      db,
    );
    await sql`insert into work_order_operations (org_id, work_order_no, seq, name, workshop, work_center, standard_minutes)
      select ${o}, 'S-' || g, s, '工序' || s, 'WS-MCH', 'SAW-1', 2
      from generate_series(1, ${orders}) g, (values (10), (20)) v(s)`.execute(db);
    // Every 4 minutes from 2026-01-01 08:00: 100,000 reports reach into 2026-10; 王师傅 every third.
    await sql`insert into operation_reports (id, org_id, work_order_no, seq, good_qty, reporter, device_time, created_at)
      select gen_random_uuid(), ${o}, 'S-' || (1 + (g % ${orders})), case when g % 2 = 0 then 10 else 20 end, 1,
             case when g % 3 = 0 then 'op-wang' else 'op-li' end,
             timestamptz '2026-01-01 08:00+08' + g * interval '4 minutes',
             timestamptz '2026-01-01 08:00+08' + g * interval '4 minutes'
      from generate_series(1, ${MAX_REPORTS}) g`.execute(db);
    const started = performance.now();
    const answer = await ask('from=2026-01-01&to=2026-12-31&groupBy=operator');
    const ms = performance.now() - started;
    expect(answer.status).toBe(200);
    const reports = Object.fromEntries(
      answer.body.rows.map((r: { key: string; reports: number }) => [r.key, r.reports]),
    );
    const third = Math.floor(MAX_REPORTS / 3);
    expect(reports).toEqual({ 'op-wang': third, 'op-li': MAX_REPORTS - third });
    console.log(`[analytics] ${backend}: ${MAX_REPORTS} reports answered in ${Math.round(ms)} ms`);
    expect(ms).toBeLessThan(20_000);

    await sql`insert into operation_reports (id, org_id, work_order_no, seq, good_qty, reporter, device_time, created_at)
      values (gen_random_uuid(), ${o}, 'S-1', 10, 1, 'op-li', '2026-11-30T10:00:00+08:00', '2026-11-30T10:00:00+08:00')`.execute(
      db,
    );
    const refused = await ask('from=2026-01-01&to=2026-12-31');
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      {
        path: 'from',
        message: `more than ${MAX_REPORTS} reports in the range: choose fewer days, a workshop or an item`,
      },
    ]);
    // A narrower range of the same data is answered.
    expect((await ask('from=2026-11-01&to=2026-11-30')).status).toBe(200);
  }, 300_000);
});
