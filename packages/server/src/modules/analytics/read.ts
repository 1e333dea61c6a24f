import { sql } from 'kysely';
import type { AppDeps } from '../../deps.js';
import type { Db } from '../../http/route.js';
import { isoShanghai } from '../../shared/time.js';
import { loadWorkCenters } from '../planning/planner.js';
import { actualMinutesOf, type ReportFact, reportStart, standardMinutesOf } from './measure.js';

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
}

export interface SkippedOperation {
  workOrderNo: string;
  seq: number;
  operation: string;
  laterSeq: number;
  laterReportedAt: string;
}

interface ReportRow {
  work_order_no: string;
  seq: number;
  reporter: string;
  good_qty: string;
  scrap_qty: string;
  at: Date;
  started_at: Date | null;
  previous_at: Date | null;
  n: string | number;
}

interface FactRow extends ReportRow {
  operation: string;
  item: string;
  item_name: string | null;
  reporter_name: string | null;
  team: string | null;
  workshop: string;
  workshop_name: string | null;
  work_center: string | null;
  work_center_name: string | null;
  standard_minutes: string;
  setup_minutes: string;
  actual_start: Date | null;
}

const opKey = (no: string, seq: number) => `${no}\u0000${seq}`;

/**
 * The reports whose time (device time, else received) falls in the range, with what measuring them
 * needs: the time of the operation's previous report (which may lie before the range) and whether
 * the report is the operation's first. Returns null when there are more than MAX_REPORTS.
 *
 * The reports come from one query that joins nothing but their operations' keys; operations, work
 * orders and names come from small look-ups by key and are joined here. One query joining them all
 * was planned as nested loops over 100,000 rows when statistics are stale — and embedded PGlite
 * runs no autovacuum to refresh them (27 s instead of well under one).
 */
async function reportRows(db: Db, s: Scope): Promise<FactRow[] | null> {
  const { rows } = await sql<ReportRow>`
    with touched as (
      select distinct r.work_order_no, r.seq
      from operation_reports r
      where r.org_id = ${s.orgId}
        and coalesce(r.device_time, r.created_at) >= ${s.start} and coalesce(r.device_time, r.created_at) < ${s.end}
    ),
    kept as (
      select t.work_order_no, t.seq from touched t
      where true
        ${
          s.workshops
            ? sql`and exists (select 1 from work_order_operations o where o.org_id = ${s.orgId}
                and o.work_order_no = t.work_order_no and o.seq = t.seq and o.workshop = any(${s.workshops}::text[]))`
            : sql``
        }
        ${
          s.item
            ? sql`and exists (select 1 from work_orders w where w.org_id = ${s.orgId}
                and w.no = t.work_order_no and w.item = ${s.item})`
            : sql``
        }
    ),
    ordered as (
      select r.work_order_no, r.seq, r.reporter, r.good_qty, r.scrap_qty, r.started_at,
             coalesce(r.device_time, r.created_at) as at,
             lag(coalesce(r.device_time, r.created_at)) over w as previous_at,
             row_number() over w as n
      from operation_reports r
      join kept t on t.work_order_no = r.work_order_no and t.seq = r.seq
      where r.org_id = ${s.orgId}
      window w as (partition by r.work_order_no, r.seq order by coalesce(r.device_time, r.created_at), r.created_at, r.id)
    )
    select x.* from ordered x
    where x.at >= ${s.start} and x.at < ${s.end}
    order by x.at, x.work_order_no, x.seq
    limit ${MAX_REPORTS + 1}`.execute(db);
  if (rows.length > MAX_REPORTS) return null;
  if (rows.length === 0) return [];
  const nos = [...new Set(rows.map((r) => r.work_order_no))];
  const reporters = [...new Set(rows.map((r) => r.reporter))];
  const [ops, orders, users, workshops, centers] = await Promise.all([
    db
      .selectFrom('work_order_operations')
      .select([
        'work_order_no',
        'seq',
        'name',
        'workshop',
        'work_center',
        'standard_minutes',
        'setup_minutes',
        'actual_start',
      ])
      .where('org_id', '=', s.orgId)
      // One array parameter: a list of parameters would hit PostgreSQL's 65,535.
      .where(sql<boolean>`work_order_no = any(${nos}::text[])`)
      .execute(),
    db
      .selectFrom('work_orders')
      .select(['no', 'item'])
      .where('org_id', '=', s.orgId)
      .where(sql<boolean>`no = any(${nos}::text[])`)
      .execute(),
    db
      .selectFrom('users')
      .select(['id', 'name', 'team'])
      .where('org_id', '=', s.orgId)
      .where(sql<boolean>`id = any(${reporters}::text[])`)
      .execute(),
    db.selectFrom('workshops').select(['code', 'name']).where('org_id', '=', s.orgId).execute(),
    db.selectFrom('work_centers').select(['code', 'name']).where('org_id', '=', s.orgId).execute(),
  ]);
  const itemCodes = [...new Set(orders.map((o) => o.item))];
  const items = await db
    .selectFrom('items')
    .select(['code', 'name'])
    .where('org_id', '=', s.orgId)
    .where(sql<boolean>`code = any(${itemCodes}::text[])`)
    .execute();
  const opOf = new Map(ops.map((o) => [opKey(o.work_order_no, o.seq), o]));
  const itemOf = new Map(orders.map((o) => [o.no, o.item]));
  const userOf = new Map(users.map((u) => [u.id, u]));
  const workshopName = new Map(workshops.map((w) => [w.code, w.name]));
  const centerName = new Map(centers.map((c) => [c.code, c.name]));
  const itemName = new Map(items.map((i) => [i.code, i.name]));
  return rows.map((r) => {
    const op = opOf.get(opKey(r.work_order_no, r.seq))!;
    const item = itemOf.get(r.work_order_no)!;
    const user = userOf.get(r.reporter);
    return {
      ...r,
      operation: op.name,
      item,
      item_name: itemName.get(item) ?? null,
      reporter_name: user?.name ?? null,
      team: user?.team ?? null,
      workshop: op.workshop,
      workshop_name: workshopName.get(op.workshop) ?? null,
      work_center: op.work_center,
      work_center_name: op.work_center === null ? null : (centerName.get(op.work_center) ?? null),
      standard_minutes: op.standard_minutes,
      setup_minutes: op.setup_minutes,
      actual_start: op.actual_start,
    };
  });
}

