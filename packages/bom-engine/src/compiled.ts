import { resolveDay } from './dates.js';
import { ceilToMultiple, roundQty } from './decimal.js';
import { badOption, unknownItem } from './errors.js';
import { type BomGraph, ITEM_TYPES, TYPE_PHANTOM } from './graph.js';
import { plan } from './mrp/plan.js';
import type { PlanOptions, PlanResult } from './mrp/types.js';
import { buildRequirements } from './requirements.js';
import { type CostRollupOptions, type CostRollupResult, costRollup } from './rollup/cost.js';
import { type LeadTimeOptions, type LeadTimeResult, leadTime } from './rollup/lead-time.js';
import type {
  ExplodeOptions,
  ExplosionResult,
  ItemType,
  TreeOptions,
  TreeRow,
  UsedIn,
  WhereUsedOptions,
  WhereUsedResult,
} from './types.js';

export interface ItemInfo {
  code: string;
  name: string;
  uom: string;
  type: ItemType;
  lowLevelCode: number;
  leadTime: number;
  cost: number | null;
  precision: number;
}

export interface SummaryResult {
  item: string;
  /** The exploded quantity of `item`. */
  rootQty: number;
  date: string;
  count: number;
  /** Item ids of the requirements, in explosion order. */
  items: Int32Array;
  /** Unrounded gross requirement per entry of `items`, in the item's unit. */
  qty: Float64Array;
}

export interface ComponentLine {
  item: string;
  /** Per one unit of the parent, in the child's unit, scrap included. */
  qty: number;
  setupQty: number;
  roundingMultiple: number;
  uom: string;
  type: ItemType;
  /** Index of the line in the document's bomLines. */
  line: number;
}

/** A BOM compiled into typed arrays. Build with `compileBom(doc)`; reuse it for many queries. */
export class CompiledBom {
  readonly graph: BomGraph;
  // Scratch buffers reused by every query; each query leaves them zeroed behind it.
  private amounts: Float64Array | null = null;
  private marks: Uint8Array | null = null;
  private scratchItems: Int32Array | null = null;
  private scratchQty: Float64Array | null = null;

  constructor(graph: BomGraph) {
    this.graph = graph;
  }

  get itemCount(): number {
    return this.graph.itemCount;
  }

  get lineCount(): number {
    return this.graph.lineCount;
  }

  hasItem(code: string): boolean {
    return this.graph.index.has(code);
  }

  itemInfo(code: string): ItemInfo {
    return this.info(this.idOf(code));
  }

  *items(): IterableIterator<ItemInfo> {
    for (let v = 0; v < this.graph.itemCount; v++) yield this.info(v);
  }

  /** Direct components of an item effective on a date (default today in Asia/Shanghai). */
  components(code: string, date?: string): ComponentLine[] {
    const g = this.graph;
    const v = this.idOf(code);
    const { day } = resolveDay(date);
    const out: ComponentLine[] = [];
    for (let k = g.childStart[v]!; k < g.childStart[v + 1]!; k++) {
      if (g.lineFrom[k]! > day || g.lineTo[k]! < day) continue;
      const c = g.lineChild[k]!;
      out.push({
        item: g.codes[c]!,
        qty: roundQty(g.lineQty[k]!, 12),
        setupQty: roundQty(g.lineSetup[k]!, 12),
        roundingMultiple: g.lineRounding[k]!,
        uom: g.uoms[c]!,
        type: ITEM_TYPES[g.types[c]!]!,
        line: g.lineSource[k]!,
      });
    }
    return out;
  }

  /**
   * Summarized gross requirements of every component at every level. Demand is aggregated per item
   * before that item is exploded (low-level-code order), so shared sub-assemblies are exploded once.
   * Phantoms pass their demand through and are not listed. Setup quantity and rounding apply once
   * per parent item and line on the parent's aggregated demand. Order: low-level code, then the
   * document's item order.
   */
  explode(options: ExplodeOptions): ExplosionResult {
    const g = this.graph;
    const { items, amounts } = this.scratch();
    const { root, qty: rootQty, date, count } = this.run(options, items, amounts);
    const requirements = buildRequirements(g, items, amounts, count);
    return { item: g.codes[root]!, qty: rootQty, date, requirements };
  }

