import { badOption } from './errors.js';

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Open effectivity bounds, as day numbers. */
export const NO_START = -2_147_483_648;
export const NO_END = 2_147_483_647;

/** Days since 1970-01-01 for a real calendar date `YYYY-MM-DD`, or null if it is not one. */
export function parseDay(text: string): number | null {
  const m = ISO_DATE.exec(text);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms / DAY_MS;
}

export function formatDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Today's date in Asia/Shanghai (UTC+8, no daylight saving), the default effectivity date. */
export function todayInShanghai(now: number = Date.now()): string {
  return formatDay(Math.floor((now + 8 * 3_600_000) / DAY_MS));
}

/** Resolves an optional `date` option to a day number, with a clear error for a bad one. */
export function resolveDay(date: string | undefined): { day: number; date: string } {
  const text = date ?? todayInShanghai();
  const day = typeof text === 'string' ? parseDay(text) : null;
  if (day === null) throw badOption(`date must be a calendar date YYYY-MM-DD, got '${String(text)}'`);
  return { day, date: text };
}
