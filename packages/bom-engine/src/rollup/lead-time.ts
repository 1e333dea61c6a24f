import type { CompiledBom } from '../compiled.js';
import { resolveDay } from '../dates.js';
import { roundQty } from '../decimal.js';
import { unknownItem } from '../errors.js';
import { type BomGraph, TYPE_BUY, TYPE_PHANTOM } from '../graph.js';

export interface LeadTimeOptions {
  item: string;
  /** Effectivity date `YYYY-MM-DD` of the lines followed. Default: today in Asia/Shanghai. */
  date?: string;
}

export interface LeadTimeResult {
  item: string;
  date: string;
  /** Cumulative (critical-path) lead time in days: the longest chain of lead times below the item. */
  days: number;
  /** The critical path: the item first, then the component on the longest chain at each level. */
  path: string[];
}

export interface ItemLeadTime {
  item: string;
  days: number;
  /** The component on the item's critical path, null at the bottom (a buy item or a childless one). */
  next: string | null;
}

export interface LeadTimesResult {
  date: string;
  /** Every item, in the document's order. */
  items: ItemLeadTime[];
}

const DAY_PLACES = 6;

interface Critical {
  days: Float64Array;
  /** Child on the critical path, -1 at the bottom. */
  next: Int32Array;
}

/** Cumulative lead time of one item and the path that sets it. */
export function leadTime(bom: CompiledBom, options: LeadTimeOptions): LeadTimeResult {
  const g = bom.graph;
  const item = options?.item;
  const v = typeof item === 'string' ? g.index.get(item) : undefined;
  if (v === undefined) throw unknownItem(item);
  const { day, date } = resolveDay(options.date);
  const critical = criticalPaths(g, day, g.topoPos[v]!);
  const path: string[] = [];
  for (let at = v; at >= 0; at = critical.next[at]!) path.push(g.codes[at]!);
  return { item: g.codes[v]!, date, days: roundQty(critical.days[v]!, DAY_PLACES), path };
}

/** Cumulative lead time of every item in one reverse low-level-code pass. */
export function leadTimes(bom: CompiledBom, options: { date?: string } = {}): LeadTimesResult {
  const g = bom.graph;
  const { day, date } = resolveDay(options?.date);
  const { days, next } = criticalPaths(g, day, 0);
  const items: ItemLeadTime[] = new Array(g.itemCount);
  for (let v = 0; v < g.itemCount; v++) {
    const c = next[v]!;
    items[v] = { item: g.codes[v]!, days: roundQty(days[v]!, DAY_PLACES), next: c < 0 ? null : g.codes[c]! };
  }
  return { date, items };
}

/**
 * LT(v) = own lead time + max over effective lines of LT(child); phantoms add nothing of their own,
 * buy items stop the chain (their lines, if any, are the supplier's business). Ties keep the first
 * line in document order, so the path is deterministic.
 */
function criticalPaths(g: BomGraph, day: number, stopAt: number): Critical {
  const n = g.itemCount;
  const days = new Float64Array(n);
  const next = new Int32Array(n).fill(-1);
  const { topo, types, leadTimes: own, childStart, lineChild, lineFrom, lineTo } = g;
  for (let i = n - 1; i >= stopAt; i--) {
    const v = topo[i]!;
    if (types[v] === TYPE_BUY) {
      days[v] = own[v]!;
      continue;
    }
    let best = 0;
    let via = -1;
    for (let k = childStart[v]!; k < childStart[v + 1]!; k++) {
      if (lineFrom[k]! > day || lineTo[k]! < day) continue;
      const c = lineChild[k]!;
      if (via < 0 || days[c]! > best) {
        best = days[c]!;
        via = c;
      }
    }
    days[v] = (types[v] === TYPE_PHANTOM ? 0 : own[v]!) + best;
    next[v] = via;
  }
  return { days, next };
}
