/** The realistic 1,700-line machine BOM: engine against naive recursion and the recursive CTE. */
import { floorRequirements, planFloor, runFloor } from '../baselines/floor.js';
import { buildNaiveBom, explodeNaive } from '../baselines/naive-recursion.js';
import { agreeAtSixDecimals, assertSameRequirements, WrongAnswerError } from '../check.js';
import type { BenchEngine } from '../engine.js';
import { BENCH_DATE, generateRealisticBom } from '../generators.js';
import { measure, type Timing } from '../measure.js';
import { assertBothExplosions, compileOnce, type EngineFigures, measureEngine } from './engine-runs.js';
import { type BenchInput, describeInput } from './inputs.js';
import { type CteFigures, type CteOutcome, runPgliteCte, runPostgresCte } from './sql-runs.js';

export interface RealisticFigures {
  input: BenchInput;
  engine: EngineFigures | { unavailable: string };
  floor: Timing;
  naive: Timing;
  pglite: CteFigures;
  postgres: CteOutcome;
  checks: string[];
}

export async function benchRealisticBom(
  engine: BenchEngine | { unavailable: string },
  log: (message: string) => void,
): Promise<RealisticFigures> {
  const input = describeInput('Realistic machine BOM', generateRealisticBom());
  const { endItem } = input.generated;
  const checks: string[] = [];

  // Answers first: naive recursion is the reference, the CTE and the engine must reproduce it.
  const naiveBom = buildNaiveBom(input.allLines);
  const expected = explodeNaive(naiveBom, endItem, 1, BENCH_DATE);
  const cteRun = {
    allLines: input.allLines,
    item: endItem,
    date: BENCH_DATE,
    expected,
    reference: 'naive recursion',
    samples: 5,
  };
  log('realistic BOM: recursive CTE in PGlite');
  const pglite = await runPgliteCte(cteRun);
  checks.push(`${pglite.database} recursive CTE = naive recursion (${expected.size} requirements)`);
  log('realistic BOM: recursive CTE in PostgreSQL');
  const postgres = await runPostgresCte(cteRun);
  if (!('skipped' in postgres)) checks.push(`${postgres.database} recursive CTE = naive recursion`);

  log('realistic BOM: engine');
  const engineFigures =
    'unavailable' in engine ? engine : checkThenMeasureEngine(engine, input, expected, checks);

  log('realistic BOM: floor and naive recursion');
  const plan = planFloor(input.effective, endItem);
  const accumulator = new Float64Array(plan.itemCount);
  assertSameRequirements(
    'one-pass floor vs naive recursion (realistic BOM)',
    expected,
    floorRequirements(input.effective, plan, runFloor(plan, 1, accumulator)),
  );
  const floor = measure(() => runFloor(plan, 1, accumulator), { warmup: 100, samples: 60, batch: 10 });
  const naive = measure(() => explodeNaive(naiveBom, endItem, 1, BENCH_DATE), { warmup: 5, samples: 25 });
  return { input, engine: engineFigures, floor, naive, pglite, postgres, checks };
}

function checkThenMeasureEngine(
  engine: BenchEngine,
  input: BenchInput,
  expected: ReadonlyMap<string, number>,
  checks: string[],
): EngineFigures {
  const { endItem, commonLeaf } = input.generated;
  const { bom, bytes } = compileOnce(engine, input.generated.document);
  assertBothExplosions(bom, endItem, BENCH_DATE, expected, 'naive recursion (realistic BOM)');
  checks.push('engine explode = engine explodeSummary = naive recursion = recursive CTE, at 6 decimals');
  const perMachine = bom
    .whereUsed({ item: commonLeaf, date: BENCH_DATE })
    .usedIn.find((u) => u.item === endItem);
  if (!perMachine || !agreeAtSixDecimals(perMachine.qtyPer, expected.get(commonLeaf) ?? Number.NaN)) {
    throw new WrongAnswerError(
      `whereUsed(${commonLeaf}) gives ${perMachine?.qtyPer} per ${endItem}, explode gives ${expected.get(commonLeaf)}`,
    );
  }
  checks.push(`engine whereUsed(${commonLeaf}).qtyPer[${endItem}] = explode(${endItem})[${commonLeaf}]`);
  return measureEngine(engine, input.generated.document, bom, bytes, {
    endItem,
    commonLeaf,
    date: BENCH_DATE,
    treeRowCap: Number.POSITIVE_INFINITY,
    compile: { warmup: 5, samples: 30 },
    explode: { warmup: 50, samples: 60, batch: 10 },
    tree: { warmup: 5, samples: 15 },
    whereUsed: { warmup: 50, samples: 60, batch: 10 },
  });
}
