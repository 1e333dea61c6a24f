import { dateShanghai } from '../../shared/time.js';

const DAY_MS = 86_400_000;

/** The Monday (Asia/Shanghai) of the week `at` falls in, as YYYY-MM-DD. */
export function mondayOf(at: Date): string {
  const day = new Date(`${dateShanghai(at)}T00:00:00Z`);
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - sinceMonday * DAY_MS).toISOString().slice(0, 10);
}

/** Whole weeks from the week of `from` to the week of `to` (both Mondays). */
export function weeksBetween(fromMonday: string, toMonday: string): number {
  return Math.round((Date.parse(toMonday) - Date.parse(fromMonday)) / (7 * DAY_MS));
}

/** Monday 06:00 Asia/Shanghai of the week `at` falls in: when the weekly plan is due. */
export function planDueAt(at: Date): Date {
  return new Date(`${mondayOf(at)}T06:00:00+08:00`);
}
