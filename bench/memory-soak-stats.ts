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
  floorSlope: number;
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
  // RSS swings by 100–200 MiB with the heavy reads in flight; the lowest sample of each 5 minutes
  // is what the process keeps between them.
  const floors = rssFloors(samples, 5);
  const floorSlope = leastSquaresSlope(
    floors.filter((s) => s.minute >= minutes / 2),
    'rss',
  );
  const f = (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(1)}`;
  const lines = [
    `samples: ${samples.length} over ${minutes} min (second half: ${second.length})`,
    ...measures.map(
      (m) =>
        `${m}: second-half slope ${f(secondHalfSlope[m])} MiB/h; last ${windowMinutes.toFixed(0)} min vs first ${windowMinutes.toFixed(0)} min ${f(firstToLast[m])} MiB`,
    ),
    `RSS floor (lowest of each 5 min): ${floors.map((s) => s.rss.toFixed(0)).join(', ')} MiB; second-half slope ${f(floorSlope)} MiB/h`,
    `heap after GC, second half: ${heapBand.min.toFixed(1)}–${heapBand.max.toFixed(1)} MiB`,
    `RSS: first ${samples[0]?.rss.toFixed(1)} MiB, max ${Math.max(...samples.map((s) => s.rss)).toFixed(1)} MiB, last ${samples.at(-1)?.rss.toFixed(1)} MiB`,
  ];
  return { secondHalfSlope, firstToLast, windowMinutes, heapBand, floorSlope, lines };
}

/** The sample with the lowest RSS in each `minutes`-long window of the run. */
export function rssFloors(samples: readonly Sample[], minutes: number): Sample[] {
  const windows = new Map<number, Sample>();
  for (const s of samples) {
    const w = Math.floor(s.minute / minutes);
    const kept = windows.get(w);
    if (!kept || s.rss < kept.rss) windows.set(w, s);
  }
  return [...windows.values()];
}

/** Reads the CSV bench/memory-soak.ts writes, to recompute the figures of a run. */
export function parseSamples(csv: string): Sample[] {
  return csv
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [minute, rss, heapUsed, heapTotal, external, arrayBuffers, cpu, requests, load1] = line
        .split(',')
        .map(Number);
      return { minute, rss, heapUsed, heapTotal, external, arrayBuffers, cpu, requests, load1 } as Sample;
    });
}

// `node --import tsx bench/memory-soak-stats.ts <csv> <minutes>` recomputes a run's figures.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const { readFileSync } = await import('node:fs');
  const samples = parseSamples(readFileSync(process.argv[2]!, 'utf8'));
  const minutes = Number(process.argv[3] ?? Math.round(samples.at(-1)?.minute ?? 0));
  console.info(memoryVerdict(samples, minutes).lines.join('\n'));
}
