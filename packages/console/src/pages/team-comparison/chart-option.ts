import type { TeamComparisonRow } from '@shopfloor/sdk/admin';

export type Measure = 'efficiency' | 'minutesPerUnit';

export interface BarOption {
  animationDuration: number;
  grid: { left: number; right: number; top: number; bottom: number; containLabel: boolean };
  tooltip: { trigger: 'axis'; axisPointer: { type: 'shadow' } };
  legend: { show: boolean; top: number; data: string[] };
  xAxis: {
    type: 'category';
    data: string[];
    axisLabel: { interval: number; rotate: number; width: number; overflow: 'truncate' };
  };
  yAxis: { type: 'value'; name: string; axisLabel: { formatter: string } };
  series: {
    name: string;
    type: 'bar';
    data: { value: number; itemStyle: { color: string } }[];
    barMaxWidth: number;
    label: { show: boolean; position: 'top'; formatter: string; fontSize: number };
    markLine?: {
      silent: boolean;
      symbol: 'none';
      data: { yAxis: number }[];
      lineStyle: { type: 'dashed'; color: string };
      label: { position: 'insideStartTop'; formatter: string; color: string };
    };
  }[];
}

const BLUE = '#1677ff';
const RED = '#cf1322';

/**
 * Rows → an ECharts bar option (pure: data in, option out). Efficiency is shown in %
 * with a dashed line at 100 %; a group under it (slower than standard) is red. Minutes per unit
 * have no such line. Groups without a value (nothing measured) are left out.
 */
export function barOption(
  rows: readonly TeamComparisonRow[],
  measure: Measure,
  labels: { series: string; standard: string },
): BarOption {
  const shown = rows.filter((r) => r[measure] !== null);
  const value = (r: TeamComparisonRow) =>
    measure === 'efficiency'
      ? Math.round((r.efficiency ?? 0) * 1000) / 10
      : Math.round((r.minutesPerUnit ?? 0) * 10) / 10;
  return {
    animationDuration: 300,
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { show: true, top: 0, data: [labels.series] },
    xAxis: {
      type: 'category',
      data: shown.map((r) => r.name),
      axisLabel: { interval: 0, rotate: shown.length > 8 ? 30 : 0, width: 96, overflow: 'truncate' },
    },
    yAxis: {
      type: 'value',
      name: '',
      axisLabel: { formatter: measure === 'efficiency' ? '{value}%' : '{value}' },
    },
    series: [
      {
        name: labels.series,
        type: 'bar',
        barMaxWidth: 48,
        data: shown.map((r) => ({
          value: value(r),
          itemStyle: { color: measure === 'efficiency' && (r.efficiency ?? 0) < 1 ? RED : BLUE },
        })),
        label: {
          show: true,
          position: 'top',
          formatter: measure === 'efficiency' ? '{c}%' : '{c}',
          fontSize: 11,
        },
        ...(measure === 'efficiency'
          ? {
              markLine: {
                silent: true,
                symbol: 'none' as const,
                data: [{ yAxis: 100 }],
                lineStyle: { type: 'dashed' as const, color: '#8c8c8c' },
                label: { position: 'insideStartTop' as const, formatter: labels.standard, color: '#8c8c8c' },
              },
            }
          : {}),
      },
    ],
  };
}
