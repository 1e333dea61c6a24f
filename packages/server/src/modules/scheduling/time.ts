/**
 * Instants as whole minutes since 1970-01-01T00:00Z ("epoch minutes"). Asia/Shanghai has had no
 * daylight saving since 1991, so its wall clock is always UTC + 8 h: a Shanghai day `d` (days since
 * 1970-01-01) starts at `d × 1440 − 480` epoch minutes. No time-zone database is consulted.
 */
export const SHANGHAI_OFFSET_MINUTES = 480;
export const DAY_MINUTES = 1440;

/** Epoch minutes of an instant, rounded down to the minute. */
export const minuteOf = (at: Date): number => Math.floor(at.getTime() / 60_000);

/** Epoch minutes of an instant, rounded up: nothing planned from it starts before it. */
export const minuteAfter = (at: Date): number => Math.ceil(at.getTime() / 60_000);

export const dateOfMinute = (minute: number): Date => new Date(minute * 60_000);

/** The Shanghai day (days since 1970-01-01) an epoch minute falls in. */
export const dayOfMinute = (minute: number): number =>
  Math.floor((minute + SHANGHAI_OFFSET_MINUTES) / DAY_MINUTES);

/** Epoch minute of 00:00 Asia/Shanghai on day `day`. */
export const midnightOf = (day: number): number => day * DAY_MINUTES - SHANGHAI_OFFSET_MINUTES;

/** Day number of `YYYY-MM-DD`; throws on anything that is not a real date. */
export function dayOfDate(date: string): number {
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(date) ||
    Number.isNaN(ms) ||
    new Date(ms).toISOString().slice(0, 10) !== date
  ) {
    throw new RangeError(`'${date}' is not a date YYYY-MM-DD`);
  }
  return ms / 86_400_000;
}

export const dateOfDay = (day: number): string => new Date(day * 86_400_000).toISOString().slice(0, 10);

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export const weekdayOf = (day: number): number => ((((day + 3) % 7) + 7) % 7) + 1;

/** `HH:MM` → minutes after midnight. */
export const minutesOfTime = (time: string): number =>
  Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/**
 * The instant a work order is due by: 00:00 Asia/Shanghai of the day after its due date, so work
 * planned backward ends with the last shift of the due day.
 */
export const dueInstant = (date: string): Date => dateOfMinute(midnightOf(dayOfDate(date) + 1));
