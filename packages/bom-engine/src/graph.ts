import type { ItemType } from './types.js';

export const TYPE_MAKE = 0;
export const TYPE_BUY = 1;
export const TYPE_PHANTOM = 2;
export const ITEM_TYPES: readonly ItemType[] = ['make', 'buy', 'phantom'];

/**
 * A compiled BOM: items are dense integer ids, lines are stored by parent in CSR form
 * (`childStart[p]..childStart[p+1]` index the lines of parent p) and mirrored by child.
 * Everything the hot paths read is a typed array.
 */
export interface BomGraph {
  readonly itemCount: number;
  readonly lineCount: number;
  readonly codes: readonly string[];
  readonly names: readonly string[];
  readonly uoms: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  /** TYPE_MAKE | TYPE_BUY | TYPE_PHANTOM per item. */
  readonly types: Uint8Array;
  /** Days from release to receipt. */
  readonly leadTimes: Float64Array;
  /** Purchased cost (buy) or own added cost (make) per unit; NaN when not given. */
  readonly costs: Float64Array;
  /** Decimal places of each item's quantities. */
  readonly precisions: Uint8Array;
  /** Low-level code: the deepest level at which the item occurs in any structure (0 = top). */
  readonly llc: Int32Array;
  readonly maxLlc: number;
  /** Item ids by ascending low-level code: every parent comes before all its components. */
  readonly topo: Int32Array;
  /** Position of each item in `topo`. */
  readonly topoPos: Int32Array;

  /** CSR by parent: lines of item p are childStart[p] .. childStart[p+1]-1. */
  readonly childStart: Int32Array;
  readonly lineChild: Int32Array;
  readonly lineParent: Int32Array;
  /** Quantity per parent unit in the child's unit, scrap included: qty × conversion × (1 + scrap). */
  readonly lineQty: Float64Array;
  /** Fixed quantity per parent order in the child's unit (0 = none). */
  readonly lineSetup: Float64Array;
  /** Round the line's requirement per parent order up to this multiple (0 = none). */
  readonly lineRounding: Float64Array;
  /** Effectivity bounds as day numbers, inclusive (NO_START / NO_END when open). */
  readonly lineFrom: Int32Array;
  readonly lineTo: Int32Array;
  /** Index of the line in the input document's `bomLines`. */
  readonly lineSource: Int32Array;

  /** CSR by child: parentLines[parentStart[c] .. parentStart[c+1]-1] are the line ids whose child is c. */
  readonly parentStart: Int32Array;
  readonly parentLines: Int32Array;

  /** Some line has effectivity bounds: explosions must check dates. */
  readonly dated: boolean;
  /** Some line has setup quantity or rounding: explosions are not purely linear. */
  readonly nonLinear: boolean;
}
