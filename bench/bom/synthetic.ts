/** The synthetic 100k-item, 12-level DAG: engine against the one-pass floor and naive recursion. */
import { floorRequirements, planFloor, runFloor } from '../baselines/floor.js';
import { buildNaiveBom, explodeNaive, NaiveStoppedError } from '../baselines/naive-recursion.js';
import { assertSameRequirements } from '../check.js';
import type { BenchEngine } from '../engine.js';
import { BENCH_DATE, generateSyntheticDag } from '../generators.js';
import { collectGarbage, measure, type Timing } from '../measure.js';
import { formatCount } from '../report.js';
import { assertBothExplosions, compileOnce, type EngineFigures, measureEngine } from './engine-runs.js';
import { type BenchInput, describeInput } from './inputs.js';
import { type CteOutcome, runPgliteCte, runPostgresCte } from './sql-runs.js';

/** Naive recursion gets this long on the big DAG before it is stopped. */
export const NAIVE_TIME_LIMIT_MS = 10_000;
/** The CTE materialises one row per path prefix; beyond this it is not run. */
export const CTE_ROW_LIMIT = 2_000_000;
export const TREE_ROW_CAP = 2_000_000;

export type NaiveOutcome = { completedMs: number } | { stoppedAfterMs: number; rowsVisited: number };

export interface SyntheticFigures {
  input: BenchInput;
  reachableEdges: number;
  engine: EngineFigures | { unavailable: string };
  floor: Timing;
  naive: NaiveOutcome;
  pglite: CteOutcome;
  postgres: CteOutcome;
  checks: string[];
}

export async function benchSyntheticDag(
  engine: BenchEngine | { unavailable: string },
  log: (message: string) => void,
): Promise<SyntheticFigures> {
  log('100k DAG: generating');
  const input = describeInput('Synthetic 100k-item DAG', generateSyntheticDag());
  const { endItem } = input.generated;
  const checks: string[] = [];

  // The floor is the reference answer here: naive recursion cannot finish on this many paths.
  const plan = planFloor(input.effective, endItem);
  const accumulator = new Float64Array(plan.itemCount);
  const expected = floorRequirements(input.effective, plan, runFloor(plan, 1, accumulator));

  log('100k DAG: engine');
  const engineFigures =
    'unavailable' in engine ? engine : checkThenMeasureEngine(engine, input, expected, checks);

  log('100k DAG: floor');
  const floor = measure(() => runFloor(plan, 1, accumulator), { warmup: 10, samples: 51 });

  log(`100k DAG: naive recursion (stopped after ${NAIVE_TIME_LIMIT_MS / 1000} s)`);
  collectGarbage();
  const naive = runNaiveWithLimit(input, expected, checks);

  const cteSkip = `skipped: ${formatCount(input.pathRows)} path rows from ${endItem} (limit ${formatCount(CTE_ROW_LIMIT)}), the CTE materialises one row per path`;
  let pglite: CteOutcome = { skipped: cteSkip };
  let postgres: CteOutcome = { skipped: cteSkip };
  if (input.pathRows <= CTE_ROW_LIMIT) {
    const cteRun = {
      allLines: input.allLines,
      item: endItem,
      date: BENCH_DATE,
      expected,
      reference: 'one-pass floor',
      samples: 3,
    };
    pglite = await runPgliteCte(cteRun);
    postgres = await runPostgresCte(cteRun);
  }
  return {
    input,
    reachableEdges: plan.parent.length,
    engine: engineFigures,
    floor,
    naive,
    pglite,
    postgres,
    checks,
  };
}

function runNaiveWithLimit(
  input: BenchInput,
  expected: ReadonlyMap<string, number>,
  checks: string[],
): NaiveOutcome {
  const naiveBom = buildNaiveBom(input.allLines);
  const start = performance.now();
  try {
    const answer = explodeNaive(naiveBom, input.generated.endItem, 1, BENCH_DATE, NAIVE_TIME_LIMIT_MS);
    const completedMs = performance.now() - start;
    assertSameRequirements('naive recursion vs one-pass floor (100k DAG)', expected, answer);
    checks.push('naive recursion = one-pass floor');
    return { completedMs };
  } catch (error) {
    if (!(error instanceof NaiveStoppedError)) throw error;
    return { stoppedAfterMs: error.afterMs, rowsVisited: error.rowsVisited };
  }
}

function checkThenMeasureEngine(
  engine: BenchEngine,
  input: BenchInput,
  expected: ReadonlyMap<string, number>,
  checks: string[],
): EngineFigures {
  const { endItem, commonLeaf } = input.generated;
  const { bom, bytes } = compileOnce(engine, input.generated.document);
  assertBothExplosions(bom, endItem, BENCH_DATE, expected, 'one-pass floor (100k DAG)');
  checks.push(
    `engine explode = engine explodeSummary = one-pass floor (${expected.size.toLocaleString('en-US')} requirements), at 6 decimals`,
  );
  return measureEngine(engine, input.generated.document, bom, bytes, {
    endItem,
    commonLeaf,
    date: BENCH_DATE,
    treeRowCap: TREE_ROW_CAP,
    compile: { warmup: 1, samples: 5 },
    explode: { warmup: 5, samples: 21 },
    tree: { warmup: 1, samples: 3 },
    whereUsed: { warmup: 3, samples: 11 },
  });
}
