import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  barColor,
  type ComparisonRow,
  lastSevenDays,
  MAX_TEAMS,
  teamBars,
  teamChartOption,
} from './team-efficiency';

const row = (key: string, efficiency: number | null, actualMinutes = 60): ComparisonRow => ({
  key,
  name: `${key}班`,
  reports: 3,
  qty: 10,
  actualMinutes,
  standardMinutes: efficiency === null ? 0 : efficiency * actualMinutes,
  efficiency,
  minutesPerUnit: 6,
});

describe('班组效率 on the board', () => {
  it('covers the last seven Shanghai days, today included, across a month end', () => {
    expect(lastSevenDays('2026-12-05')).toEqual({ from: '2026-11-29', to: '2026-12-05' });
    expect(lastSevenDays('2026-03-03')).toEqual({ from: '2026-02-25', to: '2026-03-03' });
  });

  it('shows measured teams, most efficient first, in whole percent', () => {
    const bars = teamBars([row('甲', 0.874), row('乙', 1.126), row('丙', null), row('丁', 0.5, 0)]);
    expect(bars).toEqual([
      { key: '乙', name: '乙班', pct: 113 },
      { key: '甲', name: '甲班', pct: 87 },
    ]);
  });

  it('labels each bar in %, coloured by how it stands against standard time', () => {
    const option = teamChartOption([
      { key: 'A', name: '一班', pct: 113 },
      { key: 'B', name: '二班', pct: 85 },
      { key: 'C', name: '三班', pct: 61 },
    ]);
    expect(option.xAxis.data).toEqual(['一班', '二班', '三班']);
    expect(option.series[0]!.label.formatter).toBe('{c}%');
    expect(option.series[0]!.data.map((d) => [d.value, d.itemStyle.color])).toEqual([
      [113, barColor(113)],
      [85, barColor(85)],
      [61, barColor(61)],
    ]);
    expect(new Set([barColor(113), barColor(85), barColor(61)]).size).toBe(3);
  });

  it('never shows more than a dozen bars, sorted, each a measured row (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            key: fc.string({ minLength: 1, maxLength: 4 }),
            efficiency: fc.option(fc.double({ min: 0, max: 3, noNaN: true })),
            actual: fc.integer({ min: 0, max: 1000 }),
          }),
          { maxLength: 40 },
        ),
        (input) => {
          const rows = input.map((r) => row(r.key, r.efficiency, r.actual));
          const bars = teamBars(rows);
          const measured = rows.filter((r) => r.efficiency !== null && r.actualMinutes > 0);
          expect(bars.length).toBe(Math.min(MAX_TEAMS, measured.length));
          for (let i = 1; i < bars.length; i++) expect(bars[i - 1]!.pct).toBeGreaterThanOrEqual(bars[i]!.pct);
          for (const bar of bars) expect(Number.isInteger(bar.pct)).toBe(true);
        },
      ),
    );
  });
});
