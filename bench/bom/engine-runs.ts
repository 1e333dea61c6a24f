/** The engine's side of the BOM benchmarks: answers to check, then timings of each operation. */
import type { SummaryResult } from '../../packages/bom-engine/src/compiled.js';
import type { BomDocument, ExplosionResult, TreeRow } from '../../packages/bom-engine/src/types.js';
import { assertSameRequirements, WrongAnswerError } from '../check.js';
import type { BenchCompiledBom, BenchEngine } from '../engine.js';
import { type MeasureOptions, measure, retainedMemory, type Timing } from '../measure.js';

export interface EngineFigures {
  compile: Timing;
  /** Heap + ArrayBuffers held by the compiled graph (document excluded). */
  retainedBytes: number;
  /** `explode`: one result object per requirement, quantities rounded. */
  explode: Timing;
  /** `explodeSummary`: the same explosion in typed arrays (ids, unrounded quantities). */
  explodeSummary: Timing;
  requirements: number;
  tree: Timing;
  treeRows: number;
  /** True when the tree had more rows than the cap and was cut there. */
  treeCapped: boolean;
  whereUsed: Timing;
  usedIn: number;
}

export interface EngineRunPlan {
  endItem: string;
  commonLeaf: string;
  date: string;
  treeRowCap: number;
  compile: MeasureOptions;
  explode: MeasureOptions;
  tree: MeasureOptions;
  whereUsed: MeasureOptions;
}

export function requirementsOf(result: ExplosionResult): Map<string, number> {
  return new Map(result.requirements.map((r) => [r.item, r.qty]));
}

const roundToSixDecimals = (qty: number) => Math.round(qty * 1e6) / 1e6;

/** explodeSummary's ids named through `codes`, quantities rounded to 6 decimals like the reference check. */
export function summaryRequirementsOf(result: SummaryResult, codes: readonly string[]): Map<string, number> {
  const requirements = new Map<string, number>();
  for (let i = 0; i < result.count; i++) {
    const code = codes[result.items[i]];
    // A repeated id would be silently merged by the Map: fail the check instead.
    if (requirements.has(code)) throw new WrongAnswerError(`explodeSummary lists ${code} twice`);
    requirements.set(code, roundToSixDecimals(result.qty[i]));
  }
  return requirements;
}

/** Both explosion APIs must give the reference answer at 6 decimals before either is timed. */
export function assertBothExplosions(
  bom: BenchCompiledBom,
  item: string,
  date: string,
  expected: ReadonlyMap<string, number>,
  what: string,
): void {
  assertSameRequirements(
    `engine explode vs ${what}`,
    expected,
    requirementsOf(bom.explode({ item, qty: 1, date })),
  );
  assertSameRequirements(
    `engine explodeSummary vs ${what}`,
    expected,
    summaryRequirementsOf(bom.explodeSummary({ item, qty: 1, date }), bom.graph.codes),
  );
}

/** Iterates the lazy tree, keeping nothing, up to `cap` rows. */
export function consumeTree(rows: Iterable<TreeRow>, cap: number): number {
  let count = 0;
  for (const row of rows) {
    if (row.level < 1) throw new RangeError(`tree row with level ${row.level}`);
    if (++count >= cap) break;
  }
  return count;
}

export function compileOnce(engine: BenchEngine, doc: BomDocument): { bom: BenchCompiledBom; bytes: number } {
  const { value, bytes } = retainedMemory(() => engine.compileBom(doc));
  return { bom: value, bytes };
}

/** Times compile, explode, explodeSummary, explodeTree and whereUsed; `bom` is compiled and checked. */
export function measureEngine(
  engine: BenchEngine,
  doc: BomDocument,
  bom: BenchCompiledBom,
  retainedBytes: number,
  plan: EngineRunPlan,
): EngineFigures {
  const { endItem: item, commonLeaf, date, treeRowCap } = plan;
  const requirements = bom.explode({ item, qty: 1, date }).requirements.length;
  const treeRows = consumeTree(bom.explodeTree({ item, qty: 1, date }), treeRowCap);
  const usedIn = bom.whereUsed({ item: commonLeaf, date }).usedIn.length;
  return {
    compile: measure(() => engine.compileBom(doc), plan.compile),
    retainedBytes,
    explode: measure(() => bom.explode({ item, qty: 1, date }), plan.explode),
    explodeSummary: measure(() => bom.explodeSummary({ item, qty: 1, date }), plan.explode),
    requirements,
    tree: measure(() => consumeTree(bom.explodeTree({ item, qty: 1, date }), treeRowCap), plan.tree),
    treeRows,
    treeCapped: treeRows >= treeRowCap,
    whereUsed: measure(() => bom.whereUsed({ item: commonLeaf, date }), plan.whereUsed),
    usedIn,
  };
}
