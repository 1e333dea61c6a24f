/**
 * Work-center calendars (工作日历) as people write them in a cell, and back:
 * `周一至周五 08:00-12:00 13:00-17:00`, `Mon-Sat 20:00-08:00` (a night shift ends next morning),
 * `周一,周三,周五 08:00-17:00; 休 2026-10-01..2026-10-07; 班 2026-10-10`.
 * Days are ISO weekdays (1 = Monday … 7 = Sunday); times are Asia/Shanghai wall-clock times.
 */
export interface Shift {
  /** `HH:MM`, 24-hour. */
  start: string;
  /** `HH:MM`; earlier than `start` means the shift ends the next day. */
  end: string;
}

export interface WorkCalendar {
  workdays: number[];
  shifts: Shift[];
  /** Dates off although their weekday is a workday (法定假日). */
  holidays?: string[];
  /** Dates worked although their weekday is not (调休补班). */
  workingDates?: string[];
}

export const DEFAULT_CALENDAR: WorkCalendar = {
  workdays: [1, 2, 3, 4, 5],
  shifts: [
    { start: '08:00', end: '12:00' },
    { start: '13:00', end: '17:00' },
  ],
};

const DAY_NAMES: Record<string, number> = {
  mon: 1,
  tue: 2,
  wed: 3,
  thu: 4,
  fri: 5,
  sat: 6,
  sun: 7,
  周一: 1,
  周二: 2,
  周三: 3,
  周四: 4,
  周五: 5,
  周六: 6,
  周日: 7,
  周天: 7,
  星期一: 1,
  星期二: 2,
  星期三: 3,
  星期四: 4,
  星期五: 5,
  星期六: 6,
  星期日: 7,
  星期天: 7,
  '1': 1,
  '2': 2,
  '3': 3,
  '4': 4,
  '5': 5,
  '6': 6,
  '7': 7,
};
const ENGLISH_DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const CHINESE_DAYS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];

export class CalendarSyntaxError extends Error {
  constructor(
    readonly input: string,
    readonly reason: { zh: string; en: string },
  ) {
    super(`calendar '${input}': ${reason.en}`);
    this.name = 'CalendarSyntaxError';
  }
}

const TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Reads a calendar cell; throws CalendarSyntaxError saying what is wrong, in Chinese and English. */
export function parseCalendar(input: string): WorkCalendar {
  const fail = (zh: string, en: string): never => {
    throw new CalendarSyntaxError(input, { zh, en });
  };
  const parts = input
    .replace(/；/g, ';')
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) fail('日历为空', 'the calendar is empty');
  const calendar: WorkCalendar = { workdays: [], shifts: [] };
  for (const part of parts) {
    const special = /^(休|holiday|holidays|班|work|workday)\s+(.+)$/i.exec(part);
    if (special) {
      const off = /^(休|holiday|holidays)$/i.test(special[1]!);
      const dates = special[2]!
        .split(/[,，\s]+/)
        .filter(Boolean)
        .flatMap((d) => dateRange(d, fail));
      if (off) calendar.holidays = [...(calendar.holidays ?? []), ...dates];
      else calendar.workingDates = [...(calendar.workingDates ?? []), ...dates];
      continue;
    }
    if (calendar.shifts.length > 0) fail(`多余的部分「${part}」`, `unexpected '${part}'`);
    const tokens = part.split(/\s+/);
    calendar.workdays = days(tokens[0]!, fail);
    for (const token of tokens.slice(1)) {
      for (const piece of token.split(/[,，]/).filter(Boolean)) {
        const [start, end, extra] = piece.split(/[-–~～]/);
        if (extra !== undefined || !start || !end || !TIME.test(start) || !TIME.test(end)) {
          fail(`班次「${piece}」应写成 08:00-17:00`, `shift '${piece}' must look like 08:00-17:00`);
        }
        if (start === end) fail(`班次「${piece}」时长为零`, `shift '${piece}' has no length`);
        calendar.shifts.push({ start: pad(start!), end: pad(end!) });
      }
    }
  }
  if (calendar.shifts.length === 0) {
    fail('缺少班次，例如 周一至周五 08:00-17:00', 'no shift: write e.g. Mon-Fri 08:00-17:00');
  }
  for (const list of [calendar.holidays, calendar.workingDates]) list?.sort();
  return calendar;
}

