import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileBom, formatDay, parseDay, roundQty, todayInShanghai } from '../src/index.js';
import { fromNumber, toRounded } from './rational.js';

describe('units of measure', () => {
  const doc = (conversions: { from: string; to: string; factor: number; item?: string }[], uom: string) =>
    compileBom({
      uomConversions: conversions,
      items: [
        { code: 'A', uom: 'pcs', type: 'make' },
        { code: 'W', uom: 'm', type: 'buy' },
        { code: 'S', uom: 'pcs', type: 'buy' },
      ],
      bomLines: [
        { parent: 'A', child: 'W', qty: 250, uom },
        { parent: 'A', child: 'S', qty: 2, uom: 'box' },
      ],
      // biome-ignore lint/suspicious/noExplicitAny: test helper
    } as any).explode({ item: 'A', qty: 1, date: '2026-01-01' }).requirements;

  it('follows a chain of conversions and their inverses', () => {
    const reqs = doc(
      [
        { from: 'm', to: 'cm', factor: 100 },
        { from: 'cm', to: 'mm', factor: 10 },
        { from: 'box', to: 'pcs', factor: 100 },
      ],
      'mm',
    );
    expect(reqs.map((r) => [r.item, r.qty])).toEqual([
      ['W', 0.25],
      ['S', 200],
    ]);
  });

  it('prefers an item-specific conversion over a general one', () => {
    const reqs = doc(
      [
        { from: 'mm', to: 'm', factor: 0.001 },
        { from: 'box', to: 'pcs', factor: 100 },
        { from: 'box', to: 'pcs', factor: 200, item: 'S' },
      ],
      'mm',
    );
    expect(reqs.find((r) => r.item === 'S')!.qty).toBe(400);
  });
});

describe('dates', () => {
  it('round-trips every calendar day', () => {
    fc.assert(
      fc.property(fc.integer({ min: -100_000, max: 100_000 }), (day) => {
        expect(parseDay(formatDay(day))).toBe(day);
      }),
    );
  });

  it('rejects dates that do not exist', () => {
    for (const bad of ['2026-02-29', '2026-13-01', '2026-1-1', '20260101', ''])
      expect(parseDay(bad)).toBeNull();
    expect(parseDay('2028-02-29')).not.toBeNull();
  });

  it('takes today in Asia/Shanghai, which is UTC+8', () => {
    expect(todayInShanghai(Date.UTC(2026, 10, 24, 16, 0))).toBe('2026-11-25');
    expect(todayInShanghai(Date.UTC(2026, 10, 24, 15, 59))).toBe('2026-11-24');
  });
});

describe('roundQty', () => {
  it('rounds the product of short decimals exactly as decimal arithmetic does', () => {
    const short = fc.integer({ min: 1, max: 99_999 }).map((n) => n / 1000);
    fc.assert(
      fc.property(short, short, (a, b) => {
        expect(roundQty(a * b)).toBe(
          toRounded({ n: fromNumber(a).n * fromNumber(b).n, d: fromNumber(a).d * fromNumber(b).d }),
        );
      }),
    );
  });

  it('rounds half up', () => {
    expect(roundQty(2.675, 2)).toBe(2.68);
    expect(roundQty(0.1 + 0.2)).toBe(0.3);
    expect(roundQty(-1.005, 2)).toBe(-1.01);
  });
});
