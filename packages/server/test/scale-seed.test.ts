import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoFactory } from '../src/demo/index.js';
import { isSpringFestival, SCALE_SIZES, scaleCounts, seedScale } from '../src/demo/scale/index.js';
import { dayWeight, yearBuckets } from '../src/demo/scale/season.js';
import { backends, startTestServer, TestClock, type TestServer } from './harness.js';

const NOW = new Date('2026-11-25T09:00:00+08:00');

/**
 * The year-of-data generator at its `small` size (the year's shapes at ~1/500) on the demo plant:
 * the rows hang together (ledger = balances, every report's operation and every edge's lots exist)
 * and the distributions are the ones asked for, within tolerance.
 */
describe.each(backends())('the scale data set (small) on %s', (backend) => {
  let server: TestServer;
  let counts: Record<string, number>;
  let seconds = 0;
  const rows = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(server.database.db)).rows;
  const o = () => server.deps.config.orgId;

  beforeAll(async () => {
    server = await startTestServer({
      backend,
      seed: async (db, config) => {
        await seedDemoFactory(db, config, new TestClock(NOW));
        const result = await seedScale(db, { orgId: config.orgId, size: 'small', now: NOW });
        counts = result.counts;
        seconds = result.seconds;
      },
    });
  }, 120_000);
  afterAll(() => server?.close());

  it('makes the small size’s rows', () => {
    console.log(`[scale] ${backend}: small seeded in ${seconds.toFixed(2)} s`, counts);
    const s = SCALE_SIZES.small;
    expect(counts.items).toBe(s.items);
    expect(counts.routings).toBe(s.routedItems);
    expect(counts.work_orders).toBe(s.workOrders);
    expect(counts.reports).toBe(s.reports);
    expect(counts.movements).toBe(s.movements);
    expect(counts.lots).toBe(s.lots);
    expect(counts.genealogy_edges).toBe(s.genealogyEdges);
    expect(counts.requests).toBe(s.requests);
    expect(counts.alerts).toBe(s.alerts);
    // Zipf draws repeat a child within a parent now and then: those lines are kept once.
    expect(counts.bom_lines).toBeGreaterThan(s.makeItems * s.bomLinesPerParent * 0.6);
    expect(counts.bom_lines).toBeLessThanOrEqual(s.makeItems * s.bomLinesPerParent);
    // 3–10 steps a routing: about 6.7 operations a work order, as 200k over 30k.
    expect(counts.operations / counts.work_orders).toBeGreaterThan(4);
    expect(counts.operations / counts.work_orders).toBeLessThan(9);
  });

  it('keeps balances equal to the ledger, never negative', async () => {
    const diff = await rows(sql<{ n: string }>`select count(*) n from (
      select item, location, lot, sum(qty) q from stock_movements where org_id = ${o()} and item like 'Y-%' group by 1, 2, 3) m
      full join (select item, location, lot, qty from stock_balances where org_id = ${o()} and item like 'Y-%') b
        using (item, location, lot)
      where m.q is distinct from b.qty`);
    expect(Number(diff[0]!.n)).toBe(0);
    const negative = await rows(
      sql<{ n: string }>`select count(*) n from stock_balances where org_id = ${o()} and qty < 0`,
    );
    expect(Number(negative[0]!.n)).toBe(0);
    const lots = await rows(sql<{ n: string }>`select count(*) n from lots l join stock_balances b
      on b.org_id = l.org_id and b.lot = l.code where l.org_id = ${o()} and l.code like 'Y%' and l.qty <> b.qty`);
    expect(Number(lots[0]!.n)).toBe(0);
  });

  it('hangs together: reports name operations, edges name lots, operations sum their reports', async () => {
    const orphans = await rows(sql<{ reports: string; edges: string; ops: string; lines: string }>`select
      (select count(*) from operation_reports r where r.org_id = ${o()} and not exists (select 1 from work_order_operations w
        where w.org_id = r.org_id and w.work_order_no = r.work_order_no and w.seq = r.seq)) reports,
      (select count(*) from genealogy_edges e where e.org_id = ${o()} and not exists (select 1 from lots l where l.org_id = e.org_id and l.code = e.from_lot)
         or not exists (select 1 from lots l where l.org_id = e.org_id and l.code = e.to_lot)) edges,
      (select count(*) from work_order_operations w where w.org_id = ${o()} and w.work_order_no like 'YWO%' and w.good_qty <>
        coalesce((select sum(good_qty) from operation_reports r where r.org_id = w.org_id and r.work_order_no = w.work_order_no and r.seq = w.seq), 0)) ops,
      (select count(*) from operation_reports r join work_order_operations w on w.org_id = r.org_id and w.work_order_no = r.work_order_no and w.seq = r.seq
        where r.org_id = ${o()} and w.status not in ('done', 'in-progress')) lines`);
    expect(Object.values(orphans[0]!).map(Number)).toEqual([0, 0, 0, 0]);
    const future = await rows(sql<{ n: string }>`select
      (select count(*) from operation_reports where org_id = ${o()} and work_order_no like 'YWO%' and created_at > ${NOW}) +
      (select count(*) from stock_movements where org_id = ${o()} and item like 'Y-%' and at > ${NOW}) n`);
    expect(Number(future[0]!.n)).toBe(0);
    const live = await rows(sql<{
      n: string;
    }>`select count(*) n from (select subject from alerts where org_id = ${o()}
      and status <> 'resolved' group by kind, subject having count(*) > 1) d`);
    expect(Number(live[0]!.n)).toBe(0);
  });

  it('has the year’s shape: a few items everywhere, closed history, an open month, busy spring, quiet New Year', async () => {
    const top = await rows(sql<{ child: string; n: string }>`select child, count(*) n from bom_lines
      where org_id = ${o()} and parent like 'Y-%' group by child order by n desc limit 1`);
    // The most used bought part sits in at least a sixth of the BOMs (uniform would be 1/32).
    expect(Number(top[0]!.n)).toBeGreaterThanOrEqual(SCALE_SIZES.small.makeItems / 6);
    const wo = await rows(sql<{ old: string; old_closed: string; recent: string; recent_open: string }>`select
      count(*) filter (where created_at < ${NOW}::timestamptz - interval '30 days') old,
      count(*) filter (where created_at < ${NOW}::timestamptz - interval '30 days' and status in ('closed', 'done', 'cancelled')) old_closed,
      count(*) filter (where created_at >= ${NOW}::timestamptz - interval '30 days') recent,
      count(*) filter (where created_at >= ${NOW}::timestamptz - interval '30 days' and status not in ('closed', 'done', 'cancelled')) recent_open
      from work_orders where org_id = ${o()} and no like 'YWO%'`);
    const w = wo[0]!;
    expect(Number(w.old_closed) / Number(w.old)).toBeGreaterThan(0.9);
    expect(Number(w.recent)).toBeGreaterThan(0);
    expect(Number(w.recent_open)).toBe(Number(w.recent));
    // Movements by month: spring and autumn above summer; the Spring Festival fortnight near zero.
    const months = await rows(sql<{
      m: string;
      n: string;
    }>`select to_char(at at time zone 'Asia/Shanghai', 'MM') m, count(*) n
      from stock_movements where org_id = ${o()} and item like 'Y-%' and kind in ('receipt', 'production-receipt') group by 1`);
    const by = Object.fromEntries(months.map((r) => [r.m, Number(r.n)]));
    expect((by['04'] ?? 0) + (by['10'] ?? 0)).toBeGreaterThan((by['07'] ?? 0) + (by['08'] ?? 0));
    const festival = await rows(sql<{ n: string }>`select count(*) n from work_orders
      where org_id = ${o()} and no like 'YWO%' and created_at >= '2026-02-12T00:00:00+08:00' and created_at < '2026-02-27T00:00:00+08:00'`);
    // 15 days at 12 % of the weight: about 0.5 % of the year's orders.
    expect(Number(festival[0]!.n)).toBeLessThanOrEqual(Math.ceil(SCALE_SIZES.small.workOrders * 0.02));
  });

  it('refuses to seed twice and serves its rows through the routes', async () => {
    const again = await seedScale(server.database.db, { orgId: o(), size: 'small', now: NOW });
    expect(again.seeded).toBe(false);
    expect(await scaleCounts(server.database.db, o())).toEqual(counts);
    const res = await fetch(`${server.url}/api/v1/work-orders/YWO000001`, {
      headers: { Authorization: `Bearer ${await server.token('demo-planner')}` },
    });
    expect(res.status).toBe(200);
  });
});

