import type { WorkCalendar } from '@shopfloor/sdk/admin';
import { SchedulingError } from './errors.js';
import { DAY_MINUTES, dayOfDate, dayOfMinute, midnightOf, minutesOfTime, weekdayOf } from './time.js';

/** Days compiled on first use, and the least a range grows by when a query runs past it. */
const FIRST_DAYS_BEFORE = 14;
const FIRST_DAYS_AFTER = 120;
const MIN_GROWTH_DAYS = 120;
/** A search that finds no working time within this many days gives up: the calendar is empty. */
const HORIZON_DAYS = 366 * 10;

/** First index whose value is greater than `x` (arrays sorted ascending). */
function upper(values: Float64Array, count: number, x: number): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** First index whose value is at least `x`. */
function lower(values: Float64Array, count: number, x: number): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! >= x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * A work calendar compiled into sorted, disjoint working intervals [start, end) in epoch minutes,
 * with the working minutes before each: "add N working minutes", "next working instant" and
 * "working minutes between" are binary searches. The compiled range starts small around the first
 * instant asked about and grows (recompiled, at least doubling) when a query runs past it.
 *
 * Rules: a shift belongs to the day it starts on — a night shift 20:00–04:00 runs when its evening
 * is a working day, into the next morning even when that is a holiday. A day works when its
 * weekday is in `workdays` or it is in `workingDates` (调休补班), unless it is in `holidays`.
 * Overlapping or touching shifts merge into one interval.
 */
export class CompiledCalendar {
  private readonly weekdays = new Uint8Array(8);
  private readonly holidays: Set<number>;
  private readonly extraDays: Set<number>;
  /** Shift bounds in minutes after the midnight of the day the shift starts on (end may pass 1440). */
  private readonly shiftStarts: number[];
  private readonly shiftEnds: number[];

  private compiled = false;
  private firstDay = 0;
  private lastDay = 0;
  private count = 0;
  private starts = new Float64Array(0);
  private ends = new Float64Array(0);
  /** Working minutes before interval i (`cumStart`) and up to its end (`cumEnd`). */
  private cumStart = new Float64Array(0);
  private cumEnd = new Float64Array(0);

  constructor(readonly source: WorkCalendar) {
    for (const d of source.workdays) if (d >= 1 && d <= 7) this.weekdays[d] = 1;
    this.holidays = new Set((source.holidays ?? []).map(dayOfDate));
    this.extraDays = new Set((source.workingDates ?? []).map(dayOfDate));
    const shifts = source.shifts
      .map((s) => {
        const start = minutesOfTime(s.start);
        const end = minutesOfTime(s.end);
        return [start, end > start ? end : end + DAY_MINUTES] as const;
      })
      .sort((a, b) => a[0] - b[0]);
    this.shiftStarts = shifts.map((s) => s[0]);
    this.shiftEnds = shifts.map((s) => s[1]);
  }

  /** Whether day `day` runs its shifts. */
  worksOn(day: number): boolean {
    if (this.holidays.has(day)) return false;
    return this.weekdays[weekdayOf(day)] === 1 || this.extraDays.has(day);
  }

  /** Number of compiled intervals (for benchmarks and tests). */
  get intervalCount(): number {
    return this.count;
  }

  /** Working minutes in [from, to) (0 when to ≤ from). */
  workingBetween(from: number, to: number): number {
    if (to <= from) return 0;
    this.cover(from, to);
    return this.cumAt(to) - this.cumAt(from);
  }

  /** Whether the minute [minute, minute + 1) is working time. */
  isWorking(minute: number): boolean {
    return this.workingBetween(minute, minute + 1) === 1;
  }

  /** The first instant at or after `at` that begins a working minute. */
  nextWorking(at: number): number {
    this.cover(at, at);
    for (;;) {
      const j = upper(this.ends, this.count, at);
      if (j < this.count) return Math.max(at, this.starts[j]!);
      this.growForward(at);
    }
  }

  /** The last instant at or before `at` that ends a working minute. */
  previousWorking(at: number): number {
    this.cover(at, at);
    for (;;) {
      const i = lower(this.starts, this.count, at) - 1;
      if (i >= 0) return Math.min(at, this.ends[i]!);
      this.growBackward(at);
    }
  }

  /**
   * The instant `minutes` working minutes after `at` are done: the end of a forward-planned
   * operation starting at `at`. It lands on the end of a shift rather than the start of the next.
   */
  addWorking(at: number, minutes: number): number {
    if (minutes <= 0) return at;
    this.cover(at, at);
    for (;;) {
      const target = this.cumAt(at) + minutes;
      const i = lower(this.cumEnd, this.count, target);
      if (i < this.count) return this.starts[i]! + (target - this.cumStart[i]!);
      this.growForward(at);
    }
  }

