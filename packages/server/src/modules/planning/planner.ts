import { sql } from 'kysely';
import type { PlanDirection } from '../../db/schema.js';
import type { AppDeps } from '../../deps.js';
import { badRequest } from '../../http/problem.js';
import type { Db } from '../../http/route.js';
import {
  DEFAULT_LATE_TOLERANCE,
  DEFAULT_SCHEDULE_CALENDAR,
  dueInstant,
  type OperationToPlan,
  type PlannedOperation,
  plan,
  replan,
  SchedulingError,
  type WorkCenterInfo,
  WorkCenters,
} from '../scheduling/index.js';

/**
 * Planning of work orders through the scheduling core (docs/planning.md): at creation and release
 * every operation gets a planned start and end, backward from the due date when there is room,
 * else forward; after a report that comes past an operation's planned end, the rest is planned
 * again forward from then. Infinite capacity: other work orders are not looked at.
 */

/** The tolerance operations without a work-center tolerance use (SHOPFLOOR_LATE_TOLERANCE). */
export const serverTolerance = (deps: Pick<AppDeps, 'config'>): number =>
  deps.config.lateTolerance ?? DEFAULT_LATE_TOLERANCE;

/** The org's work centers (active or not: an old operation may still name one), compiled once. */
export async function loadWorkCenters(
  db: Db,
  deps: Pick<AppDeps, 'config'>,
  orgId: string,
  codes?: readonly string[],
): Promise<WorkCenters> {
  if (codes && codes.length === 0) return new WorkCenters([], { lateTolerance: serverTolerance(deps) });
  let q = db
    .selectFrom('work_centers')
    .select(['code', 'calendar', 'stations', 'late_tolerance'])
    .where('org_id', '=', orgId);
  if (codes) q = q.where('code', 'in', codes);
  const rows = await q.execute();
  const infos: WorkCenterInfo[] = rows.map((r) => ({
    code: r.code,
    calendar: r.calendar,
    stations: r.stations,
    ...(r.late_tolerance != null ? { lateTolerance: Number(r.late_tolerance) } : {}),
  }));
  // A routing may name a work center the plant has not defined (it is free text there): such an
  // operation is planned on the default calendar with one station.
  for (const code of codes ?? []) {
    if (!rows.some((r) => r.code === code))
      infos.push({ code, calendar: DEFAULT_SCHEDULE_CALENDAR, stations: 1 });
  }
  return new WorkCenters(infos, { lateTolerance: serverTolerance(deps) });
}

interface PlanOpRow {
  seq: number;
  work_center: string | null;
  setup_minutes: string;
  standard_minutes: string;
  owner: string | null;
  good_qty: string;
  scrap_qty: string;
  status: string;
  qty: string;
  due: string;
}

async function operationsToPlan(db: Db, orgId: string, no: string): Promise<PlanOpRow[]> {
  const { rows } = await sql<PlanOpRow>`
    select o.seq, o.work_center, o.setup_minutes, o.standard_minutes, o.owner, o.good_qty, o.scrap_qty,
           o.status, w.qty, w.due::text as due
    from work_order_operations o
    join work_orders w on w.org_id = o.org_id and w.no = o.work_order_no
    where o.org_id = ${orgId} and o.work_order_no = ${no}
    order by o.seq`.execute(db);
  return rows;
}

const toPlan = (r: PlanOpRow): OperationToPlan => ({
  seq: r.seq,
  workCenter: r.work_center,
  setupMinutes: Number(r.setup_minutes),
  standardMinutes: Number(r.standard_minutes),
  quantity: Number(r.qty),
  owner: r.owner,
});

async function store(
  db: Db,
  orgId: string,
  no: string,
  operations: readonly PlannedOperation[],
  direction: PlanDirection,
): Promise<void> {
  if (operations.length === 0) return;
  const values = operations.map(
    (o) => sql`(${o.seq}::int, ${o.plannedStart}::timestamptz, ${o.plannedEnd}::timestamptz)`,
  );
  await sql`
    update work_order_operations o
    set planned_start = v.s, planned_end = v.e, plan_direction = ${direction}
    from (values ${sql.join(values)}) as v(seq, s, e)
    where o.org_id = ${orgId} and o.work_order_no = ${no} and o.seq = v.seq`.execute(db);
}

/**
 * Plans every operation of a work order from `release` to its due date (the end of the due day,
 * Asia/Shanghai) and stores the planned start and end of each. Returns the direction taken and
 * whether the plan ends after the due date.
 */
export async function planWorkOrder(
  db: Db,
  deps: Pick<AppDeps, 'config'>,
  orgId: string,
  no: string,
  release: Date,
): Promise<{ direction: 'forward' | 'backward'; late: boolean } | null> {
  const rows = await operationsToPlan(db, orgId, no);
  if (rows.length === 0) return null;
  const centers = await loadWorkCenters(db, deps, orgId, codesOf(rows));
  let schedule: ReturnType<typeof plan>;
  try {
    schedule = plan(release, dueInstant(rows[0]!.due), rows.map(toPlan), centers);
  } catch (err) {
    if (!(err instanceof SchedulingError) || err.code !== 'no-working-time') throw err;
    // Ten years of working time do not hold the work: a quantity typed wrong, or a calendar with no working day.
    const message = 'cannot be planned: the work does not fit in 10 years of its work centers’ working time';
    throw badRequest(`qty ${message}`, [{ path: 'qty', message }], 'unplannable');
  }
  await store(db, orgId, no, schedule.operations, schedule.direction);
  return { direction: schedule.direction, late: schedule.late };
}

/**
 * The operations not done yet planned again forward from `now` (those that reported something are
 * set up already and have only their remaining quantity left). Done operations keep their plan.
 */
export async function replanWorkOrder(
  db: Db,
  deps: Pick<AppDeps, 'config'>,
  orgId: string,
  no: string,
  now: Date,
): Promise<number> {
  const rows = (await operationsToPlan(db, orgId, no)).filter((r) => r.status !== 'done');
  if (rows.length === 0) return 0;
  const centers = await loadWorkCenters(db, deps, orgId, codesOf(rows));
  const done = new Map(rows.map((r) => [r.seq, Number(r.good_qty) + Number(r.scrap_qty)]));
  let schedule: ReturnType<typeof replan>;
  try {
    schedule = replan(now, rows.map(toPlan), done, centers, dueInstant(rows[0]!.due));
  } catch (err) {
    // A report is never refused for its plan: the old plan stays when the rest cannot be planned.
    if (err instanceof SchedulingError && err.code === 'no-working-time') return 0;
    throw err;
  }
  await store(db, orgId, no, schedule.operations, 'replan');
  return schedule.operations.length;
}

const codesOf = (rows: readonly { work_center: string | null }[]): string[] => [
  ...new Set(rows.map((r) => r.work_center).filter((c): c is string => c !== null)),
];
