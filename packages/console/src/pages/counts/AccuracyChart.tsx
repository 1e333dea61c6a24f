import type { CountAccuracyRow } from '@shopfloor/sdk/admin';
import { t } from '../../i18n/i18n';

const CLASSES = ['A', 'B', 'C'] as const;
const COLORS: Record<(typeof CLASSES)[number], string> = { A: '#1677ff', B: '#13a8a8', C: '#faad14' };
const H = 220;
const PAD = { top: 14, right: 12, bottom: 34, left: 40 };

/** Accuracy per week and class over all shown warehouses: counts within tolerance / counts done. */
export function weeklyByClass(rows: readonly CountAccuracyRow[]) {
  const weeks = [...new Set(rows.map((r) => r.week))].sort();
  const pct = (week: string, abc: string) => {
    const of = rows.filter((r) => r.week === week && r.abcClass === abc);
    const counts = of.reduce((n, r) => n + r.counts, 0);
    return counts === 0 ? null : (of.reduce((n, r) => n + r.withinTolerance, 0) / counts) * 100;
  };
  return weeks.map((week) => ({ week, byClass: CLASSES.map((abc) => ({ abc, pct: pct(week, abc) })) }));
}

/** A small hand-drawn bar chart: one group of A/B/C bars per week, 0–100 %, scaled to its card. */
export function AccuracyChart({ rows, width = 640 }: { rows: readonly CountAccuracyRow[]; width?: number }) {
  const data = weeklyByClass(rows);
  const plotW = width - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const groupW = data.length ? plotW / data.length : plotW;
  const barW = Math.max(4, Math.min(22, (groupW - 10) / 3));
  const y = (pct: number) => PAD.top + plotH - (pct / 100) * plotH;
  return (
    <svg
      role="img"
      aria-label={t('accuracy.chartTitle')}
      className="accuracy-chart"
      width="100%"
      viewBox={`0 0 ${width} ${H}`}
    >
      {[0, 25, 50, 75, 100].map((tick) => (
        <g key={tick}>
          <line x1={PAD.left} x2={width - PAD.right} y1={y(tick)} y2={y(tick)} stroke="#f0f0f0" />
          <text x={PAD.left - 6} y={y(tick) + 4} fontSize={11} textAnchor="end" fill="#8c8c8c">
            {tick}%
          </text>
        </g>
      ))}
      {data.map((week, i) => {
        const x0 = PAD.left + i * groupW + (groupW - barW * 3) / 2;
        return (
          <g key={week.week}>
            {week.byClass.map(({ abc, pct }, j) =>
              pct === null ? null : (
                <g key={abc}>
                  <rect
                    data-week={week.week}
                    data-class={abc}
                    x={x0 + j * barW}
                    y={y(pct)}
                    width={barW - 2}
                    height={Math.max(1, (pct / 100) * plotH)}
                    fill={COLORS[abc]}
                  >
                    <title>{`${week.week} ${abc}: ${pct.toFixed(1)}%`}</title>
                  </rect>
                  <text
                    x={x0 + j * barW + (barW - 2) / 2}
                    y={y(pct) - 3}
                    fontSize={10}
                    textAnchor="middle"
                    fill="#595959"
                  >
                    {Math.round(pct)}
                  </text>
                </g>
              ),
            )}
            <text
              x={PAD.left + i * groupW + groupW / 2}
              y={H - PAD.bottom + 16}
              fontSize={11}
              textAnchor="middle"
              fill="#595959"
            >
              {week.week.slice(5)}
            </text>
          </g>
        );
      })}
      {CLASSES.map((abc, j) => (
        <g key={abc} transform={`translate(${PAD.left + j * 56}, ${H - 10})`}>
          <rect width={10} height={10} y={-9} fill={COLORS[abc]} />
          <text x={14} fontSize={11} fill="#595959">
            {t('accuracy.classLegend', { abc })}
          </text>
        </g>
      ))}
    </svg>
  );
}
