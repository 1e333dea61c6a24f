import { roundQty } from './decimal.js';
import { type BomGraph, ITEM_TYPES } from './graph.js';
import type { Requirement } from './types.js';

/** 10^precision for every possible precision (a Uint8): small enough to stay in cache, unlike a per-item array. */
const SCALES = Float64Array.from({ length: 256 }, (_, p) => 10 ** p);

/**
 * From this many requirements on, rows are built at their own object literal. V8 decides once per
 * literal whether its objects are allocated straight into the old generation ("pretenuring"), from
 * how many survive a young collection. A large result always outlives collections that happen
 * while it is built; small results die young. At one shared literal, a process that explodes
 * small BOMs first fixes "don't pretenure", and every large result is then copied by the young
 * collector twice (measured: 2× the CPU time of pretenured rows on the 100k-item DAG).
 */
export const LARGE_RESULT = 20_000;

/** Requirement rows of the summary arrays: the item's code, unit, type and level, quantity rounded. */
export function buildRequirements(
  g: BomGraph,
  items: Int32Array,
  amounts: Float64Array,
  count: number,
): Requirement[] {
  return count >= LARGE_RESULT
    ? buildLargeResult(g, items, amounts, count)
    : buildSmallResult(g, items, amounts, count);
}

// The two builders are the same code on purpose: each literal is its own allocation site.

function buildSmallResult(g: BomGraph, items: Int32Array, amounts: Float64Array, count: number) {
  const { codes, uoms, llc, precisions, types } = g;
  const rows = new Array<Requirement>(count);
  for (let i = 0; i < count; i++) {
    const v = items[i]!;
    rows[i] = {
      item: codes[v]!,
      qty: roundToPrecision(amounts[i]!, precisions[v]!),
      uom: uoms[v]!,
      type: ITEM_TYPES[types[v]!]!,
      lowLevelCode: llc[v]!,
    };
  }
  return rows;
}

function buildLargeResult(g: BomGraph, items: Int32Array, amounts: Float64Array, count: number) {
  const { codes, uoms, llc, precisions, types } = g;
  const rows = new Array<Requirement>(count);
  for (let i = 0; i < count; i++) {
    const v = items[i]!;
    rows[i] = {
      item: codes[v]!,
      qty: roundToPrecision(amounts[i]!, precisions[v]!),
      uom: uoms[v]!,
      type: ITEM_TYPES[types[v]!]!,
      lowLevelCode: llc[v]!,
    };
  }
  return rows;
}

/** roundQty(value, precision) with its common case inlined: a positive quantity far from a half. */
function roundToPrecision(value: number, precision: number): number {
  const scale = SCALES[precision]!;
  const raw = value * scale;
  const floor = Math.floor(raw);
  const frac = raw - floor;
  return (frac < 0.4999999 || frac > 0.5000001) && raw < 4e15 && raw > -4e15
    ? (frac < 0.5 ? floor : floor + 1) / scale + 0
    : roundQty(value, precision);
}
