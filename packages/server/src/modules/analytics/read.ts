import { type RawBuilder, sql } from 'kysely';
import type { AppDeps } from '../../deps.js';
import type { Db } from '../../http/route.js';
import { isoShanghai } from '../../shared/time.js';
import { loadWorkCenters } from '../planning/planner.js';
import { actualMinutesOf, type ReportFact, standardMinutesOf } from './measure.js';

/** The most reports one answer reads; a range with more is refused (400) rather than read unbounded. */
export const MAX_REPORTS = 100_000;
/** The most skipped operations one answer lists. */
export const MAX_SKIPPED = 500;

export interface Scope {
  orgId: string;
  /** Shanghai midnight of `from` and of the day after `to`. */
  start: Date;
  end: Date;
  item?: string | undefined;
  /** null: every workshop; otherwise only operations of these. */
  workshops: string[] | null;
  /** Only these operations (work order numbers and seqs, pairwise): the stale ones measured live. */
  operations?: { nos: readonly string[]; seqs: readonly number[] } | undefined;
}

export interface SkippedOperation {
  workOrderNo: string;
  seq: number;
  operation: string;
  laterSeq: number;
  laterReportedAt: string | null;
}

interface ReportRow {
  id: string;
  work_order_no: string;
  seq: number;
  reporter: string;
  good_qty: number;
  scrap_qty: number;
  /** Epoch milliseconds, whole (as a Date read by the driver holds them). */
  at_ms: number;
  /** Where the report's work began, epoch milliseconds; null without one. */
  start_ms: number | null;
  first: boolean;
}

interface OperationRow {
  work_order_no: string;
  seq: number;
  name: string;
  workshop: string;
  work_center: string | null;
  standard_minutes: number;
  setup_minutes: number;
  item: string;
}

const opKey = (no: string, seq: number) => `${no}\u0000${seq}`;

/** Epoch milliseconds of a timestamp, truncated to the millisecond (as the driver's Date keeps it). */
const msOf = (column: RawBuilder<unknown>) => sql`floor(extract(epoch from ${column}) * 1000)::float8`;

/**
 * The reports whose time (device time, else received) falls in the range, with where each began:
 * its start scan, else the previous report of its operation (which may lie before the range), else
 * the operation's actual start; and whether it is the operation's first (its setup counts). Null
 * when there are more than MAX_REPORTS.
 *
 * Only the range's reports are read (by the time index) and ordered per operation; the report
 * before the range is one probe per operation. Times come as epoch numbers and the operations are
 * read once each: Date parsing and a joined object per report were most of the 0.9 s of CPU an
 * answer over 30 days took in Node at a year (docs/scale.md).
 */
async function reportRows(db: Db, s: Scope): Promise<ReportRow[] | null> {
  const at = sql`coalesce(r.device_time, r.created_at)`;
  const { rows } = await sql<ReportRow>`
    with ranged as (
      select r.id, r.work_order_no, r.seq, r.reporter, r.good_qty, r.scrap_qty, r.started_at, r.created_at,
             ${at} as at
      from ${
        // Given operations, their reports by the operation index (not every report of the range).
        s.operations
          ? sql`unnest(${s.operations.nos}::text[], ${s.operations.seqs}::int[]) k(no, seq)
              join operation_reports r on r.org_id = ${s.orgId} and r.work_order_no = k.no and r.seq = k.seq`
          : sql`operation_reports r`
      }
      where r.org_id = ${s.orgId} and ${at} >= ${s.start} and ${at} < ${s.end}
        ${
          s.workshops
            ? sql`and exists (select 1 from work_order_operations o where o.org_id = ${s.orgId}
                and o.work_order_no = r.work_order_no and o.seq = r.seq and o.workshop = any(${s.workshops}::text[]))`
            : sql``
        }
        ${
          s.item
            ? sql`and exists (select 1 from work_orders w where w.org_id = ${s.orgId}
                and w.no = r.work_order_no and w.item = ${s.item})`
            : sql``
        }
      limit ${MAX_REPORTS + 1}
    ),
    ordered as (
      select x.*, lag(x.at) over w as previous_at, row_number() over w as n
      from ranged x
      window w as (partition by x.work_order_no, x.seq order by x.at, x.created_at, x.id)
    ),
    -- An operation's report before the range: one index probe for its first report in the range.
    measured as materialized (
      select y.*,
             case when y.n = 1 then (select max(${at}) from operation_reports r
               where r.org_id = ${s.orgId} and r.work_order_no = y.work_order_no and r.seq = y.seq
                 and ${at} < ${s.start}) end as before_at
      from ordered y
    )
    select z.id, z.work_order_no, z.seq, z.reporter, z.good_qty::float8 as good_qty, z.scrap_qty::float8 as scrap_qty,
           ${msOf(sql`z.at`)} as at_ms,
           -- coalesce stops at the first value: the operation is looked up only for a report with no earlier start.
           ${msOf(
             sql`coalesce(z.started_at, z.previous_at, z.before_at, (select o.actual_start from work_order_operations o
               where o.org_id = ${s.orgId} and o.work_order_no = z.work_order_no and o.seq = z.seq))`,
           )} as start_ms,
           (z.n = 1 and z.before_at is null) as first
    from measured z
    -- In time order: a group is named after its first report (as the Node grouping meets them), and
    -- the sums add in this order (stored.ts adds the stored minutes in the same one, to the bit).
    order by z.at, z.work_order_no, z.seq, z.created_at, z.id`.execute(db);
  return rows.length > MAX_REPORTS ? null : rows;
}

