import type { TeamComparisonRow } from '@shopfloor/sdk/admin';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { barOption } from './chart-option';

const row = fc.record({
  key: fc.string({ minLength: 1, maxLength: 8 }),
  name: fc.string({ minLength: 1, maxLength: 8 }),
  reports: fc.nat(50),
  qty: fc.nat(500),
  unmeasured: fc.nat(5),
  actualMinutes: fc.nat(5000),
  standardMinutes: fc.nat(5000),
  efficiency: fc.option(fc.double({ min: 0.01, max: 5, noNaN: true }), { nil: null }),
  minutesPerUnit: fc.option(fc.double({ min: 0.01, max: 500, noNaN: true }), { nil: null }),
}) satisfies fc.Arbitrary<TeamComparisonRow>;

describe('the team comparison chart option', () => {
  it('has one bar per measured group, efficiency in % with those under standard red', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 20 }), (rows) => {
        const option = barOption(rows, 'efficiency', { series: '效率', standard: '标准' });
        const shown = rows.filter((r) => r.efficiency !== null);
        expect(option.xAxis.data).toEqual(shown.map((r) => r.name));
        const bars = option.series[0]!.data;
        expect(bars.map((b) => b.value)).toEqual(shown.map((r) => Math.round(r.efficiency! * 1000) / 10));
        expect(bars.map((b) => b.itemStyle.color === '#cf1322')).toEqual(shown.map((r) => r.efficiency! < 1));
        expect(option.series[0]!.markLine?.data).toEqual([{ yAxis: 100 }]);
      }),
    );
  });

  it('shows minutes per unit to one place, without the standard line', () => {
    const rows: TeamComparisonRow[] = [
      {
        key: 'a',
        name: '甲班',
        reports: 2,
        qty: 10,
        unmeasured: 0,
        actualMinutes: 123,
        standardMinutes: 100,
        efficiency: 0.813,
        minutesPerUnit: 12.3456,
      },
      {
        key: 'b',
        name: '乙班',
        reports: 1,
        qty: 3,
        unmeasured: 1,
        actualMinutes: 0,
        standardMinutes: 0,
        efficiency: null,
        minutesPerUnit: null,
      },
    ];
    const option = barOption(rows, 'minutesPerUnit', { series: '单件工时', standard: '标准' });
    expect(option.xAxis.data).toEqual(['甲班']);
    expect(option.series[0]!.data.map((b) => b.value)).toEqual([12.3]);
    expect(option.series[0]!.markLine).toBeUndefined();
  });
});
