import { sql } from 'kysely';
import type { AppDeps } from '../../deps.js';
import type { Db } from '../../http/route.js';
import { actualMsOf } from './measure.js';
import { reportFacts } from './read.js';

/** An operation: its work order's number and its seq. */
export type OperationKey = readonly [no: string, seq: number];

/** The calendar fingerprint of an operation without a (defined) work center: the default calendar's. */
export const DEFAULT_CALENDAR = 'default';

// All of an operation's reports, whatever their time: the earliest and latest timestamps PostgreSQL and Date share.
const EVER_START = new Date('0001-01-01T00:00:00Z');
const EVER_END = new Date('9999-12-31T00:00:00Z');

/**
 * A report's standard minutes from the operation's numeric columns, exact (stored.ts sums them):
 * standard × (good + scrap), plus the setup on the operation's first report.
 */
export const standardSql = (first: ReturnType<typeof sql>) =>
  sql`o.standard_minutes * (r.good_qty + r.scrap_qty) + case when ${first} then o.setup_minutes else 0 end`;

/**
 * A work center's calendar fingerprint, as stored with each row and in team_comparison_calendars;
 * `c`: the work_centers row's alias. One definition: the answer, the worker and the derivation must agree.
 */
export const calendarFingerprintSql = (c: string) => sql`md5(${sql.ref(`${c}.calendar`)}::text)`;

/** The Shanghai day of a timestamp (UTC+8, no daylight saving): team_comparison_days' `day`. */
export const shanghaiDaySql = (at: ReturnType<typeof sql>) =>
  sql`((${at} at time zone 'UTC') + interval '8 hours')::date`;

/** Advisory lock of the team-comparison derivation (docs/deployment.md lists every lock). */
const DERIVE_LOCK = 7_260_412;

/**
 * Measures every report of `operations` (one organisation) with the live code (read.ts) and stores
 * each report's working milliseconds, first-report flag (as its standard minutes) and the
 * fingerprint of the calendar it was measured on. Whole operations at once: a report arriving later
 * with an earlier time changes its successor, so an operation's rows are always measured together.
 * Answers how many reports were stored.
 */
export async function deriveOperations(
  db: Db,
  deps: Pick<AppDeps, 'config'>,
  orgId: string,
  operations: readonly OperationKey[],
): Promise<number> {
  if (operations.length === 0) return 0;
  return db.transaction().execute(async (tx) => {
    // One derivation at a time across replicas: the later one reads after the earlier commits, so an
    // older reading (say, before a late report) can never overwrite a newer one.
    await sql`select pg_advisory_xact_lock(${DERIVE_LOCK})`.execute(tx);
    // The fingerprints before the calendars are measured with: an edit in between leaves rows with
    // the older fingerprint, which the worker measures again (never new minutes on an old print).
    const { rows: calendars } = await sql<{ code: string; fp: string }>`
      select c.code, ${calendarFingerprintSql('c')} as fp from work_centers c where c.org_id = ${orgId}`.execute(
      tx,
    );
    const facts = await reportFacts(tx, deps, {
      orgId,
      start: EVER_START,
      end: EVER_END,
      workshops: null,
      operations: { nos: operations.map((o) => o[0]), seqs: operations.map((o) => o[1]) },
    });
    if (!facts || facts.length === 0) return 0;
    // The reports' rows and their days' sums in one statement: each report's old row (if any) is
    // taken out of its day, its new one put in. A report's day and kind never change (its time,
    // reporter and operation), so each group has a new row: its operation name is never null.
    await sql`
      with v as (
        select r.id, r.org_id, r.work_order_no, r.seq, coalesce(r.device_time, r.created_at) as at, r.reporter,
               o.workshop, o.work_center, w.item, o.name as operation, r.good_qty + r.scrap_qty as qty, v.ms as actual_ms,
               ${standardSql(sql`v.first`)} as standard, coalesce(c.fp, ${DEFAULT_CALENDAR}) as calendar
        from unnest(${facts.map((f) => f.id)}::uuid[], ${facts.map((f) => actualMsOf(f.actualMinutes))}::bigint[],
                    ${facts.map((f) => f.first)}::boolean[]) v(id, ms, first)
        join operation_reports r on r.id = v.id
        join work_order_operations o on o.org_id = r.org_id and o.work_order_no = r.work_order_no and o.seq = r.seq
        join work_orders w on w.org_id = r.org_id and w.no = r.work_order_no
        left join unnest(${calendars.map((c) => c.code)}::text[], ${calendars.map((c) => c.fp)}::text[]) c(code, fp)
          on c.code = o.work_center
      ),
      -- The rows as they were before this statement (its snapshot), to take out of their days.
      old as (
        select d.* from team_comparison_minutes d where d.report_id in (select id from v)
      ),
      stored as (
        insert into team_comparison_minutes (report_id, org_id, work_order_no, seq, at, reporter, workshop,
          work_center, item, operation, qty, actual_ms, standard, calendar, derived_at)
        select id, org_id, work_order_no, seq, at, reporter, workshop, work_center, item, operation, qty,
               actual_ms, standard, calendar, now()
        from v
        on conflict (report_id) do update set
          actual_ms = excluded.actual_ms, standard = excluded.standard, calendar = excluded.calendar,
          derived_at = excluded.derived_at
      ),
      delta as (
        select org_id, at, reporter, workshop, work_center, item, seq, operation, 1 as n, qty, actual_ms, standard from v
        union all
        select org_id, at, reporter, workshop, work_center, item, seq, null, -1, -qty, -actual_ms, -standard from old
      )
      insert into team_comparison_days as t (org_id, day, reporter, workshop, work_center, item, seq, operation,
        n, measured_n, qty, measured_qty, actual_ms, standard)
      select org_id, ${shanghaiDaySql(sql`at`)}, reporter, workshop, coalesce(work_center, ''), item, seq,
             min(operation collate "C"), sum(n),
             -- Measured: working minutes above zero (a taken-out row's are negated, below zero).
             coalesce(sum(n) filter (where actual_ms <> 0), 0), sum(qty),
             coalesce(sum(qty) filter (where actual_ms <> 0), 0), coalesce(sum(actual_ms), 0),
             coalesce(sum(standard) filter (where actual_ms <> 0), 0)
      from delta
      group by org_id, ${shanghaiDaySql(sql`at`)}, reporter, workshop, coalesce(work_center, ''), item, seq
      -- Sorted by the key: two writers (seeds, replicas) take the days' rows in the same order.
      order by 1, 2, 3, 4, 5, 6, 7
      on conflict (org_id, day, reporter, workshop, work_center, item, seq) do update set
        operation = least(t.operation, excluded.operation),
        n = t.n + excluded.n, measured_n = t.measured_n + excluded.measured_n, qty = t.qty + excluded.qty,
        measured_qty = t.measured_qty + excluded.measured_qty, actual_ms = t.actual_ms + excluded.actual_ms,
        standard = t.standard + excluded.standard`.execute(tx);
    return facts.length;
  });
}
