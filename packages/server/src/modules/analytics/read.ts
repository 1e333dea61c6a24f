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

interface FactRow {
  work_order_no: string;
  seq: number;
  operation: string;
  item: string;
  item_name: string | null;
  reporter: string;
  reporter_name: string | null;
  team: string | null;
  workshop: string;
  workshop_name: string | null;
  work_center: string | null;
  work_center_name: string | null;
  good_qty: string;
  scrap_qty: string;
  standard_minutes: string;
  setup_minutes: string;
  at: Date;
  started_at: Date | null;
  previous_at: Date | null;
  actual_start: Date | null;
  n: string | number;
}

const filters = (s: Scope) => sql`
  ${s.workshops ? sql`and o.workshop = any(${s.workshops}::text[])` : sql``}
  ${s.item ? sql`and w.item = ${s.item}` : sql``}`;

/**
 * The reports whose time (device time, else received) falls in the range, with what measuring them
 * needs: the time of the operation's previous report (which may lie before the range) and whether
 * the report is the operation's first. Returns null when there are more than MAX_REPORTS.
 */
async function reportRows(db: Db, s: Scope): Promise<FactRow[] | null> {
  const { rows } = await sql<FactRow>`
    with touched as (
      select distinct r.work_order_no, r.seq
      from operation_reports r
      where r.org_id = ${s.orgId}
        and coalesce(r.device_time, r.created_at) >= ${s.start} and coalesce(r.device_time, r.created_at) < ${s.end}
    ),
    ordered as (
      select r.work_order_no, r.seq, r.reporter, r.good_qty, r.scrap_qty, r.started_at,
             coalesce(r.device_time, r.created_at) as at,
             lag(coalesce(r.device_time, r.created_at)) over w as previous_at,
             row_number() over w as n
      from operation_reports r
      join touched t on t.work_order_no = r.work_order_no and t.seq = r.seq
      where r.org_id = ${s.orgId}
      window w as (partition by r.work_order_no, r.seq order by coalesce(r.device_time, r.created_at), r.created_at, r.id)
    )
    select x.work_order_no, x.seq, o.name as operation, w.item, i.name as item_name,
           x.reporter, u.name as reporter_name, u.team, o.workshop, ws.name as workshop_name,
           o.work_center, wc.name as work_center_name, x.good_qty, x.scrap_qty,
           o.standard_minutes, o.setup_minutes, x.at, x.started_at, x.previous_at, o.actual_start, x.n
    from ordered x
    join work_order_operations o on o.org_id = ${s.orgId} and o.work_order_no = x.work_order_no and o.seq = x.seq
    join work_orders w on w.org_id = ${s.orgId} and w.no = x.work_order_no
    left join items i on i.org_id = ${s.orgId} and i.code = w.item
    left join users u on u.org_id = ${s.orgId} and u.id = x.reporter
    left join workshops ws on ws.org_id = ${s.orgId} and ws.code = o.workshop
    left join work_centers wc on wc.org_id = ${s.orgId} and wc.code = o.work_center
    where x.at >= ${s.start} and x.at < ${s.end} ${filters(s)}
    order by x.at, x.work_order_no, x.seq
    limit ${MAX_REPORTS + 1}`.execute(db);
  return rows.length > MAX_REPORTS ? null : rows;
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
    )
    select a.work_order_no, a.seq, a.name as operation, b.seq as later_seq, b.first_at as later_at
    from ops a
    join lateral (
      select l.seq, l.first_at from ops l
      where l.work_order_no = a.work_order_no and l.seq > a.seq and l.first_at is not null
      order by l.seq limit 1
    ) b on true
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