/** The operations of the reports, with their work order's item: one array parameter each (65,535 parameters at most). */
async function operationsOf(db: Db, orgId: string, rows: readonly ReportRow[]): Promise<OperationRow[]> {
  const keys = new Map<string, [string, number]>();
  for (const r of rows) keys.set(opKey(r.work_order_no, r.seq), [r.work_order_no, r.seq]);
  const nos = [...keys.values()].map((k) => k[0]);
  const seqs = [...keys.values()].map((k) => k[1]);
  const { rows: ops } = await sql<OperationRow>`
    select o.work_order_no, o.seq, o.name, o.workshop, o.work_center,
           o.standard_minutes::float8 as standard_minutes, o.setup_minutes::float8 as setup_minutes, w.item
    from unnest(${nos}::text[], ${seqs}::int[]) k(no, seq)
    join work_order_operations o on o.org_id = ${orgId} and o.work_order_no = k.no and o.seq = k.seq
    join work_orders w on w.org_id = ${orgId} and w.no = k.no`.execute(db);
  return ops;
}

/**
 * Runs `read` in a transaction with the planner settings of the answer's statements. Their per-row
 * probes push the cost estimates past jit_optimize_above_cost: PostgreSQL spent 0.3–0.8 s compiling
 * the skipped-operations statement at a year, which then ran in 0.1–0.3 s. The range's reports are
 * sorted twice (per operation, then in time): in memory, not on disk.
 */
export async function withAnalyticsPlanner<T>(db: Db, read: (db: Db) => Promise<T>): Promise<T> {
  if (!db.isTransaction) return db.transaction().execute((tx) => withAnalyticsPlanner(tx, read));
  await sql`set local jit = off`.execute(db);
  await sql`set local work_mem = '32MB'`.execute(db);
  return read(db);
}

/** The range's reports, measured on their work centers' calendars; null when there are too many. */
export async function reportFacts(
  db: Db,
  deps: Pick<AppDeps, 'config'>,
  s: Scope,
): Promise<ReportFact[] | null> {
  const rows = await reportRows(db, s);
  if (!rows) return null;
  if (rows.length === 0) return [];
  const reporters = [...new Set(rows.map((r) => r.reporter))];
  const [ops, users, workshops, centerNames] = await Promise.all([
    operationsOf(db, s.orgId, rows),
    db
      .selectFrom('users')
      .select(['id', 'name', 'team'])
      .where('org_id', '=', s.orgId)
      .where(sql<boolean>`id = any(${reporters}::text[])`)
      .execute(),
    db.selectFrom('workshops').select(['code', 'name']).where('org_id', '=', s.orgId).execute(),
    db.selectFrom('work_centers').select(['code', 'name']).where('org_id', '=', s.orgId).execute(),
  ]);
  const itemCodes = [...new Set(ops.map((o) => o.item))];
  const items = await db
    .selectFrom('items')
    .select(['code', 'name'])
    .where('org_id', '=', s.orgId)
    .where(sql<boolean>`code = any(${itemCodes}::text[])`)
    .execute();
  const codes = [...new Set(ops.map((o) => o.work_center).filter((c): c is string => c !== null))];
  const centers = await loadWorkCenters(db, deps, s.orgId, codes);
  const opOf = new Map(ops.map((o) => [opKey(o.work_order_no, o.seq), o]));
  const userOf = new Map(users.map((u) => [u.id, u]));
  const workshopName = new Map(workshops.map((w) => [w.code, w.name]));
  const centerName = new Map(centerNames.map((c) => [c.code, c.name]));
  const itemName = new Map(items.map((i) => [i.code, i.name]));
  return rows.map((r) => {
    const op = opOf.get(opKey(r.work_order_no, r.seq))!;
    const user = userOf.get(r.reporter);
    const qty = r.good_qty + r.scrap_qty;
    const calendar = centers.get(op.work_center).calendar;
    const workshopLabel = workshopName.get(op.workshop) ?? null;
    return {
      id: r.id,
      workOrderNo: r.work_order_no,
      seq: r.seq,
      operation: op.name,
      item: op.item,
      itemName: itemName.get(op.item) ?? op.item,
      reporter: r.reporter,
      reporterName: user?.name ?? r.reporter,
      team: user?.team ?? op.workshop,
      teamName: user?.team ?? workshopLabel ?? op.workshop,
      workshop: op.workshop,
      workshopName: workshopLabel ?? op.workshop,
      workCenter: op.work_center,
      workCenterName:
        op.work_center === null ? '（无工作中心）' : (centerName.get(op.work_center) ?? op.work_center),
      qty,
      actualMinutes: actualMinutesOf(r.start_ms, r.at_ms, (a, b) => calendar.workingBetween(a, b)),
      standardMinutes: standardMinutesOf({
        standardMinutes: op.standard_minutes,
        setupMinutes: op.setup_minutes,
        qty,
        firstOfOperation: r.first,
      }),
      first: r.first,
    };
  });
}

