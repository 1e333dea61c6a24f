import type { WorkCalendar } from '@shopfloor/sdk/admin';
import { CompiledCalendar } from './calendar.js';
import { SchedulingError } from './errors.js';
import { DEFAULT_LATE_TOLERANCE, DEFAULT_SCHEDULE_CALENDAR } from './settings.js';

/** What the planner needs of a work center (the `work_centers` row, plus its tolerance). */
export interface WorkCenterInfo {
  code: string;
  calendar: WorkCalendar;
  /** Identical parallel stations (工位/机台), ≥ 1. */
  stations: number;
  /** Lateness tolerance factor of this work center; the default when absent. */
  lateTolerance?: number;
}

export interface ResolvedWorkCenter {
  /** null for operations without a work center (the default calendar, one station). */
  code: string | null;
  calendar: CompiledCalendar;
  stations: number;
  lateTolerance: number;
}

/**
 * The work centers of one planning run, each calendar compiled once and reused by every operation
 * and query. Operations without a work center use `defaultCalendar` with one station.
 */
export class WorkCenters {
  private readonly byCode = new Map<string, ResolvedWorkCenter>();
  readonly fallback: ResolvedWorkCenter;

  constructor(
    centers: readonly WorkCenterInfo[],
    options: { defaultCalendar?: WorkCalendar; lateTolerance?: number } = {},
  ) {
    const tolerance = options.lateTolerance ?? DEFAULT_LATE_TOLERANCE;
    for (const c of centers) {
      this.byCode.set(c.code, {
        code: c.code,
        calendar: new CompiledCalendar(c.calendar),
        stations: Math.max(1, Math.floor(c.stations)),
        lateTolerance: c.lateTolerance ?? tolerance,
      });
    }
    this.fallback = {
      code: null,
      calendar: new CompiledCalendar(options.defaultCalendar ?? DEFAULT_SCHEDULE_CALENDAR),
      stations: 1,
      lateTolerance: tolerance,
    };
  }

  /** The work center named `code` (the default for null); throws `unknown-work-center` otherwise. */
  get(code: string | null | undefined): ResolvedWorkCenter {
    if (code === null || code === undefined) return this.fallback;
    const found = this.byCode.get(code);
    if (!found) {
      throw new SchedulingError('unknown-work-center', `no work center '${code}' in this plan`, { code });
    }
    return found;
  }

  codes(): string[] {
    return [...this.byCode.keys()].sort();
  }
}
