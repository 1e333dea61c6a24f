const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** ISO 8601 in Asia/Shanghai with its offset: 2026-11-25T12:30:00.000+08:00. */
export function isoShanghai(at: Date | string | null | undefined): string | null {
  if (at === null || at === undefined) return null;
  const d = typeof at === 'string' ? new Date(at) : at;
  return `${new Date(d.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 23)}+08:00`;
}

/** Today's calendar date in Asia/Shanghai for a given instant. */
export function dateShanghai(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}
