import type { CompiledCalendar } from './calendar.js';
import { DEFAULT_LATE_TOLERANCE } from './settings.js';
import { minuteOf } from './time.js';

/** What lateness needs to know of an operation. */
export interface OperationProgress {
  /** Finished operations are never late. */
  done: boolean;
  plannedEnd: Date | null;
  /** The start scan, or the first report; null while not started. */
  actualStart: Date | null;
  setupMinutes: number;
  standardMinutes: number;
  /** The operation's quantity (the work order's). */
  quantity: number;
  /** Reported so far, good + scrap. */
  reported: number;
  /** Stations of its work center (default 1). */
  stations?: number;
}

export interface Lateness {
  late: boolean;
  /** 'past-planned-end': its planned end has passed; 'slow': it runs longer than its standard allows. */
  reason: 'past-planned-end' | 'slow' | null;
  /** Working minutes since the actual start (0 when not started). */
  elapsedMinutes: number;
  /** (setup + standard × quantity so far) × tolerance; null when not started. */
  allowedMinutes: number | null;
}

/**
 * Whether an operation is late at `now`: its planned end has passed, or it has started and its
 * elapsed working minutes (on its work center's calendar: nights and Sundays do not count) exceed
 * (setup + standard × quantity so far) × tolerance. The quantity so far counts the unit in hand on
 * each station — min(reported + stations, quantity) — or every operation without a setup would be
 * late the minute it starts; and it is divided by the stations working at once.
 */
export function lateness(
  op: OperationProgress,
  now: Date,
  calendar: CompiledCalendar,
  tolerance = DEFAULT_LATE_TOLERANCE,
): Lateness {
  if (op.done) return { late: false, reason: null, elapsedMinutes: 0, allowedMinutes: null };
  let elapsedMinutes = 0;
  let allowedMinutes: number | null = null;
  if (op.actualStart && op.actualStart.getTime() <= now.getTime()) {
    elapsedMinutes = calendar.workingBetween(minuteOf(op.actualStart), minuteOf(now));
    const stations = Math.max(1, Math.min(op.stations ?? 1, Math.ceil(op.quantity) || 1));
    const inHand = Math.max(op.reported, Math.min(op.reported + stations, op.quantity));
    allowedMinutes = (op.setupMinutes + (op.standardMinutes * inHand) / stations) * tolerance;
  }
  if (op.plannedEnd && op.plannedEnd.getTime() < now.getTime()) {
    return { late: true, reason: 'past-planned-end', elapsedMinutes, allowedMinutes };
  }
  const slow = allowedMinutes !== null && elapsedMinutes > allowedMinutes;
  return { late: slow, reason: slow ? 'slow' : null, elapsedMinutes, allowedMinutes };
}

export const isLate = (
  op: OperationProgress,
  now: Date,
  calendar: CompiledCalendar,
  tolerance = DEFAULT_LATE_TOLERANCE,
): boolean => lateness(op, now, calendar, tolerance).late;
