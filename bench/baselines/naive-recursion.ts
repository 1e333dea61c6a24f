/**
 * Explosion the way most ERPs code it: a recursive function over a parent → lines map that walks
 * every path separately (no aggregation before exploding a shared sub-assembly), summing into a
 * Map. Each visit checks the line's effectivity against the date and applies scrap, as the engine
 * must; the UoM factor is resolved into the line beforehand (flattering the baseline).
 */
import type { FlatBom } from './flat-bom.js';

export interface NaiveLine {
  child: string;
  qty: number;
  scrapRate: number;
  uomFactor: number;
  effectiveFrom: string | null;
  effectiveTo: string | null;
}

export interface NaiveBom {
  linesOf: Record<string, NaiveLine[]>;
  phantoms: Set<string>;
}

export class NaiveStoppedError extends Error {
  override name = 'NaiveStoppedError';
  constructor(
    readonly afterMs: number,
    readonly rowsVisited: number,
  ) {
    super(`naive explosion stopped after ${afterMs} ms and ${rowsVisited} rows`);
  }
}

/** From a FlatBom of all lines (no date): the explosion applies effectivity itself. */
export function buildNaiveBom(flat: FlatBom): NaiveBom {
  const linesOf: Record<string, NaiveLine[]> = {};
  for (const [line, source] of flat.lineSource.entries()) {
    const parent = flat.codes[flat.lineParent[line]];
    linesOf[parent] ??= [];
    linesOf[parent].push({ child: flat.codes[flat.lineChild[line]], ...source });
  }
  const phantoms = new Set(flat.codes.filter((_, i) => flat.types[i] === 'phantom'));
  return { linesOf, phantoms };
}

/** Stops with NaiveStoppedError once `timeLimitMs` has passed (checked every 64k rows). */
export function explodeNaive(
  bom: NaiveBom,
  item: string,
  qty: number,
  date: string,
  timeLimitMs = Number.POSITIVE_INFINITY,
): Map<string, number> {
  const totals = new Map<string, number>();
  const startedAt = performance.now();
  let rows = 0;
  const visit = (parent: string, parentQty: number): void => {
    const lines = bom.linesOf[parent];
    if (lines === undefined) return;
    for (const line of lines) {
      if (
        (line.effectiveFrom !== null && line.effectiveFrom > date) ||
        (line.effectiveTo !== null && line.effectiveTo < date)
      ) {
        continue;
      }
      const need = parentQty * line.qty * (1 + line.scrapRate) * line.uomFactor;
      if (!bom.phantoms.has(line.child)) totals.set(line.child, (totals.get(line.child) ?? 0) + need);
      if ((++rows & 0xffff) === 0 && performance.now() - startedAt > timeLimitMs) {
        throw new NaiveStoppedError(Math.round(performance.now() - startedAt), rows);
      }
      visit(line.child, need);
    }
  };
  visit(item, qty);
  return totals;
}
