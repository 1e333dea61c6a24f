/** One row of `GET /analytics/team-comparison` (docs/team-comparison.md); the fields the board reads. */
export interface ComparisonRow {
  key: string;
  name: string;
  reports: number;
  qty: number;
  actualMinutes: number;
  standardMinutes: number;
  /** standardMinutes / actualMinutes; null when nothing was measured. */
  efficiency: number | null;
  minutesPerUnit: number | null;
}

export interface TeamBar {
  key: string;
  name: string;
  /** Efficiency in percent, whole (100 = on standard time). */
  pct: number;
}

/** Teams the panel shows at most: a wall screen reads a dozen bars, not fifty. */
export const MAX_TEAMS = 12;

/** The days the panel covers: the last 7 Shanghai days, today included. */
export function lastSevenDays(today: string): { from: string; to: string } {
  const from = new Date(Date.parse(`${today}T00:00:00Z`) - 6 * 86_400_000).toISOString().slice(0, 10);
  return { from, to: today };
}

/** Measured teams, most efficient first (by name when equal), at most MAX_TEAMS, in whole percent. */
export function teamBars(rows: readonly ComparisonRow[]): TeamBar[] {
  return rows
    .filter((r): r is ComparisonRow & { efficiency: number } => r.efficiency !== null && r.actualMinutes > 0)
    .map((r) => ({ key: r.key, name: r.name || r.key, pct: Math.round(r.efficiency * 100) }))
    .sort((a, b) => b.pct - a.pct || a.name.localeCompare(b.name))
    .slice(0, MAX_TEAMS);
}

/** Green at or above standard, amber within 80 %, red below: the colours the board uses elsewhere. */
export function barColor(pct: number): string {
  return pct >= 100 ? '#15803d' : pct >= 80 ? '#d97706' : '#dc2626';
}

/** The ECharts option of the panel: one bar per team, its label in %, no legend. */
export function teamChartOption(bars: readonly TeamBar[]) {
  return {
    animation: false,
    grid: { left: 8, right: 8, top: 24, bottom: 4, containLabel: true },
    tooltip: { trigger: 'item' as const, formatter: '{b}: {c}%' },
    xAxis: {
      type: 'category' as const,
      data: bars.map((b) => b.name),
      axisLabel: { fontSize: 14, interval: 0, color: '#374151' },
      axisTick: { show: false },
    },
    yAxis: { type: 'value' as const, show: false, max: (v: { max: number }) => Math.max(100, v.max) * 1.15 },
    series: [
      {
        type: 'bar' as const,
        barMaxWidth: 48,
        data: bars.map((b) => ({
          value: b.pct,
          itemStyle: { color: barColor(b.pct), borderRadius: [4, 4, 0, 0] },
        })),
        label: {
          show: true,
          position: 'top' as const,
          formatter: '{c}%',
          fontSize: 15,
          fontWeight: 'bold' as const,
        },
      },
    ],
  };
}
