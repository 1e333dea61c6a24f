import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AccuracyRow, accuracyByClass } from './count-accuracy';

describe('count accuracy on the board', () => {
  it('sums warehouses per class over the last weeks, one decimal', () => {
    const rows: AccuracyRow[] = [
      { week: '2026-W47', abcClass: 'A', warehouse: 'WH-RM', counts: 9, withinTolerance: 9 },
      { week: '2026-W48', abcClass: 'A', warehouse: 'WH-RM', counts: 2, withinTolerance: 1 },
      { week: '2026-W48', abcClass: 'A', warehouse: 'WH-FG', counts: 1, withinTolerance: 1 },
      { week: '2026-W49', abcClass: 'C', warehouse: 'WH-RM', counts: 3, withinTolerance: 2 },
    ];
    const [a, b, c] = accuracyByClass(rows, 2);
    expect(a).toMatchObject({ counts: 3, withinTolerance: 2, pct: 66.7 });
    expect(a!.weeks).toEqual([
      { week: '2026-W48', pct: 66.7 },
      { week: '2026-W49', pct: null },
    ]);
    expect(b).toMatchObject({ counts: 0, pct: null });
    expect(c).toMatchObject({ counts: 3, pct: 66.7 });
  });

  it('keeps every figure between 0 and 100 and loses no count of the weeks shown (property)', () => {
    const row = fc
      .record({
        week: fc.constantFrom('2026-W45', '2026-W46', '2026-W47', '2026-W48', '2026-W49'),
        abcClass: fc.constantFrom('A' as const, 'B' as const, 'C' as const),
        warehouse: fc.constantFrom('WH-RM', 'WH-FG'),
        counts: fc.nat(50),
        within: fc.nat(50),
      })
      .map(({ within, ...r }) => ({ ...r, withinTolerance: Math.min(within, r.counts) }));
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), fc.integer({ min: 1, max: 6 }), (rows, weeks) => {
        const classes = accuracyByClass(rows, weeks);
        const shown = [...new Set(rows.map((r) => r.week))].sort().slice(-weeks);
        const total = rows.filter((r) => shown.includes(r.week)).reduce((n, r) => n + r.counts, 0);
        expect(classes.reduce((n, c) => n + c.counts, 0)).toBe(total);
        for (const c of classes) {
          for (const p of [c.pct, ...c.weeks.map((w) => w.pct)]) {
            if (p !== null) expect(p >= 0 && p <= 100).toBe(true);
          }
          expect(c.weeks.map((w) => w.week)).toEqual(shown);
        }
      }),
    );
  });
});
