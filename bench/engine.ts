/**
 * Loads the BUILT engine (packages/bom-engine/dist), so the benchmark measures what users get from
 * npm. The interface below is the part of the public API the benchmark uses.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SummaryResult } from '../packages/bom-engine/src/compiled.js';
import type {
  BomDocument,
  ExplodeOptions,
  ExplosionResult,
  TreeOptions,
  TreeRow,
  WhereUsedOptions,
  WhereUsedResult,
} from '../packages/bom-engine/src/types.js';

export interface BenchCompiledBom {
  /** Result objects with quantities rounded to each item's precision. */
  explode(options: ExplodeOptions): ExplosionResult;
  /** The same explosion as item ids and unrounded quantities in typed arrays. */
  explodeSummary(options: ExplodeOptions): SummaryResult;
  explodeTree(options: TreeOptions): Iterable<TreeRow>;
  whereUsed(options: WhereUsedOptions): WhereUsedResult;
  readonly itemCount: number;
  readonly lineCount: number;
  /** Only to name explodeSummary's item ids: `codes[id]`. */
  readonly graph: { readonly codes: readonly string[] };
}

export interface BenchEngine {
  compileBom(doc: BomDocument): BenchCompiledBom;
}

export class EngineUnavailableError extends Error {
  override name = 'EngineUnavailableError';
}

const DIST_ENTRY = new URL('../packages/bom-engine/dist/index.js', import.meta.url);

export async function loadBuiltEngine(): Promise<BenchEngine> {
  if (!existsSync(fileURLToPath(DIST_ENTRY))) {
    throw new EngineUnavailableError('packages/bom-engine/dist/index.js is missing: run `pnpm build`');
  }
  const engine = (await import(DIST_ENTRY.href)) as Partial<BenchEngine>;
  if (typeof engine.compileBom !== 'function') {
    throw new EngineUnavailableError('the built engine exports no compileBom yet');
  }
  // A dist built before explodeSummary existed would fail mid-run: say how to fix it instead.
  const compiled = (engine as { CompiledBom?: { prototype?: { explodeSummary?: unknown } } }).CompiledBom;
  if (typeof compiled?.prototype?.explodeSummary !== 'function') {
    throw new EngineUnavailableError(
      'the built engine has no explodeSummary: run `pnpm --filter @shopfloor/bom-engine build`',
    );
  }
  return engine as BenchEngine;
}
