/**
 * Shop-floor time is Asia/Shanghai (UTC+8, no daylight saving) whatever the device's own zone:
 * "today", "overdue" and "更新于 hh:mm" must mean the same on a phone abroad and on the big screen.
 */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

function shifted(at: Date | string | number): Date {
  const ms = at instanceof Date ? at.getTime() : typeof at === 'number' ? at : Date.parse(at);
  return new Date(ms + SHANGHAI_OFFSET_MS);
}

/** `YYYY-MM-DD` of the instant in Shanghai. */
export function shanghaiDate(at: Date | string | number): string {
  return shifted(at).toISOString().slice(0, 10);
}

/** `HH:mm` of the instant in Shanghai. */
export function shanghaiTime(at: Date | string | number): string {
  return shifted(at).toISOString().slice(11, 16);
}

/** `MM-DD HH:mm` of the instant in Shanghai. */
export function shanghaiDateTime(at: Date | string | number): string {
  const iso = shifted(at).toISOString();
  return `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
}

/** `MM-DD` of a `YYYY-MM-DD` date (the year is obvious on a board of this month's work). */
export function shortDate(date: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? date.slice(5) : date;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A `YYYY-MM-DD` date as a person reads it in the language: `12-05` in Chinese, `Dec 5` in English
 * (with a no-break space, so the day never wraps away from its month).
 */
export function dayLabel(date: string, locale: 'zh-CN' | 'en'): string {
  if (locale === 'zh-CN' || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return shortDate(date);
  return `${MONTHS[Number(date.slice(5, 7)) - 1]}\u00a0${Number(date.slice(8, 10))}`;
}

/** Whole calendar days from `from` to `to` (both `YYYY-MM-DD`): positive when `to` is later. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}