  /**
   * The same explosion as `explode`, answered in typed arrays and without rounding: item ids
   * (`graph.codes[id]`) and quantities, `count` entries. For callers that post-process many
   * requirements (MRP, costing, the benchmark) and want no per-item objects. The arrays belong to
   * the result; a later call does not overwrite them.
   */
  explodeSummary(options: ExplodeOptions): SummaryResult {
    const { items, amounts } = this.scratch();
    const run = this.run(options, items, amounts);
    // Copies of exactly `count` entries: the result owns them, the scratch arrays serve the next call.
    return {
      item: this.graph.codes[run.root]!,
      rootQty: run.qty,
      date: run.date,
      count: run.count,
      items: items.slice(0, run.count),
      qty: amounts.slice(0, run.count),
    };
  }

  /** The summary explosion into `outItems`/`outQty` (itemCount long); answers how many it wrote. */
  private run(
    options: ExplodeOptions,
    outItems: Int32Array,
    outQty: Float64Array,
  ): { root: number; qty: number; date: string; count: number } {
    const g = this.graph;
    const root = this.idOf(options?.item);
    const qty = checkQty(options.qty);
    const { day, date } = resolveDay(options.date);
    const demand = this.amountBuffer();
    const { topo, childStart, lineChild, lineQty, lineFrom, lineTo, lineSetup, lineRounding, types } = g;
    const n = g.itemCount;
    let count = 0;
    const plain = !g.nonLinear;
    const dated = g.dated;
    demand[root] = qty;
    for (let i = g.topoPos[root]!; i < n; i++) {
      const v = topo[i]!;
      const d = demand[v]!;
      if (d === 0) continue;
      demand[v] = 0;
      if (types[v] !== TYPE_PHANTOM && v !== root) {
        outItems[count] = v;
        outQty[count++] = d;
      }
      const end = childStart[v + 1]!;
      if (plain && !dated) {
        for (let k = childStart[v]!; k < end; k++) demand[lineChild[k]!] += d * lineQty[k]!;
      } else if (plain) {
        for (let k = childStart[v]!; k < end; k++) {
          if (lineFrom[k]! <= day && lineTo[k]! >= day) demand[lineChild[k]!] += d * lineQty[k]!;
        }
      } else {
        for (let k = childStart[v]!; k < end; k++) {
          if (lineFrom[k]! > day || lineTo[k]! < day) continue;
          let r = d * lineQty[k]! + lineSetup[k]!;
          if (lineRounding[k]! > 0) r = ceilToMultiple(r, lineRounding[k]!);
          demand[lineChild[k]!] += r;
        }
      }
    }
    return { root, qty, date, count };
  }

  /**
   * The indented explosion, one row per occurrence, depth first in document order. Lazy: memory
   * stays proportional to the depth, so million-row structures stream. Setup and rounding apply
   * per occurrence (each row is one parent order). Phantom rows are included with type 'phantom'.
   */
  explodeTree(options: TreeOptions): Iterable<TreeRow> {
    const root = this.idOf(options?.item);
    const qty = checkQty(options.qty);
    const { day } = resolveDay(options.date);
    const maxDepth = options.maxDepth ?? Number.POSITIVE_INFINITY;
    if (!(maxDepth >= 0)) throw badOption(`maxDepth must be a number >= 0, got ${String(options.maxDepth)}`);
    const g = this.graph;
    return {
      [Symbol.iterator]: () => walkTree(g, root, qty, day, maxDepth),
    };
  }

  /**
   * Every item that uses `item` at any depth, with the cumulative quantity of `item` per one unit
   * of it, summed over all paths (scrap and conversions included; setup and rounding are per order
   * and not part of a per-unit quantity). Phantoms pass their quantity through and are listed too,
   * flagged `phantom: true`, so every BOM that holds the part shows (`includePhantoms: false` leaves
   * them out); `direct` is true for an item holding a line to `item`, directly or through phantoms only.
   */
  whereUsed(options: WhereUsedOptions): WhereUsedResult {
    const g = this.graph;
    const target = this.idOf(options?.item);
    const { day, date } = resolveDay(options.date);
    const per = this.amountBuffer();
    const direct = this.markBuffer();
    const { topo, parentStart, parentLines, lineParent, lineQty, lineFrom, lineTo, types } = g;
    const usedIn: UsedIn[] = [];
    // A per-unit quantity needs more places than a stock quantity: never fewer than 6.
    const places = Math.max(g.precisions[target]!, 6);
    const listPhantoms = options.includePhantoms !== false;
    per[target] = 1;
    for (let i = g.topoPos[target]!; i >= 0; i--) {
      const v = topo[i]!;
      const q = per[v]!;
      if (q === 0) continue;
      per[v] = 0;
      const isDirect = direct[v] === 1;
      direct[v] = 0;
      // A phantom is not stocked: whoever uses a phantom that holds the item uses it directly.
      const passDirect = v === target || (isDirect && types[v] === TYPE_PHANTOM);
      let hasParent = false;
      for (let j = parentStart[v]!; j < parentStart[v + 1]!; j++) {
        const k = parentLines[j]!;
        if (lineFrom[k]! > day || lineTo[k]! < day) continue;
        const p = lineParent[k]!;
        per[p] += q * lineQty[k]!;
        if (passDirect) direct[p] = 1;
        hasParent = true;
      }
      if (v === target) continue;
      const row: UsedIn = {
        item: g.codes[v]!,
        qtyPer: roundQty(q, places),
        direct: isDirect,
        endItem: !hasParent,
        type: ITEM_TYPES[types[v]!]!,
        lowLevelCode: g.llc[v]!,
      };
      if (types[v] === TYPE_PHANTOM) {
        if (!listPhantoms) continue;
        row.phantom = true;
      }
      usedIn.push(row);
    }
    return { item: g.codes[target]!, date, usedIn };
  }

