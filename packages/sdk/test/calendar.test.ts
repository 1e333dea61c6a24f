import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CalendarSyntaxError,
  formatCalendar,
  parseCalendar,
  type WorkCalendar,
  WorkCalendarSchema,
  workingMinutes,
} from '../src/admin/index.js';

const time = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const day = fc.date({ min: new Date('2026-01-01'), max: new Date('2027-12-31'), noInvalidDate: true });
const isoDay = day.map((d) => d.toISOString().slice(0, 10));
const calendar: fc.Arbitrary<WorkCalendar> = fc.record(
  {
    workdays: fc
      .uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 })
      .map((d) => d.sort()),
    shifts: fc.array(
      fc
        .tuple(time, time)
        .filter(([a, b]) => a !== b)
        .map(([start, end]) => ({ start, end })),
      { minLength: 1, maxLength: 4 },
    ),
    holidays: fc.uniqueArray(isoDay, { minLength: 1, maxLength: 5 }).map((d) => d.sort()),
    workingDates: fc.uniqueArray(isoDay, { minLength: 1, maxLength: 3 }).map((d) => d.sort()),
  },
  { requiredKeys: ['workdays', 'shifts'] },
);

describe('work calendars as people write them', () => {
  it('reads what it writes, in Chinese and in English', () => {
    fc.assert(
      fc.property(calendar, fc.constantFrom('zh' as const, 'en' as const), (c, language) => {
        expect(parseCalendar(formatCalendar(c, language))).toEqual(c);
        expect(WorkCalendarSchema.safeParse(c).success).toBe(true);
      }),
    );
  });

  it('reads the usual ways of writing a week and its shifts', () => {
    expect(parseCalendar('周一至周五 08:00-12:00 13:00-17:00')).toEqual({
      workdays: [1, 2, 3, 4, 5],
      shifts: [
        { start: '08:00', end: '12:00' },
        { start: '13:00', end: '17:00' },
      ],
    });
    expect(parseCalendar('Mon-Sat 20:00-08:00')).toEqual({
      workdays: [1, 2, 3, 4, 5, 6],
      shifts: [{ start: '20:00', end: '08:00' }],
    });
    expect(parseCalendar('周一,周三,周五 8:00-17:00；休 2026-10-01..2026-10-03；班 2026-10-10')).toEqual({
      workdays: [1, 3, 5],
      shifts: [{ start: '08:00', end: '17:00' }],
      holidays: ['2026-10-01', '2026-10-02', '2026-10-03'],
      workingDates: ['2026-10-10'],
    });
  });

  it('says what is wrong, in Chinese and English', () => {
    const cases: [string, RegExp][] = [
      ['', /日历为空/],
      ['周一至周五', /缺少班次/],
      ['周八 08:00-17:00', /工作日「周八」无法识别/],
      ['周五至周一 08:00-17:00', /首尾颠倒/],
      ['Mon-Fri 8-17', /班次「8-17」应写成 08:00-17:00/],
      ['Mon-Fri 08:00-08:00', /时长为零/],
      ['Mon-Fri 08:00-17:00; 休 2026-02-30', /日期「2026-02-30」/],
    ];
    for (const [input, zh] of cases) {
      try {
        parseCalendar(input);
        expect.unreachable(`'${input}' was accepted`);
      } catch (error) {
        expect(error).toBeInstanceOf(CalendarSyntaxError);
        expect((error as CalendarSyntaxError).reason.zh).toMatch(zh);
        expect((error as CalendarSyntaxError).reason.en.length).toBeGreaterThan(5);
      }
    }
  });

  it('counts the working minutes of a day: weekdays, holidays, extra working dates, night shifts', () => {
    const c = parseCalendar('周一至周五 08:00-12:00 13:00-17:00 22:00-06:00; 休 2026-10-01; 班 2026-10-10');
    expect(workingMinutes(c, '2026-12-04')).toBe(480 + 480); // a Friday: two day shifts and the night
    expect(workingMinutes(c, '2026-12-05')).toBe(0); // Saturday
    expect(workingMinutes(c, '2026-10-01')).toBe(0); // National Day
    expect(workingMinutes(c, '2026-10-10')).toBe(960); // a Saturday made a working day
  });
});
