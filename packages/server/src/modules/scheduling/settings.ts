import {
  CalendarSyntaxError,
  DEFAULT_CALENDAR,
  parseCalendar,
  type WorkCalendar,
} from '@shopfloor/sdk/admin';

/**
 * The calendar of operations that name no work center: the plant's one default, the SDK's
 * DEFAULT_CALENDAR that a work center created without a calendar gets too — Monday to Friday,
 * 08:00–12:00 and 13:00–17:00 Asia/Shanghai. A six-day plant gives its work centers their calendar.
 */
export const DEFAULT_SCHEDULE_CALENDAR_TEXT = '周一至周五 08:00-12:00 13:00-17:00';
export const DEFAULT_SCHEDULE_CALENDAR: WorkCalendar = DEFAULT_CALENDAR;
/** An operation is late when its working time exceeds the standard by this factor. */
export const DEFAULT_LATE_TOLERANCE = 1.5;

export interface SchedulingSettings {
  defaultCalendar: WorkCalendar;
  lateTolerance: number;
}

/**
 * Reads `SHOPFLOOR_DEFAULT_CALENDAR` (a calendar cell as the plant workbook writes it, e.g.
 * `周一至周五 08:00-12:00 13:00-17:00; 休 2026-10-01..2026-10-07; 班 2026-10-10`) and
 * `SHOPFLOOR_LATE_TOLERANCE` (a factor from 1 to 10); a line per bad value in `problems`,
 * which keeps its default.
 */
export function parseSchedulingSettings(env: {
  SHOPFLOOR_DEFAULT_CALENDAR?: string | undefined;
  SHOPFLOOR_LATE_TOLERANCE?: string | undefined;
}): { value: SchedulingSettings; problems: string[] } {
  const value: SchedulingSettings = {
    defaultCalendar: DEFAULT_SCHEDULE_CALENDAR,
    lateTolerance: DEFAULT_LATE_TOLERANCE,
  };
  const problems: string[] = [];
  const calendar = env.SHOPFLOOR_DEFAULT_CALENDAR?.trim();
  if (calendar) {
    try {
      value.defaultCalendar = parseCalendar(calendar);
    } catch (error) {
      if (!(error instanceof CalendarSyntaxError)) throw error;
      problems.push(`SHOPFLOOR_DEFAULT_CALENDAR: ${error.reason.en}`);
    }
  }
  const tolerance = env.SHOPFLOOR_LATE_TOLERANCE?.trim();
  if (tolerance) {
    const n = Number(tolerance);
    if (Number.isFinite(n) && n >= 1 && n <= 10) value.lateTolerance = n;
    else problems.push(`SHOPFLOOR_LATE_TOLERANCE: '${tolerance}' is not a factor from 1 to 10`);
  }
  return { value, problems };
}
