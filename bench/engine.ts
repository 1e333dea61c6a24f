/**
 * Loads the BUILT engine (packages/bom-engine/dist), so the benchmark measures what users get from
 * npm. The interface below is the part of the public API the benchmark uses.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
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
  explode(options: ExplodeOptions): ExplosionResult;
  explodeTree(options: TreeOptions): Iterable<TreeRow>;
  whereUsed(options: WhereUsedOptions): WhereUsedResult;
  readonly itemCount: number;
  readonly lineCount: number;
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
  return engine as BenchEngine;
}
