import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/schema.js';
import {
  catchUpTeamMinutes,
  createTeamMinutesWorker,
  reopenTeamMinutesBackfill,
} from '../src/modules/analytics/minutes-worker.js';
import { comparisonMode } from '../src/modules/analytics/routes.js';
import { seedProduction } from './fixtures-production.js';
import { backends, startTestServer, type TestServer } from './harness.js';

/** 2026-11-02 00:00 Shanghai (a Monday), in epoch minutes. */
const BASE = Date.parse('2026-11-02T00:00:00+08:00') / 60_000;
const isoOf = (minute: number) => new Date(minute * 60_000).toISOString();
const dayOf = (offsetDays: number) =>
  new Date(Date.parse('2026-11-02T12:00:00+08:00') + offsetDays * 86_400_000).toISOString().slice(0, 10);
const calendarOf = (days: readonly number[], late: boolean) =>
  JSON.stringify({
    workdays: days,
    shifts: [
      { start: '08:00', end: '12:00' },
      { start: late ? '12:30' : '13:00', end: late ? '20:00' : '17:00' },
    ],
  });

/** One step of the plant's life: a report (any time: later ones may come with earlier times), a calendar edit, a team change, a worker tick. */
type Step =
  | {
      kind: 'report';
      wo: number;
      op: number;
      user: number;
      good: number;
      at: number;
      started: number | null;
      /** false: written as a seed writes it, without an outbox event; the seed reopens the backfill. */
      event: boolean;
    }
  | { kind: 'calendar'; days: readonly number[]; late: boolean }
  | { kind: 'team'; user: number; team: string | null }
  | { kind: 'tick' };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('report' as const),
      wo: fc.nat(1),
      op: fc.nat(2),
      user: fc.nat(2),
      good: fc.integer({ min: 1, max: 9 }),
      at: fc.integer({ min: 0, max: 10 * 1440 }),
      started: fc.option(fc.integer({ min: 5, max: 900 }), { nil: null }),
      event: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('calendar' as const),
      days: fc.constantFrom([1, 2, 3, 4, 5], [1, 2, 3, 4, 5, 6], [2, 3, 4, 5, 6, 7]),
      late: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('team' as const),
      user: fc.nat(2),
      team: fc.constantFrom<string | null>('甲班', '乙班', null),
    }),
  },
  { weight: 3, arbitrary: fc.constant({ kind: 'tick' as const }) },
);

/**
 * team_comparison_days holds exactly the stored minutes summed per day and kind (derive.ts keeps
 * them in one statement): none missing, none extra, no sum off.
 */
async function expectDaysInStep(db: Kysely<Database>, org: string): Promise<void> {
  const { rows } = await sql<{ side: string; day: string; n: number }>`
    with minutes as (
      select ((d.at at time zone 'UTC') + interval '8 hours')::date as day, d.reporter, d.workshop,
             coalesce(d.work_center, '') as work_center, d.item, d.seq, min(d.operation collate "C") as operation,
             count(*)::int as n, (count(*) filter (where d.actual_ms > 0))::int as measured_n, sum(d.qty) as qty,
             coalesce(sum(d.qty) filter (where d.actual_ms > 0), 0) as measured_qty,
             coalesce(sum(d.actual_ms) filter (where d.actual_ms > 0), 0)::bigint as actual_ms,
             coalesce(sum(d.standard) filter (where d.actual_ms > 0), 0) as standard
      from team_comparison_minutes d where d.org_id = ${org}
      group by 1, 2, 3, 4, 5, 6
    ),
    days as (
      select day, reporter, workshop, work_center, item, seq, operation, n, measured_n, qty, measured_qty,
             actual_ms, standard
      from team_comparison_days where org_id = ${org}
    )
    select 'missing' as side, z.day::text as day, z.n from (select * from minutes except all select * from days) z
    union all
    select 'extra', z.day::text, z.n from (select * from days except all select * from minutes) z`.execute(
    db,
  );
  expect(rows).toEqual([]);
}

