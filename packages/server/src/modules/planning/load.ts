import { sql } from 'kysely';
import type { AppDeps } from '../../deps.js';
import type { Db } from '../../http/route.js';
import { isoShanghai } from '../../shared/time.js';
import { operationDuration, type PlannedOperation, workCenterLoad } from '../scheduling/index.js';
import { loadWorkCenters } from './planner.js';

export interface LoadOperation {
  workOrderNo: string;
  seq: number;
  name: string;
  workCenter: string | null;
  workshop: string;
  owner: string | null;
  ownerName: string | null;
  plannedStart: string;
  plannedEnd: string;
  /** Station-minutes of the work still to do (setup unless started, standard × remaining quantity). */
  loadMinutes: number;
}

export interface LoadAnswer {
  from: string;
  to: string;
  workCenters: { code: string | null; name: string; workshop: string | null; stations: number }[];
  days: {
    workCenter: string | null;
    date: string;
    plannedMinutes: number;
    availableMinutes: number;
    overloaded: boolean;
  }[];
  operations: LoadOperation[];
}

interface OpenRow {
  work_order_no: string;
  seq: number;
  name: string;
  work_center: string | null;
  workshop: string;
  owner: string | null;
  owner_name: string | null;
  planned_start: Date;
  planned_end: Date;
  setup_minutes: string;
  standard_minutes: string;
  good_qty: string;
  scrap_qty: string;
  qty: string;
}

/**
 * Load per work center and day (负荷) from the plans of open operations: operations not done, of
 * released or in-progress work orders, whose plan overlaps `from`..`to` (Asia/Shanghai days). An
 * operation's load is what is left of it: its setup unless it has reported something, and its
 * standard minutes × the quantity not reported yet.
 */
export async function workCenterLoadOf(
  db: Db,
  deps: Pick<AppDeps, 'config'>,
  orgId: string,
  range: { from: string; to: string; workshop?: string | undefined },
): Promise<LoadAnswer> {
  const start = new Date(`${range.from}T00:00:00+08:00`);
  const end = new Date(new Date(`${range.to}T00:00:00+08:00`).getTime() + 86_400_000);
  const { rows } = await sql<OpenRow>`
    select o.work_order_no, o.seq, o.name, o.work_center, o.workshop, o.owner, u.name as owner_name,
           o.planned_start, o.planned_end, o.setup_minutes, o.standard_minutes, o.good_qty, o.scrap_qty, w.qty
    from work_order_operations o
    join work_orders w on w.org_id = o.org_id and w.no = o.work_order_no
    left join users u on u.org_id = o.org_id and u.id = o.owner
    where o.org_id = ${orgId} and o.status <> 'done' and w.status in ('released', 'in-progress')
      and o.planned_start < ${end} and o.planned_end > ${start}
      ${range.workshop ? sql`and o.workshop = ${range.workshop}` : sql``}
    order by o.planned_start, o.work_order_no, o.seq`.execute(db);
  const used = [...new Set(rows.map((r) => r.work_center).filter((c): c is string => c !== null))];
  const centersQ = db
    .selectFrom('work_centers')
    .select(['code', 'name', 'workshop', 'stations'])
    .where('org_id', '=', orgId)
    .where((eb) => {
      // The active work centers (of the workshop), and any other one an open operation names.
      const active = range.workshop
        ? eb.and([eb('active', '=', true), eb('workshop', '=', range.workshop)])
        : eb('active', '=', true);
      return used.length > 0 ? eb.or([active, eb('code', 'in', used)]) : active;
    });
  const centerRows = await centersQ.orderBy('code').execute();
  const known = centerRows.map((c) => c.code);
  const centers = await loadWorkCenters(db, deps, orgId, [...new Set([...known, ...used])]);
  const plans: PlannedOperation[] = [];
  const operations: LoadOperation[] = [];
  for (const r of rows) {
    const center = centers.get(r.work_center);
    const reported = Number(r.good_qty) + Number(r.scrap_qty);
    const left = Math.max(0, Number(r.qty) - reported);
    const d = operationDuration(
      {
        seq: r.seq,
        setupMinutes: reported > 0 ? 0 : Number(r.setup_minutes),
        standardMinutes: Number(r.standard_minutes),
        quantity: left,
      },
      center.stations,
    );
    const from = Math.floor(r.planned_start.getTime() / 60_000);
    const to = Math.floor(r.planned_end.getTime() / 60_000);
    plans.push({
      seq: r.seq,
      workCenter: r.work_center,
      owner: r.owner,
      plannedStart: r.planned_start,
      plannedEnd: r.planned_end,
      workingMinutes: center.calendar.workingBetween(from, to),
      stations: d.stations,
      loadMinutes: d.loadMinutes,
    });
    operations.push({
      workOrderNo: r.work_order_no,
      seq: r.seq,
      name: r.name,
      workCenter: r.work_center,
      workshop: r.workshop,
      owner: r.owner,
      ownerName: r.owner_name,
      plannedStart: isoShanghai(r.planned_start)!,
      plannedEnd: isoShanghai(r.planned_end)!,
      loadMinutes: Math.round(d.loadMinutes * 1e6) / 1e6,
    });
  }
  const days = workCenterLoad(plans, centers, { from: range.from, to: range.to });
  const workCenters: LoadAnswer['workCenters'] = centerRows.map((c) => ({
    code: c.code,
    name: c.name,
    workshop: c.workshop,
    stations: c.stations,
  }));
  for (const code of used) {
    // Named by a routing but not defined in the plant: the default calendar, one station.
    if (!known.includes(code)) workCenters.push({ code, name: code, workshop: null, stations: 1 });
  }
  if (days.some((d) => d.workCenter === null)) {
    workCenters.push({ code: null, name: '（无工作中心）', workshop: null, stations: 1 });
  }
  return { from: range.from, to: range.to, workCenters, days, operations };
}
