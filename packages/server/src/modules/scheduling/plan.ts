import { SchedulingError } from './errors.js';
import { dateOfMinute, minuteAfter, minuteOf } from './time.js';
import type { WorkCenters } from './work-centers.js';

/** One operation of a work order's routing, in sequence order. */
export interface OperationToPlan {
  seq: number;
  /** null: the default calendar, one station. */
  workCenter: string | null;
  /** Per work order and station used (换型/调机). */
  setupMinutes: number;
  /** Per unit (单件标准工时). */
  standardMinutes: number;
  quantity: number;
  /** The person responsible (负责人), passed through. */
  owner?: string | null;
}

export interface PlannedOperation {
  seq: number;
  workCenter: string | null;
  owner: string | null;
  plannedStart: Date;
  plannedEnd: Date;
  /** Working minutes of the work center's calendar from planned start to planned end. */
  workingMinutes: number;
  /** Stations the quantity is split across. */
  stations: number;
  /** Work content in station-minutes (setup on each station used + standard × quantity): the load. */
  loadMinutes: number;
}

export interface Schedule {
  /** 'backward': as late as the due date allows; 'forward': as early as release allows. */
  direction: 'forward' | 'backward';
  /** The last operation ends after the due date (only `plan` and `replan` with a due date say so). */
  late: boolean;
  start: Date;
  end: Date;
  operations: PlannedOperation[];
}

/** How long an operation takes on its work center, and what load it puts on it. */
export interface OperationDuration {
  stations: number;
  /** Elapsed working minutes, whole (rounded up). */
  workingMinutes: number;
  loadMinutes: number;
}

/**
 * The quantity is split across the work center's stations in whole units (at most one station per
 * unit); each station used is set up once, and the operation lasts as long as its busiest station:
 * setup + standard × ⌈quantity / stations⌉ (a fractional quantity splits evenly). Rounded up to
 * whole minutes. A quantity of 0 takes no time and no setup.
 */
export function operationDuration(
  op: Pick<OperationToPlan, 'seq' | 'setupMinutes' | 'standardMinutes' | 'quantity'>,
  stations: number,
): OperationDuration {
  for (const [field, value] of [
    ['setupMinutes', op.setupMinutes],
    ['standardMinutes', op.standardMinutes],
    ['quantity', op.quantity],
  ] as const) {
    if (!Number.isFinite(value) || value < 0) {
      throw new SchedulingError('bad-operation', `operation ${op.seq}: ${field} must be a number ≥ 0`, {
        seq: op.seq,
        field,
      });
    }
  }
  if (op.quantity === 0) return { stations: 1, workingMinutes: 0, loadMinutes: 0 };
  const used = Math.max(1, Math.min(stations, Math.ceil(op.quantity)));
  const busiest = Number.isInteger(op.quantity) ? Math.ceil(op.quantity / used) : op.quantity / used;
  // The epsilon keeps 0.1 × 30 = 3.0000000000000004 from becoming 4 minutes.
  const workingMinutes = Math.max(0, Math.ceil(op.setupMinutes + op.standardMinutes * busiest - 1e-9));
  return {
    stations: used,
    workingMinutes,
    loadMinutes: op.setupMinutes * used + op.standardMinutes * op.quantity,
  };
}

/**
 * Each operation as early as possible: it starts at the first working instant of its work center
 * at or after `release` (or its predecessor's end) and ends when its working minutes are done.
 * Infinite capacity: other work orders on the same work center are not looked at.
 */
export function planForward(release: Date, ops: readonly OperationToPlan[], centers: WorkCenters): Schedule {
  let at = minuteAfter(release);
  const operations: PlannedOperation[] = [];
  for (const op of ops) {
    const center = centers.get(op.workCenter);
    const d = operationDuration(op, center.stations);
    const start = d.workingMinutes > 0 ? center.calendar.nextWorking(at) : at;
    const end = center.calendar.addWorking(start, d.workingMinutes);
    operations.push(planned(op, start, end, d));
    at = end;
  }
  return schedule('forward', false, minuteAfter(release), operations);
}

