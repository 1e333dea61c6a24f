/** Timing and memory helpers: warm-up, then median and p95 of repeated samples. */

export interface Timing {
  /** Milliseconds per call. */
  medianMs: number;
  p95Ms: number;
  minMs: number;
  samples: number;
}

export interface MeasureOptions {
  warmup: number;
  samples: number;
  /** Calls per sample, for operations too quick to time one by one. */
  batch?: number;
}

/** Results land here so the optimiser cannot drop a call whose value is unused. */
let sink: unknown;
export const keepAlive = (value: unknown): void => {
  sink = value;
};
export const lastKept = (): unknown => sink;

export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
}

export const hasGc = (): boolean => typeof (globalThis as { gc?: unknown }).gc === 'function';

const nowNs = (): bigint => process.hrtime.bigint();

function summarize(perCallMs: number[]): Timing {
  const sorted = [...perCallMs].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
  const mid = sorted.length >> 1;
  const medianMs = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { medianMs, p95Ms: at(0.95), minMs: sorted[0], samples: sorted.length };
}

/** Starts with a forced GC, so the garbage of the previous phase is not collected on this one's time. */
export function measure(fn: () => unknown, { warmup, samples, batch = 1 }: MeasureOptions): Timing {
  collectGarbage();
  for (let i = 0; i < warmup * batch; i++) keepAlive(fn());
  const perCallMs: number[] = [];
  for (let s = 0; s < samples; s++) {
    const start = nowNs();
    for (let i = 0; i < batch; i++) keepAlive(fn());
    perCallMs.push(Number(nowNs() - start) / 1e6 / batch);
  }
  return summarize(perCallMs);
}

export async function measureAsync(
  fn: () => Promise<unknown>,
  { warmup, samples }: MeasureOptions,
): Promise<Timing> {
  collectGarbage();
  for (let i = 0; i < warmup; i++) keepAlive(await fn());
  const perCallMs: number[] = [];
  for (let s = 0; s < samples; s++) {
    const start = nowNs();
    keepAlive(await fn());
    perCallMs.push(Number(nowNs() - start) / 1e6);
  }
  return summarize(perCallMs);
}

/** Heap plus ArrayBuffers (where typed arrays live), after a full collection when --expose-gc is on. */
export function usedMemoryBytes(): number {
  collectGarbage();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

/** Memory still held by what `build` returns, measured while the value is alive. */
export function retainedMemory<T>(build: () => T): { value: T; bytes: number } {
  const before = usedMemoryBytes();
  const value = build();
  const bytes = usedMemoryBytes() - before;
  return { value, bytes };
}
