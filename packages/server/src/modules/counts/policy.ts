import type { AppDeps } from '../../deps.js';
import { type ClassNumbers, DEFAULT_CYCLE_WEEKS, DEFAULT_TOLERANCE_PCT } from './class-settings.js';
import type { AbcClass } from './tables.js';

export function countSettings(deps: AppDeps): { cycleWeeks: ClassNumbers; tolerancePct: ClassNumbers } {
  return deps.config.counts ?? { cycleWeeks: DEFAULT_CYCLE_WEEKS, tolerancePct: DEFAULT_TOLERANCE_PCT };
}

/** Items without a class are counted as C items: the least often, the widest tolerance. */
export const classOf = (abc: string | null | undefined): AbcClass =>
  abc === 'A' || abc === 'B' || abc === 'C' ? abc : 'C';

/**
 * Within tolerance: |variance| ≤ pct % of book. Any variance on a book quantity of 0 needs an
 * approver (there is no per cent of nothing), and no variance is always within.
 */
export function withinTolerance(book: number, variance: number, pct: number): boolean {
  if (variance === 0) return true;
  if (book <= 0) return false;
  // The small epsilon keeps 0.5 % of 200 = 1 within, whatever binary floats make of 200 × 0.005.
  return Math.abs(variance) <= (book * pct) / 100 + 1e-9;
}