/**
 * Operations left unreported while a later operation of the same work order has reports, among the
 * work orders reported in the range: each with the first later operation reported and when.
 */
export async function skippedOperations(db: Db, s: Scope): Promise<SkippedOperation[]> {
  // "Ever reported" = the operation's pieces are above zero: the report statement adds every
  // report's good + scrap (> 0 by a check) to its operation, so no probe of the reports per
  // operation. Both are >= 0 by checks, so "good + scrap > 0" is "good > 0 or scrap > 0", which
  // compares without adding two numerics a row.
  const reported = sql`(o.good_qty > 0 or o.scrap_qty > 0)`;
  const inWorkshops = s.workshops ? sql`and o.workshop = any(${s.workshops}::text[])` : sql``;
  const { rows } = await sql<{
    work_order_no: string;
    seq: number;
    operation: string;
    later_seq: number;
    later_at: Date;
  }>`
    -- The work orders reported in the range (hashed: ~37,000 reports, ~1,900 orders at a year).
    with orders as (
      select r.work_order_no
      from operation_reports r
      where r.org_id = ${s.orgId}
        and coalesce(r.device_time, r.created_at) >= ${s.start} and coalesce(r.device_time, r.created_at) < ${s.end}
        ${
          s.item
            ? sql`and exists (select 1 from work_orders w where w.org_id = r.org_id
                and w.no = r.work_order_no and w.item = ${s.item})`
            : sql``
        }
      group by r.work_order_no
    ),
    -- Those with a skipped operation: an unreported one (of the workshops asked) before the last
    -- reported one. One scan of the primary key for all of them (an array of keys: PostgreSQL 17+
    -- reads neighbouring keys without descending again) and an aggregate, no window: at a year one
    -- order of ~1,900 over 30 days has one, so the window below runs for that one only.
    skipping as (
      select o.work_order_no
      from work_order_operations o
      where o.org_id = ${s.orgId}
        and o.work_order_no = any(array(select d.work_order_no from orders d))
      group by o.work_order_no
      having min(o.seq) filter (where not ${reported} ${inWorkshops}) < max(o.seq) filter (where ${reported})
    )
    -- Per such work order (lateral: a hash join read all 196k operations at a year, docs/scale.md),
    -- its operations in seq order from the key, each with the first later one reported (a window
    -- over the order's few operations); only the skipped ones leave it.
    select d.work_order_no, a.seq, a.name as operation, a.later_seq,
           -- The first report's time only for a skipped operation's later one (it may lie before the range).
           (select min(coalesce(r.device_time, r.created_at)) from operation_reports r
            where r.org_id = ${s.orgId} and r.work_order_no = d.work_order_no and r.seq = a.later_seq) as later_at
    from skipping d
    cross join lateral (
      select o.seq, o.name, o.workshop, ${reported} as reported,
             min(o.seq) filter (where ${reported})
               over (order by o.seq rows between 1 following and unbounded following) as later_seq
      from work_order_operations o
      where o.org_id = ${s.orgId} and o.work_order_no = d.work_order_no
      -- offset 0 keeps the planner from flattening the lateral back into that hash join.
      offset 0) a
    where not a.reported and a.later_seq is not null
      ${s.workshops ? sql`and a.workshop = any(${s.workshops}::text[])` : sql``}
    order by d.work_order_no, a.seq
    limit ${MAX_SKIPPED}`.execute(db);
  return rows.map((r) => ({
    workOrderNo: r.work_order_no,
    seq: r.seq,
    operation: r.operation,
    laterSeq: r.later_seq,
    laterReportedAt: isoShanghai(r.later_at),
  }));
}
