/**
 * The write path after a year (issue 14): filled in by the write-path work. Called by the `scale`
 * section after the read routes, on the same seeded schema; returns its lines and goals.
 */
import type { GoalCheck } from './report.js';

export interface ScaleWriteContext {
  /** PostgreSQL URL and the schema holding a year's data. */
  url: string;
  schema: string;
  log: (line: string) => void;
}

export async function measureWritesAtScale(
  _context: ScaleWriteContext,
): Promise<{ markdown: string; goals: GoalCheck[] } | null> {
  return null;
}
