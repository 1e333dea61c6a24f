import { describe, expect, it } from 'vitest';
import {
  dayLabel,
  daysBetween,
  shanghaiDate,
  shanghaiDateTime,
  shanghaiTime,
  shortDate,
} from './shanghai-time';

describe('Shanghai time', () => {
  it('takes the date in Shanghai, not in the device zone', () => {
    // 16:57 UTC on Dec 1 is already 00:57 on Dec 2 in Shanghai.
    expect(shanghaiDate(new Date('2026-12-01T16:57:00Z'))).toBe('2026-12-02');
    expect(shanghaiDate('2026-12-01T15:59:59Z')).toBe('2026-12-01');
    expect(shanghaiDate('2026-12-02T00:57:02.834+08:00')).toBe('2026-12-02');
  });

  it('formats times of day and short dates', () => {
    expect(shanghaiTime('2026-12-01T16:57:00Z')).toBe('00:57');
    expect(shanghaiDateTime('2026-11-30T17:30:00+08:00')).toBe('11-30 17:30');
    expect(shortDate('2026-12-05')).toBe('12-05');
    expect(shortDate('soon')).toBe('soon');
    expect(dayLabel('2026-12-05', 'zh-CN')).toBe('12-05');
    expect(dayLabel('2026-12-05', 'en')).toBe('Dec\u00a05');
    expect(dayLabel('2027-01-31', 'en')).toBe('Jan\u00a031');
  });

  it('counts calendar days across months and years', () => {
    expect(daysBetween('2026-11-30', '2026-12-02')).toBe(2);
    expect(daysBetween('2026-12-31', '2027-01-01')).toBe(1);
    expect(daysBetween('2026-12-02', '2026-12-02')).toBe(0);
    expect(daysBetween('2026-12-05', '2026-12-02')).toBe(-3);
  });
});
