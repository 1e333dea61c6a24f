import type { QuietHours } from './rules.js';

/** Asia/Shanghai has no daylight saving: local time is UTC+8 all year. */
const SHANGHAI_OFFSET_MIN = 8 * 60;
const DAY_MIN = 24 * 60;

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * When the quiet hours around `at` end (Asia/Shanghai wall clock), or null when `at` is outside
 * them. `from` after `to` spans midnight (22:00–07:00); the end itself is not quiet.
 */
export function quietUntil(at: Date, quiet: QuietHours | null | undefined): Date | null {
  if (!quiet) return null;
  const from = minutes(quiet.from);
  const to = minutes(quiet.to);
  const totalMin = Math.floor(at.getTime() / 60_000) + SHANGHAI_OFFSET_MIN;
  const local = ((totalMin % DAY_MIN) + DAY_MIN) % DAY_MIN;
  const inside = from < to ? local >= from && local < to : local >= from || local < to;
  if (!inside) return null;
  const wait = (to - local + DAY_MIN) % DAY_MIN;
  const dayStartMs = (totalMin - local - SHANGHAI_OFFSET_MIN) * 60_000;
  return new Date(dayStartMs + (local + wait) * 60_000);
}