  /** Unit cost of every item from purchased costs, own costs and scrap. See docs/mrp.md. */
  costRollup(options?: CostRollupOptions): CostRollupResult {
    return costRollup(this, options);
  }

  /** Cumulative critical-path lead time of an item. */
  leadTime(options: LeadTimeOptions): LeadTimeResult {
    return leadTime(this, options);
  }

  /** MRP netting: planned orders with release dates and the reasons for each. */
  plan(options: PlanOptions = {}): PlanResult {
    return plan(this, options);
  }

  private idOf(code: unknown): number {
    const id = typeof code === 'string' ? this.graph.index.get(code) : undefined;
    if (id === undefined) throw unknownItem(code);
    return id;
  }

  private info(v: number): ItemInfo {
    const g = this.graph;
    const cost = g.costs[v]!;
    return {
      code: g.codes[v]!,
      name: g.names[v]!,
      uom: g.uoms[v]!,
      type: ITEM_TYPES[g.types[v]!]!,
      lowLevelCode: g.llc[v]!,
      leadTime: g.leadTimes[v]!,
      cost: Number.isNaN(cost) ? null : cost,
      precision: g.precisions[v]!,
    };
  }

  /** Output arrays of the summary loop, reused by every explosion: explode hands back objects. */
  private scratch(): { items: Int32Array; amounts: Float64Array } {
    this.scratchItems ??= new Int32Array(this.graph.itemCount);
    this.scratchQty ??= new Float64Array(this.graph.itemCount);
    return { items: this.scratchItems, amounts: this.scratchQty };
  }

  private amountBuffer(): Float64Array {
    this.amounts ??= new Float64Array(this.graph.itemCount);
    return this.amounts;
  }

  private markBuffer(): Uint8Array {
    this.marks ??= new Uint8Array(this.graph.itemCount);
    return this.marks;
  }
}

function checkQty(qty: unknown): number {
  if (typeof qty !== 'number' || !Number.isFinite(qty) || qty <= 0) {
    throw badOption(
      `qty must be a positive number, got ${typeof qty === 'string' ? `'${qty}'` : String(qty)}`,
    );
  }
  return qty;
}

function* walkTree(
  g: BomGraph,
  root: number,
  qty: number,
  day: number,
  maxDepth: number,
): Generator<TreeRow> {
  const depth = g.maxLlc + 2;
  const items = new Int32Array(depth);
  const cursor = new Int32Array(depth);
  const amounts = new Float64Array(depth);
  const { childStart, lineChild, lineQty, lineSetup, lineRounding, lineFrom, lineTo, codes } = g;
  let top = 0;
  items[0] = root;
  amounts[0] = qty;
  cursor[0] = childStart[root]!;
  while (top >= 0) {
    const v = items[top]!;
    const k = cursor[top]!;
    if (k === childStart[v + 1] || top >= maxDepth) {
      top--;
      continue;
    }
    cursor[top] = k + 1;
    if (lineFrom[k]! > day || lineTo[k]! < day) continue;
    const c = lineChild[k]!;
    let r = amounts[top]! * lineQty[k]! + lineSetup[k]!;
    if (lineRounding[k]! > 0) r = ceilToMultiple(r, lineRounding[k]!);
    top++;
    items[top] = c;
    amounts[top] = r;
    cursor[top] = childStart[c]!;
    const path = new Array<string>(top + 1);
    for (let i = 0; i <= top; i++) path[i] = codes[items[i]!]!;
    yield {
      level: top,
      item: codes[c]!,
      qty: roundQty(r, g.precisions[c]!),
      uom: g.uoms[c]!,
      type: ITEM_TYPES[g.types[c]!]!,
      path,
    };
  }
}
