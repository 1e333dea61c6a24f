import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MAX_SKIPPED,
  type Scope,
  type SkippedOperation,
  skippedOperations,
  withAnalyticsPlanner,
} from '../src/modules/analytics/read.js';
import { isoShanghai } from '../src/shared/time.js';
import { backends, startTestServer, type TestServer } from './harness.js';

const DAY = 86_400_000;
const WORKSHOPS = ['WS-A', 'WS-B', 'WS-C'] as const;

/** One report: its day (relative to the range's first), minute of the day, and how its time is kept. */
const reportArb = fc.record({
  day: fc.integer({ min: -3, max: 6 }),
  minute: fc.integer({ min: 0, max: 1439 }),
  /** null: no device time (created_at is the time); else created_at this many minutes later. */
  lag: fc.option(fc.integer({ min: 0, max: 2000 }), { nil: null }),
});
/** An operation: whether its pieces say reported (by good, by scrap only), its workshop, its reports. */
const operationArb = fc.record({
  pieces: fc.constantFrom('none', 'none', 'good', 'good', 'scrap'),
  workshop: fc.nat(WORKSHOPS.length - 1),
  // Reports are written outside the app here: an operation may have some without pieces, or
  // pieces without any (the year's seed and imports write them so).
  reports: fc.array(reportArb, { maxLength: 3 }),
});
const orderArb = fc.record({
  item: fc.nat(1),
  operations: fc.array(operationArb, { minLength: 1, maxLength: 7 }),
});
const filterArb = fc.record({
  fromDay: fc.nat(3),
  days: fc.nat(3),
  item: fc.constantFrom<number | 'none' | null>(null, null, 0, 1, 'none'),
  workshops: fc.option(fc.subarray([...WORKSHOPS]), { nil: null }),
});

type ValueOf<A> = A extends fc.Arbitrary<infer T> ? T : never;
type Order = ValueOf<typeof orderArb>;
type Filter = ValueOf<typeof filterArb>;

