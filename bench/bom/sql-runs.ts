/** The recursive-CTE baseline in PGlite and in PostgreSQL: load, check the answer, time the query. */

import type { FlatBom } from '../baselines/flat-bom.js';
import { explodeWithCte, loadCteTables } from '../baselines/recursive-cte.js';
import { openPglite, openPostgres, postgresUrl, type SqlDatabase } from '../baselines/sql-backends.js';
import { assertSameRequirements } from '../check.js';
import { measureAsync, type Timing } from '../measure.js';

export interface CteFigures {
  database: string;
  loadMs: number;
  query: Timing;
}

export type CteOutcome = CteFigures | { skipped: string };

export interface CteRun {
  /** Every line of the document (no date filter): the query applies effectivity. */
  allLines: FlatBom;
  item: string;
  date: string;
  /** The answer the CTE must reproduce before it is timed. */
  expected: ReadonlyMap<string, number>;
  /** Which baseline produced `expected`, for the error message. */
  reference: string;
  samples: number;
}

async function runIn(db: SqlDatabase, run: CteRun): Promise<CteFigures> {
  const loadStart = performance.now();
  await loadCteTables(db.client, run.allLines);
  const loadMs = performance.now() - loadStart;
  const answer = await explodeWithCte(db.client, run.item, 1, run.date);
  assertSameRequirements(`${db.version} recursive CTE vs ${run.reference}`, run.expected, answer);
  const query = await measureAsync(() => explodeWithCte(db.client, run.item, 1, run.date), {
    warmup: 1,
    samples: run.samples,
  });
  return { database: db.version, loadMs, query };
}

export async function runPgliteCte(run: CteRun): Promise<CteFigures> {
  const db = await openPglite();
  try {
    return await runIn(db, run);
  } finally {
    await db.close();
  }
}

export async function runPostgresCte(run: CteRun): Promise<CteOutcome> {
  const { url, shown } = postgresUrl();
  const db = await openPostgres(url);
  if ('unreachable' in db) return { skipped: `not reachable at ${shown} (${db.unreachable}), skipped` };
  try {
    return await runIn(db, run);
  } finally {
    await db.close();
  }
}