describe.each(backends())('team comparison from stored minutes on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedProduction });
  });
  afterAll(() => {
    comparisonMode.live = false;
    return server?.close();
  });

  async function answer(user: string, query: Record<string, string>, live: boolean): Promise<string> {
    comparisonMode.live = live;
    try {
      const res = await fetch(
        `${server.url}/api/v1/analytics/team-comparison?${new URLSearchParams(query)}`,
        {
          headers: { Authorization: `Bearer ${await server.token(user)}` },
        },
      );
      const body = await res.text();
      expect(res.status, body).toBe(200);
      return body;
    } finally {
      comparisonMode.live = false;
    }
  }

  it('answers byte for byte as the live-only answer, whatever reports, late reports, calendar edits, team changes and worker ticks came before', async () => {
    const db = server.database.db;
    const o = server.deps.config.orgId;
    const worker = createTeamMinutesWorker(server.deps);
    let run = 0;
    /** The property must meet stored rows taken, and stale ones measured live. */
    const seen = { stored: 0, staleCount: 0, staleCalendar: 0, seeded: 0 };
    const property = fc.asyncProperty(
      fc.array(stepArb, { minLength: 1, maxLength: 24 }),
      fc.integer({ min: 0, max: 5 }),
      fc.integer({ min: 0, max: 6 }),
      async (steps, fromDay, days) => {
        const tag = `ST${process.pid}R${++run}`;
        const center = `${tag}-C`;
        await sql`insert into items (org_id, code, name, uom, type, precision)
                  values (${o}, ${tag}, ${`物料${tag}`}, 'pcs', 'make', 0)`.execute(db);
        await db
          .insertInto('work_centers')
          .values({
            org_id: o,
            code: center,
            name: `中心${tag}`,
            workshop: 'WS-MCH',
            calendar: calendarOf([1, 2, 3, 4, 5, 6], false) as never,
          })
          .execute();
        const users = [0, 1, 2].map((i) => `${tag}-u${i}`);
        await db
          .insertInto('users')
          .values(
            users.map((id, i) => ({
              org_id: o,
              id,
              name: `工${i}${tag}`,
              roles: ['operator'],
              team: i === 0 ? null : '甲班',
            })),
          )
          .execute();
        const nos = [0, 1].map((i) => `${tag}-W${i}`);
        for (const no of nos) {
          await db
            .insertInto('work_orders')
            .values({ org_id: o, no, item: tag, qty: 1000, due: '2026-12-31', status: 'in-progress' })
            .execute();
          await db
            .insertInto('work_order_operations')
            .values(
              [0, 1, 2].map((i) => ({
                org_id: o,
                work_order_no: no,
                seq: (i + 1) * 10,
                name: `工序${i + 1}`,
                workshop: 'WS-MCH',
                work_center: i === 2 ? null : center,
                standard_minutes: [0.5, 2.5, 1][i]!,
                setup_minutes: [15, 0, 30][i]!,
                actual_start: i === 1 ? isoOf(BASE + 60) : null,
              })),
            )
            .execute();
        }
        const query = { from: dayOf(fromDay), to: dayOf(fromDay + days), item: tag };
        const compare = async () => {
          for (const groupBy of ['team', 'operator', 'workCenter', 'operation'] as const) {
            const q = { ...query, groupBy };
            expect(await answer('pl-zhou', q, false)).toBe(await answer('pl-zhou', q, true));
          }
          const csv = { ...query, format: 'csv' };
          expect(await answer('pl-zhou', csv, false)).toBe(await answer('pl-zhou', csv, true));
        };
        const storedRows = async () =>
          Number(
            (
              await sql<{ n: string }>`select count(*) as n from team_comparison_minutes d
                join work_orders w on w.org_id = d.org_id and w.no = d.work_order_no where w.item = ${tag}`.execute(
                db,
              )
            ).rows[0]!.n,
          );
        for (const step of steps) {
          if (step.kind === 'report') {
            const no = nos[step.wo]!;
            const seq = (step.op + 1) * 10;
            const id = randomUUID();
            await db
              .insertInto('operation_reports')
              .values({
                id,
                org_id: o,
                work_order_no: no,
                seq,
                good_qty: step.good,
                reporter: users[step.user]!,
                device_time: isoOf(BASE + step.at),
                created_at: new Date().toISOString(),
                started_at: step.started === null ? null : isoOf(BASE + step.at - step.started),
              })
              .execute();
            if (step.event) {
              // The event the report service writes in the report's statement (production/report-service.ts).
              await sql`insert into outbox_events (org_id, topic, aggregate_type, aggregate_id, payload)
                        values (${o}, 'operation-report.created', 'work-order', ${no},
                                ${JSON.stringify({ id, workOrderNo: no, seq })}::jsonb)`.execute(db);
            } else {
              await reopenTeamMinutesBackfill(db);
              if ((await storedRows()) > 0) seen.seeded++;
            }
            if ((await storedRows()) > 0) seen.staleCount++;
          } else if (step.kind === 'calendar') {
            await db
              .updateTable('work_centers')
              .set({ calendar: calendarOf(step.days, step.late) as never })
              .where('org_id', '=', o)
              .where('code', '=', center)
              .execute();
            if ((await storedRows()) > 0) seen.staleCalendar++;
          } else if (step.kind === 'team') {
            await db
              .updateTable('users')
              .set({ team: step.team })
              .where('org_id', '=', o)
              .where('id', '=', users[step.user]!)
              .execute();
          } else {
            await worker.tick();
            if ((await storedRows()) > 0) seen.stored++;
          }
          await compare();
          await expectDaysInStep(db, o);
        }
      },
    );
    // Found by this property: a seed's report before the range, after the backfill had stored its
    // successor in the range (the successor's stored minutes are stale until the backfill passes).
    const seedBeforeRange: Parameters<typeof property.run>[0] = [
      [
        { kind: 'report', wo: 0, op: 0, user: 0, good: 1, at: 1440, started: null, event: false },
        { kind: 'tick' },
        { kind: 'report', wo: 0, op: 0, user: 0, good: 1, at: 0, started: null, event: false },
        { kind: 'tick' },
      ],
      1,
      0,
    ];
    // A calendar edited after the worker stored rows of its work center: the random runs meet this
    // only now and then (the coverage check below failed once in CI), so it is always run too.
    const calendarAfterStored: Parameters<typeof property.run>[0] = [
      [
        { kind: 'report', wo: 1, op: 1, user: 1, good: 2, at: 600, started: 90, event: true },
        { kind: 'tick' },
        { kind: 'calendar', days: [1, 2, 3, 4, 5], late: true },
        { kind: 'tick' },
      ],
      0,
      3,
    ];
    await fc.assert(property, { numRuns: 25, examples: [seedBeforeRange, calendarAfterStored] });
    expect(seen.stored).toBeGreaterThan(0);
    expect(seen.staleCount).toBeGreaterThan(0);
    expect(seen.staleCalendar).toBeGreaterThan(0);
    expect(seen.seeded).toBeGreaterThan(0);
  }, 600_000);

  it('measures live the successor of a late report before the range, and the reports of an edited calendar, until the worker catches up', async () => {
    const db = server.database.db;
    const o = server.deps.config.orgId;
    const worker = createTeamMinutesWorker(server.deps);
    const tag = `SX${process.pid}`;
    const center = `${tag}-C`;
    await sql`insert into items (org_id, code, name, uom, type, precision)
              values (${o}, ${tag}, ${`物料${tag}`}, 'pcs', 'make', 0)`.execute(db);
    await db
      .insertInto('work_centers')
      .values({
        org_id: o,
        code: center,
        name: `中心${tag}`,
        workshop: 'WS-MCH',
        calendar: calendarOf([1, 2, 3, 4, 5], false) as never,
      })
      .execute();
    await db
      .insertInto('work_orders')
      .values({ org_id: o, no: tag, item: tag, qty: 100, due: '2026-12-31', status: 'in-progress' })
      .execute();
    await db
      .insertInto('work_order_operations')
      .values({
        org_id: o,
        work_order_no: tag,
        seq: 10,
        name: '工序1',
        workshop: 'WS-MCH',
        work_center: center,
        standard_minutes: 1,
        setup_minutes: 30,
      })
      .execute();
    const reportAt = async (day: number, event: boolean, into = db) => {
      const id = randomUUID();
      await into
        .insertInto('operation_reports')
        .values({
          id,
          org_id: o,
          work_order_no: tag,
          seq: 10,
          good_qty: 5,
          reporter: 'op-wang',
          device_time: isoOf(BASE + day * 1440 + 600),
          created_at: new Date().toISOString(),
        })
        .execute();
      if (event)
        await sql`insert into outbox_events (org_id, topic, aggregate_type, aggregate_id, payload)
                  values (${o}, 'operation-report.created', 'work-order', ${tag}, ${JSON.stringify({ id, seq: 10 })}::jsonb)`.execute(
          db,
        );
    };
    // Monday and Thursday; the range is Wednesday to Friday.
    await reportAt(0, true);
    await reportAt(3, true);
    await worker.tick();
    const query = { from: dayOf(2), to: dayOf(4), item: tag };
    const before = await answer('pl-zhou', query, true);
    expect(JSON.parse(before).rows[0]).toMatchObject({ reports: 1, actualMinutes: 3 * 480 });
    const stored = async () =>
      (
        await sql<{ m: number }>`select actual_ms / 60000.0 as m from team_comparison_minutes d
        where d.work_order_no = ${tag} order by d.at`.execute(db)
      ).rows.map((r) => Number(r.m));
    expect(await stored()).toEqual([0, 3 * 480]);
    // Tuesday, arriving late and before the range: Thursday's report now starts on Tuesday.
    await reportAt(1, true);
    const late = await answer('pl-zhou', query, true);
    expect(JSON.parse(late).rows[0]).toMatchObject({ reports: 1, actualMinutes: 2 * 480 });
    expect(await answer('pl-zhou', query, false)).toBe(late);
    // A calendar edit (Tuesday and Wednesday off): the stored minutes are stale until the next tick;
    // Thursday's report then has Thursday 8:00–10:00 only.
    await reportAt(5, true);
    await worker.tick();
    expect(await stored()).toEqual([0, 480, 2 * 480, 360 + 480]);
    await db
      .updateTable('work_centers')
      .set({ calendar: calendarOf([1, 4, 5], false) as never })
      .where('org_id', '=', o)
      .where('code', '=', center)
      .execute();
    const edited = await answer('pl-zhou', query, true);
    expect(JSON.parse(edited).rows[0]).toMatchObject({ reports: 1, actualMinutes: 120 });
    expect(await answer('pl-zhou', query, false)).toBe(edited);
    await worker.tick();
    expect(await stored()).toEqual([0, 360, 120, 360 + 480]);
    expect(await answer('pl-zhou', query, false)).toBe(edited);
    // A report written as a seed writes it (no event; the backfill reopened in its transaction): found
    // by the range's count while the backfill runs.
    await db.transaction().execute(async (tx) => {
      await reportAt(4, false, tx);
      await reopenTeamMinutesBackfill(tx);
    });
    const seeded = await answer('pl-zhou', query, true);
    expect(JSON.parse(seeded).rows[0]).toMatchObject({ reports: 2 });
    expect(await answer('pl-zhou', query, false)).toBe(seeded);
    // The reopened backfill stores it; the answer, now without the counts, stays the same.
    const beforeBackfill = (await stored()).length;
    await catchUpTeamMinutes(server.deps);
    expect((await stored()).length).toBe(beforeBackfill + 1);
    expect(await answer('pl-zhou', query, false)).toBe(seeded);
    // The server's worker follows new reports at most every TEAM_MINUTES_FOLLOW_MS; until it does,
    // the answer measures them live.
    const slow = createTeamMinutesWorker(server.deps, { followEveryMs: 3_600_000 });
    await slow.tick();
    const kept = await stored();
    await reportAt(6, true);
    expect(await slow.tick()).toBe(0);
    expect(await stored()).toEqual(kept);
    const week = { from: dayOf(2), to: dayOf(6), item: tag };
    const pending = await answer('pl-zhou', week, false);
    expect(JSON.parse(pending).rows[0]).toMatchObject({ reports: 4 }); // days 3, 4, 5 and 6
    expect(await answer('pl-zhou', week, true)).toBe(pending);
    await worker.tick();
    expect((await stored()).length).toBe(kept.length + 1);
  });
});