function days(token: string, fail: (zh: string, en: string) => never): number[] {
  const found = new Set<number>();
  for (const piece of token.split(/[,，、]/).filter(Boolean)) {
    const range = piece.split(/至|到|-|–|~|～/);
    const ends = range.map((name) => DAY_NAMES[name.trim().toLowerCase()] ?? DAY_NAMES[name.trim()]);
    if (range.length > 2 || ends.some((d) => d === undefined)) {
      fail(
        `工作日「${piece}」无法识别，例如 周一至周五`,
        `workdays '${piece}' not understood: write e.g. Mon-Fri`,
      );
    }
    const [from, to = from] = ends as number[];
    if (to! < from!) fail(`工作日「${piece}」首尾颠倒`, `workdays '${piece}' run backwards`);
    for (let d = from!; d <= to!; d++) found.add(d);
  }
  return [...found].sort((a, b) => a - b);
}

function dateRange(text: string, fail: (zh: string, en: string) => never): string[] {
  const [from, to = from, extra] = text.split('..');
  if (extra !== undefined || !isDate(from!) || !isDate(to!)) {
    fail(
      `日期「${text}」应写成 2026-10-01 或 2026-10-01..2026-10-07`,
      `date '${text}' must be 2026-10-01 or 2026-10-01..2026-10-07`,
    );
  }
  if (to! < from!) fail(`日期「${text}」首尾颠倒`, `dates '${text}' run backwards`);
  const out: string[] = [];
  for (
    let d = new Date(`${from}T00:00:00Z`);
    d <= new Date(`${to}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 1)
  ) {
    out.push(d.toISOString().slice(0, 10));
    if (out.length > 366) fail(`日期「${text}」跨度超过一年`, `dates '${text}' span more than a year`);
  }
  return out;
}

function isDate(text: string): boolean {
  if (!DATE.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

const pad = (time: string) => time.padStart(5, '0');

/** Writes a calendar the way parseCalendar reads it, in Chinese (`zh`) or English day names. */
export function formatCalendar(calendar: WorkCalendar, language: 'zh' | 'en' = 'zh'): string {
  const names = language === 'zh' ? CHINESE_DAYS : ENGLISH_DAYS;
  const join = language === 'zh' ? '至' : '-';
  const runs: string[] = [];
  const sorted = [...new Set(calendar.workdays)].sort((a, b) => a - b);
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    const from = names[sorted[i]! - 1]!;
    const to = names[sorted[j]! - 1]!;
    runs.push(i === j ? from : j === i + 1 ? `${from},${to}` : `${from}${join}${to}`);
    i = j + 1;
  }
  const parts = [`${runs.join(',')} ${calendar.shifts.map((s) => `${s.start}-${s.end}`).join(' ')}`];
  if (calendar.holidays?.length)
    parts.push(`${language === 'zh' ? '休' : 'holiday'} ${calendar.holidays.join(',')}`);
  if (calendar.workingDates?.length) {
    parts.push(`${language === 'zh' ? '班' : 'work'} ${calendar.workingDates.join(',')}`);
  }
  return parts.join('; ');
}

/** Working minutes of one calendar day (shifts counted on the day they start). */
export function workingMinutes(calendar: WorkCalendar, date: string): number {
  if (calendar.holidays?.includes(date)) return 0;
  const weekday = ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
  if (!calendar.workdays.includes(weekday) && !calendar.workingDates?.includes(date)) return 0;
  return calendar.shifts.reduce((sum, s) => {
    const minutes = toMinutes(s.end) - toMinutes(s.start);
    return sum + (minutes > 0 ? minutes : minutes + 1440);
  }, 0);
}

const toMinutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