  /**
   * The instant `minutes` working minutes before `at`: the start of a backward-planned operation
   * ending at `at`. It lands on the start of a shift rather than the end of the one before.
   */
  subtractWorking(at: number, minutes: number): number {
    if (minutes <= 0) return at;
    this.cover(at, at);
    for (;;) {
      const target = this.cumAt(at) - minutes;
      if (target >= 0) {
        const i = upper(this.cumStart, this.count, target) - 1;
        return this.starts[i]! + (target - this.cumStart[i]!);
      }
      this.growBackward(at);
    }
  }

  /** The working intervals overlapping [from, to), clipped to it, as [start, end) pairs. */
  intervals(from: number, to: number): [number, number][] {
    this.cover(from, to);
    const out: [number, number][] = [];
    for (let i = upper(this.ends, this.count, from); i < this.count && this.starts[i]! < to; i++) {
      out.push([Math.max(from, this.starts[i]!), Math.min(to, this.ends[i]!)]);
    }
    return out;
  }

  /** Working minutes from the start of the compiled range to `at`. */
  private cumAt(at: number): number {
    const i = upper(this.starts, this.count, at) - 1;
    if (i < 0) return 0;
    return this.cumStart[i]! + Math.min(at, this.ends[i]!) - this.starts[i]!;
  }

  /** Makes sure [from, to] lies inside the compiled range. */
  private cover(from: number, to: number): void {
    const first = dayOfMinute(from);
    const last = dayOfMinute(to) + 1;
    if (!this.compiled) {
      this.compile(first - FIRST_DAYS_BEFORE, last + FIRST_DAYS_AFTER);
      return;
    }
    if (first >= this.firstDay && last <= this.lastDay) return;
    const growth = Math.max(MIN_GROWTH_DAYS, this.lastDay - this.firstDay);
    this.compile(
      first < this.firstDay ? Math.min(first, this.firstDay - growth) : this.firstDay,
      last > this.lastDay ? Math.max(last, this.lastDay + growth) : this.lastDay,
    );
  }

  private growForward(from: number): void {
    if (this.lastDay - dayOfMinute(from) > HORIZON_DAYS) this.empty(from, 'after');
    this.compile(this.firstDay, this.lastDay + Math.max(MIN_GROWTH_DAYS, this.lastDay - this.firstDay));
  }

  private growBackward(from: number): void {
    if (dayOfMinute(from) - this.firstDay > HORIZON_DAYS) this.empty(from, 'before');
    this.compile(this.firstDay - Math.max(MIN_GROWTH_DAYS, this.lastDay - this.firstDay), this.lastDay);
  }

  private empty(from: number, direction: 'after' | 'before'): never {
    throw new SchedulingError(
      'no-working-time',
      `the calendar has no working time within ${HORIZON_DAYS} days ${direction} the instant asked about`,
      { direction, at: new Date(from * 60_000).toISOString() },
    );
  }

  /** Compiles the working intervals of days [firstDay, lastDay) (Asia/Shanghai). */
  private compile(firstDay: number, lastDay: number): void {
    const lo = midnightOf(firstDay);
    const hi = midnightOf(lastDay);
    const capacity = (lastDay - firstDay + 1) * this.shiftStarts.length;
    const starts = new Float64Array(capacity);
    const ends = new Float64Array(capacity);
    let n = 0;
    // The day before the range may run a night shift into it.
    for (let day = firstDay - 1; day < lastDay; day++) {
      if (!this.worksOn(day)) continue;
      const midnight = midnightOf(day);
      for (let s = 0; s < this.shiftStarts.length; s++) {
        const start = Math.max(lo, midnight + this.shiftStarts[s]!);
        const end = Math.min(hi, midnight + this.shiftEnds[s]!);
        if (end <= start) continue;
        // Days come in order and shifts by start, so a merge only ever looks at the last interval.
        if (n > 0 && start <= ends[n - 1]!) {
          if (end > ends[n - 1]!) ends[n - 1] = end;
        } else {
          starts[n] = start;
          ends[n] = end;
          n++;
        }
      }
    }
    const cumStart = new Float64Array(n);
    const cumEnd = new Float64Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) {
      cumStart[i] = total;
      total += ends[i]! - starts[i]!;
      cumEnd[i] = total;
    }
    this.compiled = true;
    this.firstDay = firstDay;
    this.lastDay = lastDay;
    this.count = n;
    this.starts = starts.subarray(0, n);
    this.ends = ends.subarray(0, n);
    this.cumStart = cumStart;
    this.cumEnd = cumEnd;
  }
}

export const compileCalendar = (calendar: WorkCalendar): CompiledCalendar => new CompiledCalendar(calendar);
