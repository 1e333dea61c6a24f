import { t } from '../i18n/i18n';

export interface Shift {
  /** `HH:MM`, 24-hour, Asia/Shanghai. */
  start: string;
  /** `HH:MM`; earlier than `start` means the shift ends the next morning. */
  end: string;
}

/** A work center's calendar: ISO weekdays (1 = Monday), shifts, and the exceptions to them. */
export interface WorkCalendar {
  workdays: number[];
  shifts: Shift[];
  holidays?: string[];
  workingDates?: string[];
}

export const DEFAULT_CALENDAR: WorkCalendar = {
  workdays: [1, 2, 3, 4, 5],
  shifts: [
    { start: '08:00', end: '12:00' },
    { start: '13:00', end: '17:00' },
  ],
};

const WEEKDAY_KEYS = [
  'weekday.1',
  'weekday.2',
  'weekday.3',
  'weekday.4',
  'weekday.5',
  'weekday.6',
  'weekday.7',
] as const;

export function weekdayName(day: number): string {
  return t(WEEKDAY_KEYS[day - 1] ?? 'weekday.1');
}

/**
 * The workdays in a few words: a run of three or more days as `周一至周五`, others listed
 * (`周一、周三、周五`).
 */
export function formatWorkdays(days: readonly number[]): string {
  const sorted = [...new Set(days)].filter((d) => d >= 1 && d <= 7).sort((a, b) => a - b);
  if (sorted.length === 0) return t('calendar.noWorkdays');
  const runs: number[][] = [];
  for (const day of sorted) {
    const last = runs.at(-1);
    if (last && last.at(-1) === day - 1) last.push(day);
    else runs.push([day]);
  }
  return runs
    .flatMap((run) =>
      run.length >= 3
        ? [t('calendar.range', { from: weekdayName(run[0]!), to: weekdayName(run.at(-1)!) })]
        : run.map(weekdayName),
    )
    .join(t('calendar.separator'));
}

/** `周一至周五 08:00-12:00 13:00-17:00`, plus the number of holidays and extra working days. */
export function formatCalendar(calendar: WorkCalendar | undefined): string {
  if (!calendar) return '—';
  const shifts = calendar.shifts.map((s) => `${s.start}-${s.end}`).join(' ');
  const extras = [
    calendar.holidays?.length ? t('calendar.holidays', { n: calendar.holidays.length }) : '',
    calendar.workingDates?.length ? t('calendar.workingDates', { n: calendar.workingDates.length }) : '',
  ].filter(Boolean);
  return [formatWorkdays(calendar.workdays), shifts, ...extras].filter(Boolean).join(' ');
}