/**
 * Each operation as late as possible: the last one ends at the last working instant at or before
 * `due`, each earlier one when its successor starts.
 */
export function planBackward(due: Date, ops: readonly OperationToPlan[], centers: WorkCenters): Schedule {
  return backwardWithin(due, ops, centers, Number.NEGATIVE_INFINITY)!;
}

/**
 * planBackward, or null as soon as an operation would start before `notBefore` (minutes): the
 * search never walks back past release, however long the work (a huge quantity must not scan years).
 */
function backwardWithin(
  due: Date,
  ops: readonly OperationToPlan[],
  centers: WorkCenters,
  notBefore: number,
): Schedule | null {
  let at = minuteOf(due);
  const operations: PlannedOperation[] = [];
  for (let i = ops.length - 1; i >= 0; i--) {
    const op = ops[i]!;
    const center = centers.get(op.workCenter);
    const d = operationDuration(op, center.stations);
    if (notBefore > Number.NEGATIVE_INFINITY) {
      if (at < notBefore || center.calendar.workingBetween(notBefore, at) < d.workingMinutes) return null;
    }
    const end = d.workingMinutes > 0 ? center.calendar.previousWorking(at) : at;
    const start = center.calendar.subtractWorking(end, d.workingMinutes);
    operations.push(planned(op, start, end, d));
    at = start;
  }
  operations.reverse();
  return schedule('backward', false, minuteOf(due), operations);
}

/**
 * Backward from `due` when that plan starts at or after `release` (there is room: the work is not
 * started earlier than it needs to be); otherwise forward from `release`, `late` when it ends
 * after `due`.
 */
export function plan(
  release: Date,
  due: Date,
  ops: readonly OperationToPlan[],
  centers: WorkCenters,
): Schedule {
  if (due.getTime() >= release.getTime()) {
    const backward = backwardWithin(due, ops, centers, minuteAfter(release));
    if (backward && backward.start.getTime() >= release.getTime()) return backward;
  }
  const forward = planForward(release, ops, centers);
  return { ...forward, late: forward.end.getTime() > due.getTime() };
}

/**
 * The rest of a work order planned again from `now`, after a report ran late. `done` holds the
 * quantity reported (good + scrap) per operation seq: an operation that has reported something is
 * set up already and has only its remaining quantity left; one with nothing left is not planned.
 */
export function replan(
  now: Date,
  ops: readonly OperationToPlan[],
  done: ReadonlyMap<number, number>,
  centers: WorkCenters,
  due?: Date,
): Schedule {
  const remaining: OperationToPlan[] = [];
  for (const op of ops) {
    const reported = done.get(op.seq) ?? 0;
    const left = Math.max(0, op.quantity - reported);
    if (left === 0) continue;
    remaining.push({ ...op, quantity: left, setupMinutes: reported > 0 ? 0 : op.setupMinutes });
  }
  const forward = planForward(now, remaining, centers);
  return { ...forward, late: due !== undefined && forward.end.getTime() > due.getTime() };
}

function planned(op: OperationToPlan, start: number, end: number, d: OperationDuration): PlannedOperation {
  return {
    seq: op.seq,
    workCenter: op.workCenter,
    owner: op.owner ?? null,
    plannedStart: dateOfMinute(start),
    plannedEnd: dateOfMinute(end),
    workingMinutes: d.workingMinutes,
    stations: d.stations,
    loadMinutes: d.loadMinutes,
  };
}

function schedule(
  direction: Schedule['direction'],
  late: boolean,
  anchor: number,
  operations: PlannedOperation[],
): Schedule {
  const first = operations[0];
  const last = operations[operations.length - 1];
  return {
    direction,
    late,
    start: first ? first.plannedStart : dateOfMinute(anchor),
    end: last ? last.plannedEnd : dateOfMinute(anchor),
    operations,
  };
}