/** The range's reports, measured on their work centers' calendars; null when there are too many. */
export async function reportFacts(
  db: Db,
  deps: Pick<AppDeps, 'config'>,
  s: Scope,
): Promise<ReportFact[] | null> {
  const rows = await reportRows(db, s);
  if (!rows) return null;
  const codes = [...new Set(rows.map((r) => r.work_center).filter((c): c is string => c !== null))];
  const centers = await loadWorkCenters(db, deps, s.orgId, codes);
  return rows.map((r) => {
    const qty = Number(r.good_qty) + Number(r.scrap_qty);
    const calendar = centers.get(r.work_center).calendar;
    const start = reportStart({
      startedAt: r.started_at,
      previousAt: r.previous_at,
      operationStart: r.actual_start,
    });
    const teamName = r.team ?? r.workshop_name ?? r.workshop;
    return {
      workOrderNo: r.work_order_no,
      seq: r.seq,
      operation: r.operation,
      item: r.item,
      itemName: r.item_name ?? r.item,
      reporter: r.reporter,
      reporterName: r.reporter_name ?? r.reporter,
      team: r.team ?? r.workshop,
      teamName,
      workshop: r.workshop,
      workshopName: r.workshop_name ?? r.workshop,
      workCenter: r.work_center,
      workCenterName: r.work_center === null ? '（无工作中心）' : (r.work_center_name ?? r.work_center),
      qty,
      actualMinutes: actualMinutesOf(start, r.at, (a, b) => calendar.workingBetween(a, b)),
      standardMinutes: standardMinutesOf({
        standardMinutes: Number(r.standard_minutes),
        setupMinutes: Number(r.setup_minutes),
        qty,
        firstOfOperation: Number(r.n) === 1,
      }),
    };
  });
}

/**
 * Operations left unreported while a later operation of the same work order has reports, among the
 * work orders reported in the range: each with the first later operation reported and when.
 */
export async function skippedOperations(db: Db, s: Scope): Promise<SkippedOperation[]> {
  const { rows } = await sql<{
    work_order_no: string;
    seq: number;
    operation: string;
    later_seq: number;
    later_at: Date;
  }>`
    with orders as (
      select distinct r.work_order_no
      from operation_reports r
      join work_orders w on w.org_id = r.org_id and w.no = r.work_order_no
      where r.org_id = ${s.orgId}
        and coalesce(r.device_time, r.created_at) >= ${s.start} and coalesce(r.device_time, r.created_at) < ${s.end}
        ${s.item ? sql`and w.item = ${s.item}` : sql``}
    ),
    ops as (
      select o.work_order_no, o.seq, o.name, o.workshop,
             (select min(coalesce(r.device_time, r.created_at)) from operation_reports r
              where r.org_id = o.org_id and r.work_order_no = o.work_order_no and r.seq = o.seq) as first_at
      from work_order_operations o
      join orders d on d.work_order_no = o.work_order_no
      where o.org_id = ${s.orgId}
    ),
    -- The first later reported operation by a window, not a lateral scan of ops per row: that was
    -- quadratic (5.8 s of 6.6 s at a year of data, docs/scale.md).
    later as (
      select ops.*, min(seq) filter (where first_at is not null) over (partition by work_order_no order by seq
        rows between 1 following and unbounded following) as later_seq
      from ops
    )
    select a.work_order_no, a.seq, a.name as operation, b.seq as later_seq, b.first_at as later_at
    from later a
    join ops b on b.work_order_no = a.work_order_no and b.seq = a.later_seq
    where a.first_at is null
      ${s.workshops ? sql`and a.workshop = any(${s.workshops}::text[])` : sql``}
    order by a.work_order_no, a.seq
    limit ${MAX_SKIPPED}`.execute(db);
  return rows.map((r) => ({
    workOrderNo: r.work_order_no,
    seq: r.seq,
    operation: r.operation,
    laterSeq: r.later_seq,
    laterReportedAt: isoShanghai(r.later_at)!,
  }));
}
