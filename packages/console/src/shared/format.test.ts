import { describe, expect, it } from 'vitest';
import { setLocale } from '../i18n/i18n';
import { formatDateTime, formatQty, matches, shanghaiDate } from './format';

describe('formatQty', () => {
  it('groups thousands, drops float noise and keeps at most six decimals', () => {
    setLocale('zh-CN');
    expect(formatQty(1234.5, 'pcs')).toBe('1,234.5 pcs');
    expect(formatQty(0.1 + 0.2)).toBe('0.3');
    expect(formatQty(0.1234567)).toBe('0.123457');
  });

  it('shows a dash for a missing quantity', () => {
    expect(formatQty(undefined)).toBe('—');
    expect(formatQty(null, 'kg')).toBe('—');
  });
});

describe('formatDateTime', () => {
  it('shows the Asia/Shanghai wall clock whatever the offset of the timestamp', () => {
    expect(formatDateTime('2026-12-04T17:30:00Z')).toBe('2026-12-05 01:30');
    expect(formatDateTime('2026-12-05T09:05:00+08:00')).toBe('2026-12-05 09:05');
  });

  it('shows a dash for no time and the text itself when it is not a time', () => {
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime('soon')).toBe('soon');
  });
});

describe('shanghaiDate', () => {
  it('is the date in Shanghai, which is already tomorrow late in the UTC evening', () => {
    const now = new Date('2026-12-04T17:00:00Z');
    expect(shanghaiDate(0, now)).toBe('2026-12-05');
    expect(shanghaiDate(7, now)).toBe('2026-12-12');
  });
});

describe('matches', () => {
  it('finds the words in any field, ignoring case; no words match everything', () => {
    expect(matches('wh-rm', 'WH-RM', '原材料仓')).toBe(true);
    expect(matches('原材料', 'WH-RM', '原材料仓')).toBe(true);
    expect(matches('成品', 'WH-RM', undefined)).toBe(false);
    expect(matches('  ', 'anything')).toBe(true);
  });
});
