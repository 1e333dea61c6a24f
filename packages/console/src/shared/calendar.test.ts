import { describe, expect, it } from 'vitest';
import { setLocale } from '../i18n/i18n';
import { formatCalendar, formatWorkdays } from './calendar';

describe('work-center calendars in a few words', () => {
  it('says a run of three or more days as a range, shorter runs day by day', () => {
    setLocale('zh-CN');
    expect(formatWorkdays([1, 2, 3, 4, 5])).toBe('周一至周五');
    expect(formatWorkdays([1, 3, 5])).toBe('周一、周三、周五');
    expect(formatWorkdays([6, 1, 2, 3, 7])).toBe('周一至周三、周六、周日');
    expect(formatWorkdays([])).toBe('无工作日');
  });

  it('lists the shifts and counts the exceptions', () => {
    setLocale('zh-CN');
    const calendar = {
      workdays: [1, 2, 3, 4, 5, 6],
      shifts: [
        { start: '08:00', end: '12:00' },
        { start: '20:00', end: '08:00' },
      ],
      holidays: ['2026-10-01', '2026-10-02'],
      workingDates: ['2026-10-10'],
    };
    expect(formatCalendar(calendar)).toBe('周一至周六 08:00-12:00 20:00-08:00 休 2 天 补班 1 天');
    setLocale('en');
    expect(formatCalendar(calendar)).toBe('Mon–Sat 08:00-12:00 20:00-08:00 2 days off 1 extra workdays');
    setLocale('zh-CN');
  });
});