describe('the scale data set is deterministic and seasonal', () => {
  it('places every bucket on a day of the year, in order, more often in busy months', () => {
    const { days, bucketDay } = yearBuckets('2026-11-25');
    expect(days).toHaveLength(365);
    expect(days.at(-1)).toBe('2026-11-25');
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: bucketDay.length - 1 }),
        (b) => bucketDay[b]! >= bucketDay[b - 1]!,
      ),
    );
    const per = (prefix: string) =>
      bucketDay.filter((d) => days[d]!.startsWith(prefix)).length /
      days.filter((d) => d.startsWith(prefix)).length;
    expect(per('2026-04')).toBeGreaterThan(per('2026-07') * 1.3);
    expect(isSpringFestival('2026-02-17')).toBe(true);
    expect(isSpringFestival('2026-03-17')).toBe(false);
    expect(dayWeight('2026-02-17')).toBeLessThan(dayWeight('2026-04-15') / 5);
  });

  it('gives the same rows for the same seed and day', async () => {
    const run = async () => {
      const server = await startTestServer({
        seed: async (db, config) => {
          await seedDemoFactory(db, config, new TestClock(NOW));
          await seedScale(db, { orgId: config.orgId, size: 'small', now: NOW, seed: 7 });
        },
      });
      try {
        const r = await sql<{
          h: string;
        }>`select md5(string_agg(work_order_no || seq || good_qty || created_at, ',' order by id)) h
          from operation_reports where work_order_no like 'YWO%'`.execute(server.database.db);
        const m = await sql<{ h: string }>`select md5(string_agg(item || lot || qty || at, ',' order by id)) h
          from stock_movements where item like 'Y-%'`.execute(server.database.db);
        return [r.rows[0]!.h, m.rows[0]!.h];
      } finally {
        await server.close();
      }
    };
    expect(await run()).toEqual(await run());
  }, 120_000);
});
