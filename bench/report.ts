/** What a benchmark section hands back to bench/run.ts, and the markdown helpers they share. */

export interface GoalCheck {
  goal: string;
  target: string;
  measured: string;
  pass: boolean;
}

export interface SectionReport {
  markdown: string;
  goals: GoalCheck[];
  /** One-line figures printed to stdout at the end of the run. */
  summary: string[];
}

/** A section runs on its own: run.ts reports a section that throws as failed and runs the others. */
export interface BenchSection {
  name: string;
  title: string;
  run(log: (message: string) => void): Promise<SectionReport>;
}

export function table(header: string[], rows: Array<Array<string | number>>): string {
  const line = (cells: Array<string | number>) =>
    `| ${cells.map((c) => String(c).replaceAll('|', '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Milliseconds with three significant digits, switching to µs or s where that reads better. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  if (ms < 1) return `${(ms * 1000).toPrecision(3)} µs`;
  if (ms < 1000) return `${ms.toPrecision(3)} ms`;
  return `${(ms / 1000).toPrecision(3)} s`;
}

export function formatBytes(bytes: number): string {
  if (Math.abs(bytes) < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** 12,345 / 1.23 M / 4.56e+12: counts that stay readable from thousands to astronomic. */
export function formatCount(n: number): string {
  if (n < 1e6) return Math.round(n).toLocaleString('en-US');
  if (n < 1e9) return `${(n / 1e6).toPrecision(3)} M`;
  if (n < 1e12) return `${(n / 1e9).toPrecision(3)} G`;
  return n.toExponential(2);
}

export const formatRatio = (ratio: number): string =>
  Number.isFinite(ratio) ? `${ratio.toPrecision(3)}×` : 'n/a';

export const mark = (pass: boolean): string => (pass ? '✅' : '❌');

export function errorLine(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
