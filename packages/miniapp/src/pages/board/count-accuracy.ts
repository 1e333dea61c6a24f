/** One row of `GET /cycle-counts/accuracy`: a week × ABC class × warehouse (see docs/api/counts.md). */
export interface AccuracyRow {
  week: string;
  abcClass: 'A' | 'B' | 'C';
  warehouse: string;
  counts: number;
  withinTolerance: number;
}

export interface ClassAccuracy {
  abcClass: 'A' | 'B' | 'C';
  counts: number;
  withinTolerance: number;
  /** withinTolerance / counts × 100, one decimal; null when nothing was counted. */
  pct: number | null;
  /** Per week, oldest first, the same figure (null: no count that week). */
  weeks: { week: string; pct: number | null }[];
}

const pct = (within: number, counts: number) =>
  counts > 0 ? Math.round((within / counts) * 1000) / 10 : null;

/** The board's reading of count accuracy: per class over the last `weeks` ISO weeks, all warehouses. */
export function accuracyByClass(rows: readonly AccuracyRow[], weeks = 6): ClassAccuracy[] {
  const recent = [...new Set(rows.map((r) => r.week))].sort().slice(-weeks);
  return (['A', 'B', 'C'] as const).map((abcClass) => {
    const mine = rows.filter((r) => r.abcClass === abcClass && recent.includes(r.week));
    const counts = mine.reduce((n, r) => n + r.counts, 0);
    const within = mine.reduce((n, r) => n + r.withinTolerance, 0);
    return {
      abcClass,
      counts,
      withinTolerance: within,
      pct: pct(within, counts),
      weeks: recent.map((week) => {
        const w = mine.filter((r) => r.week === week);
        return {
          week,
          pct: pct(
            w.reduce((n, r) => n + r.withinTolerance, 0),
            w.reduce((n, r) => n + r.counts, 0),
          ),
        };
      }),
    };
  });
}
