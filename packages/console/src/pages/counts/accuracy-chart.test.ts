import type { CountAccuracyRow } from '@shopfloor/sdk/admin';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { weeklyByClass } from './AccuracyChart';

const row = (week: string, abcClass: 'A' | 'B' | 'C', warehouse: string, counts: number, within: number) =>
  ({
    week,
    weekStart: '2026-11-16',
    abcClass,
    warehouse,
    counts,
    withinTolerance: within,
    accuracyPct: counts ? (within / counts) * 100 : 0,
    adjustedQty: 0,
    adjustedValue: 0,
    uncostedCounts: 0,
  }) satisfies CountAccuracyRow;

describe('the accuracy chart figures', () => {
  it('pools the warehouses of a week and class by counts, not by averaging their percentages', () => {
    const data = weeklyByClass([
      row('2026-W48', 'A', 'WH-RM', 3, 3),
      row('2026-W47', 'A', 'WH-RM', 1, 0),
      row('2026-W47', 'A', 'WH-FG', 3, 3),
      row('2026-W47', 'C', 'WH-RM', 2, 1),
    ]);
    expect(data).toEqual([
      {
        week: '2026-W47',
        byClass: [
          { abc: 'A', pct: 75 },
          { abc: 'B', pct: null },
          { abc: 'C', pct: 50 },
        ],
      },
      {
        week: '2026-W48',
        byClass: [
          { abc: 'A', pct: 100 },
          { abc: 'B', pct: null },
          { abc: 'C', pct: null },
        ],
      },
    ]);
  });

  it('keeps every bar between 0 and 100 % and one group per week, weeks in order', () => {
    const rows = fc.array(
      fc
        .record({
          week: fc.constantFrom('2026-W01', '2026-W02', '2026-W10', '2027-W01'),
          abc: fc.constantFrom('A' as const, 'B' as const, 'C' as const),
          warehouse: fc.constantFrom('WH-RM', 'WH-FG'),
          counts: fc.integer({ min: 1, max: 50 }),
        })
        .chain((r) =>
          fc
            .integer({ min: 0, max: r.counts })
            .map((within) => row(r.week, r.abc, r.warehouse, r.counts, within)),
        ),
    );
    fc.assert(
      fc.property(rows, (input) => {
        const data = weeklyByClass(input);
        expect(data.map((d) => d.week)).toEqual([...new Set(input.map((r) => r.week))].sort());
        for (const { byClass } of data) {
          for (const { pct } of byClass) if (pct !== null) expect(pct >= 0 && pct <= 100).toBe(true);
        }
      }),
    );
  });
});
