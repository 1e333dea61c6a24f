import { describe, expect, it } from 'vitest';
import { lastMonths, ownerText, recordText } from './wording';

describe('reconciliation wording', () => {
  it('counts months back across a year', () => {
    expect(lastMonths('2026-02-15', 4)).toEqual(['2026-02', '2026-01', '2025-12', '2025-11']);
    expect(lastMonths('2026-12-05', 1)).toEqual(['2026-12']);
  });
  it('names owners and records', () => {
    expect(ownerText('王计划')).toBe('王计划');
    expect(ownerText({ userId: 'u1', name: '孙仓管' })).toBe('孙仓管');
    expect(ownerText({ userId: 'u1' })).toBe('u1');
    expect(recordText({ qty: 5, status: 'released', lot: null })).toBe('qty 5 · status released');
    expect(recordText({ qty: 5, item: 'A' }, ['item'])).toBe('qty 5');
    expect(recordText(null)).toBe('—');
  });
});
