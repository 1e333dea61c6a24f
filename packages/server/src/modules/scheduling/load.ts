import type { PlannedOperation } from './plan.js';
import { dateOfDay, dayOfDate, dayOfMinute, midnightOf, minuteOf } from './time.js';
import type { WorkCenters } from './work-centers.js';

export interface WorkCenterDay {
  /** null: operations without a work center (the default calendar). */
  workCenter: string | null;
  /** Calendar date in Asia/Shanghai, midnight to midnight. */
  date: string;
  /** Station-minutes of planned work falling on the date. */
  plannedMinutes: number;
  /** Working minutes of the date × stations. */
  availableMinutes: number;
  overloaded: boolean;
}

/**
 * Load per work center per day (负荷), for dates `from`..`to` (both included, Asia/Shanghai).
 * An operation's load (its station-minutes) is spread over the days of its span in proportion to
 * the working minutes of the span that fall on each day; a night shift counts on both dates it
 * touches. Every work center of `centers` gets a row per day, loaded or not, and so does the
 * default calendar when some operation has no work center. Overloaded when planned > available
 * (infinite-capacity planning leaves resolving that to the planner).
 */
export function workCenterLoad(
  plans: readonly PlannedOperation[],
  centers: WorkCenters,
  days: { from: string; to: string },
): WorkCenterDay[] {
  const first = dayOfDate(days.from);
  const last = dayOfDate(days.to);
  const count = Math.max(0, last - first + 1);
  const codes: (string | null)[] = centers.codes();
  if (plans.some((p) => p.workCenter === null)) codes.push(null);
  const planned = new Map<string | null, Float64Array>();
  for (const code of codes) planned.set(code, new Float64Array(count));
  for (const op of plans) {
    if (op.loadMinutes === 0 || op.workingMinutes === 0) continue;
    const center = centers.get(op.workCenter);
    const loads = planned.get(op.workCenter) ?? new Float64Array(count);
    planned.set(op.workCenter, loads);
    const start = minuteOf(op.plannedStart);
    const end = minuteOf(op.plannedEnd);
    const span = center.calendar.workingBetween(start, end);
    const from = Math.max(first, dayOfMinute(start));
    const to = Math.min(last, dayOfMinute(end - 1));
    for (let day = from; day <= to; day++) {
      const minutes = center.calendar.workingBetween(
        Math.max(start, midnightOf(day)),
        Math.min(end, midnightOf(day + 1)),
      );
      loads[day - first] = loads[day - first]! + (op.loadMinutes * minutes) / span;
    }
  }
  const out: WorkCenterDay[] = [];
  for (const [code, loads] of planned) {
    const center = centers.get(code);
    for (let i = 0; i < count; i++) {
      const day = first + i;
      const available =
        center.calendar.workingBetween(midnightOf(day), midnightOf(day + 1)) * center.stations;
      // Kept to 6 places like every quantity in the API; the sum over days stays exact enough.
      const plannedMinutes = Math.round(loads[i]! * 1e6) / 1e6;
      out.push({
        workCenter: code,
        date: dateOfDay(day),
        plannedMinutes,
        availableMinutes: available,
        overloaded: plannedMinutes > available,
      });
    }
  }
  return out;
}
