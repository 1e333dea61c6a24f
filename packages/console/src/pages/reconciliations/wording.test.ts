import { describe, expect, it } from 'vitest';
import { keyText, lastMonths, ownersText, ownerText, recordText } from './wording';

describe('reconciliation wording', () => {
  it('counts months back across a year', () => {
    expect(lastMonths('2026-02-15', 4)).toEqual(['2026-02', '2026-01', '2025-12', '2025-11']);
    expect(lastMonths('2026-12-05', 1)).toEqual(['2026-12']);
  });
  it('names owners and records', () => {
    expect(ownerText({ userId: 'u1', name: '孙仓管', role: 'storekeeper' })).toBe('孙仓管（仓管）');
    expect(ownerText({ userId: 'u2', name: '王计划', role: 'someone' })).toBe('王计划');
    expect(
      ownersText([
        { userId: 'u1', name: '孙仓管', role: 'storekeeper' },
        { userId: 'u1', name: '孙仓管', role: 'lastMover' },
        { userId: 'u3', name: '李主任', role: 'supervisor' },
      ]),
    ).toBe('孙仓管（仓管、最后经手）、李主任（车间主任）');
    expect(ownersText([])).toBe('—');
    expect(recordText({ qty: 5, status: 'released', lot: null })).toBe('qty 5 · status released');
    expect(recordText({ item: 'A', qty: 5 }, (k, v) => `${k.toUpperCase()}=${v}`)).toBe('ITEM=A · QTY=5');
    expect(keyText({ item: 'RM-1', location: 'A01', lot: '' })).toBe('RM-1 @ A01');
    expect(keyText({ item: 'RM-1', location: 'A01', lot: 'L1' })).toBe('RM-1 @ A01 · L1');
    expect(keyText({ no: 'WO-1' })).toBe('WO-1');
    expect(recordText(null)).toBe('—');
  });
});