describe.each(backends())('skipped operations on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend });
  });
  afterAll(() => server?.close());

  let run = 0;

  /** Writes the orders (each run far from the others in time) and returns what the oracle needs. */
  async function write(orders: Order[]) {
    const db = server.database.db;
    const org = server.deps.config.orgId;
    const tag = `SK${process.pid}R${++run}`;
    // Runs 40 days apart: no other run's report falls in this one's range.
    const base = Date.parse('2031-01-06T00:00:00+08:00') + run * 40 * DAY;
    const items = [`${tag}-I0`, `${tag}-I1`];
    await db
      .insertInto('items')
      .values(items.map((code) => ({ org_id: org, code, name: code, uom: 'pcs', type: 'make' as const })))
      .execute();
    const written = orders.map((o, i) => ({
      no: `${tag}-W${String(i).padStart(3, '0')}`,
      item: items[o.item]!,
      operations: o.operations.map((op, j) => ({
        seq: (j + 1) * 10,
        name: `工序${j + 1}`,
        workshop: WORKSHOPS[op.workshop]!,
        reported: op.pieces !== 'none',
        pieces: op.pieces,
        reports: op.reports.map((r) => {
          const at = base + r.day * DAY + r.minute * 60_000;
          return {
            at,
            device: r.lag === null ? null : at,
            created: r.lag === null ? at : at + r.lag * 60_000,
          };
        }),
      })),
    }));
    await db
      .insertInto('work_orders')
      .values(
        written.map((w) => ({
          org_id: org,
          no: w.no,
          item: w.item,
          qty: 100,
          due: '2031-12-31',
          status: 'in-progress' as const,
        })),
      )
      .execute();
    await db
      .insertInto('work_order_operations')
      .values(
        written.flatMap((w) =>
          w.operations.map((op) => ({
            org_id: org,
            work_order_no: w.no,
            seq: op.seq,
            name: op.name,
            workshop: op.workshop,
            good_qty: op.pieces === 'good' ? 3 : 0,
            scrap_qty: op.pieces === 'scrap' ? 1 : 0,
          })),
        ),
      )
      .execute();
    const reports = written.flatMap((w) =>
      w.operations.flatMap((op) =>
        op.reports.map((r) => ({
          id: randomUUID(),
          org_id: org,
          work_order_no: w.no,
          seq: op.seq,
          good_qty: 1,
          reporter: 'nobody',
          device_time: r.device === null ? null : new Date(r.device).toISOString(),
          created_at: new Date(r.created).toISOString(),
        })),
      ),
    );
    if (reports.length > 0) await db.insertInto('operation_reports').values(reports).execute();
    return { base, items, written };
  }

  function scopeOf(base: number, items: string[], f: Filter): Scope {
    const start = base + f.fromDay * DAY;
    return {
      orgId: server.deps.config.orgId,
      start: new Date(start),
      end: new Date(start + (f.days + 1) * DAY),
      item: f.item === null ? undefined : f.item === 'none' ? 'no-such-item' : items[f.item],
      workshops: f.workshops,
    };
  }

  /** The oracle: the definition in docs/team-comparison.md, over what was written. */
  function expected(written: Awaited<ReturnType<typeof write>>['written'], s: Scope): SkippedOperation[] {
    const inRange = (t: number) => t >= s.start.getTime() && t < s.end.getTime();
    const rows: SkippedOperation[] = [];
    for (const w of [...written].sort((a, b) => (a.no < b.no ? -1 : 1))) {
      if (s.item !== undefined && w.item !== s.item) continue;
      if (!w.operations.some((op) => op.reports.some((r) => inRange(r.device ?? r.created)))) continue;
      for (const op of w.operations) {
        if (op.reported) continue;
        if (s.workshops && !s.workshops.includes(op.workshop)) continue;
        const later = w.operations.find((l) => l.seq > op.seq && l.reported);
        if (!later) continue;
        const times = later.reports.map((r) => r.device ?? r.created);
        rows.push({
          workOrderNo: w.no,
          seq: op.seq,
          operation: op.name,
          laterSeq: later.seq,
          laterReportedAt: isoShanghai(times.length > 0 ? new Date(Math.min(...times)) : null),
        });
      }
    }
    return rows.slice(0, MAX_SKIPPED);
  }

  const read = (s: Scope) => withAnalyticsPlanner(server.database.db, (tx) => skippedOperations(tx, s));

  it('lists what the definition lists (random orders, pieces, reports in and out of the range, item and workshop filters)', async () => {
    const seen = { listed: 0, empty: 0, filteredOut: 0, laterBeforeRange: 0, unreportedWithReports: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.array(orderArb, { minLength: 1, maxLength: 8 }),
        fc.array(filterArb, { minLength: 1, maxLength: 4 }),
        async (orders, filters) => {
          const { base, items, written } = await write(orders);
          for (const f of filters) {
            const s = scopeOf(base, items, f);
            const want = expected(written, s);
            expect(await read(s)).toEqual(want);
            if (want.length > 0) seen.listed++;
            else seen.empty++;
            if (
              want.some(
                (r) => r.laterReportedAt !== null && Date.parse(r.laterReportedAt) < s.start.getTime(),
              )
            )
              seen.laterBeforeRange++;
            if (
              (f.workshops || f.item !== null) &&
              want.length < expected(written, { ...s, item: undefined, workshops: null }).length
            )
              seen.filteredOut++;
          }
          if (written.some((w) => w.operations.some((op) => !op.reported && op.reports.length > 0)))
            seen.unreportedWithReports++;
        },
      ),
      { numRuns: 60 },
    );
    // The property must not pass on empty answers only.
    expect(seen.listed).toBeGreaterThan(10);
    expect(seen.empty).toBeGreaterThan(10);
    expect(seen.filteredOut).toBeGreaterThan(3);
    expect(seen.laterBeforeRange).toBeGreaterThan(3);
    expect(seen.unreportedWithReports).toBeGreaterThan(3);
  });

  it(`stops at ${MAX_SKIPPED} rows, the first by work order and seq`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            item: fc.constant(0),
            operations: fc.array(operationArb, { minLength: 5, maxLength: 7 }).map((ops) =>
              // Mostly skipped: only the last operation reported, each with a report in the range.
              ops.map((op, i): Order['operations'][number] => ({
                ...op,
                pieces: i === ops.length - 1 ? 'good' : op.pieces === 'scrap' ? 'scrap' : 'none',
                reports: i === ops.length - 1 ? [{ day: 0, minute: 600, lag: null }] : op.reports,
              })),
            ),
          }),
          { minLength: 120, maxLength: 140 },
        ),
        fc.option(fc.subarray([...WORKSHOPS], { minLength: 2 }), { nil: null }),
        async (orders, workshops) => {
          const { base, items, written } = await write(orders);
          const s = scopeOf(base, items, { fromDay: 0, days: 0, item: null, workshops });
          const all = expected(written, { ...s, workshops });
          const answer = await read(s);
          expect(answer).toEqual(all);
        },
      ),
      // Shrinking 120 orders took minutes when it failed: the first counterexample is enough.
      { numRuns: 3, endOnFailure: true },
    );
    // The cap itself, on a run certain to pass it.
    const { base, items, written } = await write(
      Array.from({ length: 130 }, () => ({
        item: 0,
        operations: [0, 1, 2, 3, 4, 5].map((i): Order['operations'][number] => ({
          pieces: i === 5 ? 'good' : 'none',
          workshop: i % 3,
          reports: i === 5 ? [{ day: 0, minute: 60, lag: null }] : [],
        })),
      })),
    );
    const s = scopeOf(base, items, { fromDay: 0, days: 0, item: null, workshops: null });
    const answer = await read(s);
    expect(answer).toHaveLength(MAX_SKIPPED);
    expect(answer).toEqual(expected(written, s));
    expect(answer.at(-1)).toMatchObject({ workOrderNo: written[99]!.no, seq: 50 });
  });

  it('takes an operation with pieces but no report as reported (its later time then none)', async () => {
    const { base, items, written } = await write([
      {
        item: 0,
        operations: [
          { pieces: 'good', workshop: 0, reports: [{ day: 0, minute: 100, lag: null }] },
          { pieces: 'none', workshop: 1, reports: [] },
          { pieces: 'scrap', workshop: 2, reports: [] },
          { pieces: 'none', workshop: 0, reports: [{ day: -2, minute: 5, lag: 30 }] },
          { pieces: 'good', workshop: 1, reports: [{ day: -1, minute: 7, lag: 3000 }] },
        ],
      },
    ]);
    const s = scopeOf(base, items, { fromDay: 0, days: 0, item: null, workshops: null });
    const answer = await read(s);
    expect(answer).toEqual(expected(written, s));
    expect(answer.map((r) => [r.seq, r.laterSeq])).toEqual([
      [20, 30],
      [40, 50],
    ]);
    expect(answer[0]!.laterReportedAt).toBeNull();
    expect(answer[1]!.laterReportedAt).toBe(isoShanghai(new Date(base - DAY + 7 * 60_000)));
    // Through the route, whose answers are checked against the SDK's schema here: null is in it.
    const planner = `SK${process.pid}-planner`;
    await server.database.db
      .insertInto('users')
      .values({ org_id: server.deps.config.orgId, id: planner, name: '计划', roles: ['planner'] })
      .execute();
    const day = isoShanghai(new Date(base))!.slice(0, 10);
    const res = await fetch(
      `${server.url}/api/v1/analytics/team-comparison?${new URLSearchParams({ from: day, to: day, item: items[0]! })}`,
      { headers: { Authorization: `Bearer ${await server.token(planner)}` } },
    );
    expect(res.status).toBe(200);
    expect(((await res.json()) as { skipped: SkippedOperation[] }).skipped).toEqual(answer);
  });

  it('leaves out the work orders not reported in the range, and those of another item', async () => {
    const { base, items, written } = await write([
      // Reported only before the range (by device time; created in it).
      {
        item: 0,
        operations: [
          { pieces: 'none', workshop: 0, reports: [] },
          { pieces: 'good', workshop: 0, reports: [{ day: -1, minute: 1439, lag: 60 }] },
        ],
      },
      // Reported in the range, another item.
      {
        item: 1,
        operations: [
          { pieces: 'none', workshop: 0, reports: [] },
          { pieces: 'good', workshop: 0, reports: [{ day: 0, minute: 0, lag: null }] },
        ],
      },
    ]);
    const all = scopeOf(base, items, { fromDay: 0, days: 0, item: null, workshops: null });
    expect((await read(all)).map((r) => r.workOrderNo)).toEqual([written[1]!.no]);
    expect(await read(scopeOf(base, items, { fromDay: 0, days: 0, item: 0, workshops: null }))).toEqual([]);
    expect(
      (await read(scopeOf(base, items, { fromDay: 0, days: 0, item: 1, workshops: ['WS-A'] }))).length,
    ).toBe(1);
    expect(await read(scopeOf(base, items, { fromDay: 0, days: 0, item: 1, workshops: ['WS-B'] }))).toEqual(
      [],
    );
  });
});
