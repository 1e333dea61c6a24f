import type { CompiledBom } from '../compiled.js';
import { resolveDay } from '../dates.js';
import { roundQty } from '../decimal.js';
import { badOption, unknownItem } from '../errors.js';
import { type BomGraph, TYPE_BUY, TYPE_PHANTOM } from '../graph.js';

export interface CostRollupOptions {
  /** Cost per unit by item code; replaces `item.cost` (purchase price of buy items, own cost of make items). */
  costs?: Record<string, number>;
  /** Effectivity date `YYYY-MM-DD` of the lines rolled up. Default: today in Asia/Shanghai. */
  date?: string;
}

export interface ItemCost {
  item: string;
  /** ownCost + materialCost: what one unit of the item costs. */
  unitCost: number;
  /** Σ over effective lines of qty × (1 + scrap) × conversion × unitCost(child); 0 for buy items. */
  materialCost: number;
  /** Purchase price (buy), added cost such as labour (make, 0 when not given), 0 (phantom). */
  ownCost: number;
  /** A buy item at or below this item has no cost: unitCost counts it as 0. */
  missingCost: boolean;
}

export interface CostRollupResult {
  date: string;
  /** Every item, in the document's order. */
  items: ItemCost[];
}

const COST_PLACES = 6;

interface Rolled {
  unit: Float64Array;
  material: Float64Array;
  own: Float64Array;
  missing: Uint8Array;
}

/**
 * Unit cost of every item, bottom-up in one pass over the items in reverse low-level-code order.
 * Setup quantities and rounding multiples are per order, not per unit, so they are left out.
 */
export function costRollup(bom: CompiledBom, options: CostRollupOptions = {}): CostRollupResult {
  const g = bom.graph;
  const { day, date } = resolveDay(options.date);
  const rolled = roll(g, ownCosts(g, options.costs), day, 0);
  const items: ItemCost[] = new Array(g.itemCount);
  for (let v = 0; v < g.itemCount; v++) items[v] = itemCost(g, rolled, v);
  return { date, items };
}

/** The cost of one item: rolls up only the part of the BOM at and below it. */
export function costOf(bom: CompiledBom, item: string, options: CostRollupOptions = {}): ItemCost {
  const g = bom.graph;
  const v = typeof item === 'string' ? g.index.get(item) : undefined;
  if (v === undefined) throw unknownItem(item);
  const { day } = resolveDay(options.date);
  // Every component of v sits after it in `topo`, so the pass can stop at v.
  const rolled = roll(g, ownCosts(g, options.costs), day, g.topoPos[v]!);
  return itemCost(g, rolled, v);
}

function ownCosts(g: BomGraph, overrides: Record<string, number> | undefined): Float64Array {
  const own = g.costs.slice();
  if (overrides === undefined) return own;
  if (typeof overrides !== 'object' || overrides === null)
    throw badOption('costs must be an object of item code → cost');
  for (const [code, cost] of Object.entries(overrides)) {
    const v = g.index.get(code);
    if (v === undefined) throw unknownItem(code);
    if (!(typeof cost === 'number' && Number.isFinite(cost) && cost >= 0)) {
      throw badOption(`costs.${code} must be a number >= 0, got ${String(cost)}`);
    }
    own[v] = cost;
  }
  return own;
}

function roll(g: BomGraph, costs: Float64Array, day: number, stopAt: number): Rolled {
  const n = g.itemCount;
  const unit = new Float64Array(n);
  const material = new Float64Array(n);
  const own = new Float64Array(n);
  const missing = new Uint8Array(n);
  const { topo, types, childStart, lineChild, lineQty, lineFrom, lineTo } = g;
  for (let i = n - 1; i >= stopAt; i--) {
    const v = topo[i]!;
    const cost = costs[v]!;
    if (types[v] === TYPE_BUY) {
      // Bought at a price: whatever lines a buy item has describe the supplier's make, not ours.
      const known = !Number.isNaN(cost);
      own[v] = known ? cost : 0;
      unit[v] = own[v]!;
      missing[v] = known ? 0 : 1;
      continue;
    }
    let sum = 0;
    let miss = 0;
    for (let k = childStart[v]!; k < childStart[v + 1]!; k++) {
      if (lineFrom[k]! > day || lineTo[k]! < day) continue;
      const c = lineChild[k]!;
      sum += lineQty[k]! * unit[c]!;
      miss |= missing[c]!;
    }
    own[v] = types[v] === TYPE_PHANTOM || Number.isNaN(cost) ? 0 : cost;
    material[v] = sum;
    unit[v] = own[v]! + sum;
    missing[v] = miss;
  }
  return { unit, material, own, missing };
}

function itemCost(g: BomGraph, r: Rolled, v: number): ItemCost {
  return {
    item: g.codes[v]!,
    unitCost: roundQty(r.unit[v]!, COST_PLACES),
    materialCost: roundQty(r.material[v]!, COST_PLACES),
    ownCost: roundQty(r.own[v]!, COST_PLACES),
    missingCost: r.missing[v] === 1,
  };
}
