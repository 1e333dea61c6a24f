/** The figures bench/memory-soak.ts ends with: slopes (least squares) and first-vs-last windows. */
export interface Sample {
  minute: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  cpu: number;
  requests: number;
  load1: number;
}

type Measure = 'rss' | 'heapUsed' | 'external';

/** Least-squares slope of `measure` (MiB) against time, in MiB per hour; 0 with fewer than 2 samples. */
export function leastSquaresSlope(samples: readonly Sample[], measure: Measure): number {
  const n = samples.length;
  if (n < 2) return 0;
  const mx = samples.reduce((a, s) => a + s.minute, 0) / n;
  const my = samples.reduce((a, s) => a + s[measure], 0) / n;
  let num = 0;
  let den = 0;
  for (const s of samples) {
    num += (s.minute - mx) * (s[measure] - my);
    den += (s.minute - mx) ** 2;
  }
  return den === 0 ? 0 : (num / den) * 60;
}

const mean = (values: number[]) => values.reduce((a, v) => a + v, 0) / Math.max(1, values.length);

export interface Verdict {
  secondHalfSlope: Record<Measure, number>;
  /** Mean of the last window minus mean of the first, MiB. */
  firstToLast: Record<Measure, number>;
  windowMinutes: number;
  heapBand: { min: number; max: number };
  lines: string[];
}

/**
 * Second half = samples after half the run; the windows are the first and last ten minutes (a third
 * of a shorter run). The heap band is heapUsed after GC over the second half.
 */
export function memoryVerdict(samples: readonly Sample[], minutes: number): Verdict {
  const windowMinutes = Math.min(10, minutes / 3);
  const second = samples.filter((s) => s.minute >= minutes / 2);
  const first = samples.filter((s) => s.minute <= windowMinutes);
  const last = samples.filter((s) => s.minute >= minutes - windowMinutes);
  const measures: Measure[] = ['rss', 'heapUsed', 'external'];
  const secondHalfSlope = Object.fromEntries(
    measures.map((m) => [m, leastSquaresSlope(second, m)]),
  ) as Record<Measure, number>;
  const firstToLast = Object.fromEntries(
    measures.map((m) => [m, mean(last.map((s) => s[m])) - mean(first.map((s) => s[m]))]),
  ) as Record<Measure, number>;
  const heaps = second.map((s) => s.heapUsed);
  const heapBand = { min: Math.min(...heaps), max: Math.max(...heaps) };
  const f = (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(1)}`;
  const lines = [
    `samples: ${samples.length} over ${minutes} min (second half: ${second.length})`,
    ...measures.map(
      (m) =>
        `${m}: second-half slope ${f(secondHalfSlope[m])} MiB/h; last ${windowMinutes.toFixed(0)} min vs first ${windowMinutes.toFixed(0)} min ${f(firstToLast[m])} MiB`,
    ),
    `heap after GC, second half: ${heapBand.min.toFixed(1)}–${heapBand.max.toFixed(1)} MiB`,
    `RSS: first ${samples[0]?.rss.toFixed(1)} MiB, max ${Math.max(...samples.map((s) => s.rss)).toFixed(1)} MiB, last ${samples.at(-1)?.rss.toFixed(1)} MiB`,
  ];
  return { secondHalfSlope, firstToLast, windowMinutes, heapBand, lines };
}
