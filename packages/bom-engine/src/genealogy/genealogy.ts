import type { ForwardAdjacency, ReverseAdjacency } from './adjacency.js';
import { findCycle } from './cycles.js';
import { GenealogyError } from './errors.js';
import { LOT_CONSUMED, LOT_SHIP_TARGET, type LotTable } from './lot-table.js';
import { Reacher } from './reach.js';
import { LotTrace } from './trace.js';
import type { LotInfo, RecallImpact, TraceDirection, TraceEdge, TraceNode, TraceOptions } from './types.js';

/** A compiled lot genealogy: interned lots and both CSR directions, queried without rebuilding anything. */
export class Genealogy {
  private readonly lots: LotTable;
  private readonly forward: ForwardAdjacency;
  private readonly reverse: ReverseAdjacency;
  private reacher: Reacher | null = null;

  /** @internal Use `compileGenealogy` or `createGenealogyBuilder`. */
  constructor(lots: LotTable, forward: ForwardAdjacency, reverse: ReverseAdjacency) {
    this.lots = lots;
    this.forward = forward;
    this.reverse = reverse;
  }

  get lotCount(): number {
    return this.lots.size;
  }

  /** Distinct (from, to) pairs: repeated records of one pair count once. */
  get edgeCount(): number {
    return this.forward.targets.length;
  }

  has(lot: string): boolean {
    return typeof lot === 'string' && this.lots.idOf(lot) !== -1;
  }

  lotInfo(lot: string): LotInfo {
    const id = this.idOf(lot);
    const info: LotInfo = { lot };
    const item = this.lots.itemOfLot(id);
    const kind = this.lots.kindOfLot(id);
    const customer = this.lots.customerOfLot(id);
    if (item !== undefined) info.item = item;
    if (kind !== undefined) info.kind = kind;
    if (customer !== undefined) info.customer = customer;
    return info;
  }

  /** Every component lot `lot` consumed, at any depth (down to every screw). */
  traceBackward(lot: string, options: TraceOptions = {}): LotTrace {
    return this.trace(lot, 'backward', options);
  }

  /** Every lot `lot` went into, at any depth (up to finished goods and shipments). */
  traceForward(lot: string, options: TraceOptions = {}): LotTrace {
    return this.trace(lot, 'forward', options);
  }

  /** Which end lots, customer-facing lots and customers a suspect lot reached. */
  recallImpact(lot: string): RecallImpact {
    const start = this.idOf(lot);
    const reacher = this.walk(start, 'forward', Number.POSITIVE_INFINITY);
    const { flags, kindOf, kinds, customerOf, customers, codes } = this.lots;
    const finishedKind = (kinds.idOf('finished') ?? -2) + 1;
    const customerKind = (kinds.idOf('customer') ?? -2) + 1;
    const finishedLots: string[] = [];
    const customerLots: string[] = [];
    const customerIds = new Set<number>();
    for (let slot = 0; slot < reacher.count; slot++) {
      const v = reacher.queue[slot];
      const kind = kindOf === null ? 0 : kindOf[v];
      const customerFacing = kind === customerKind || (flags[v] & LOT_SHIP_TARGET) !== 0;
      if (customerFacing) customerLots.push(codes[v]);
      else if (kind === finishedKind || (kind === 0 && (flags[v] & LOT_CONSUMED) === 0))
        finishedLots.push(codes[v]);
      if (customerOf !== null && customerOf[v] >= 0) customerIds.add(customerOf[v]);
    }
    return {
      lot,
      finishedLots: finishedLots.sort(),
      customerLots: customerLots.sort(),
      customers: [...customerIds].map((c) => customers.values[c]).sort(),
      affectedLots: reacher.count,
    };
  }

  /** One cycle as lot codes (`['A', 'B', 'A']`), or null. Cycles are data errors; traces stop on them anyway. */
  findCycle(): string[] | null {
    const cycle = findCycle(this.lotCount, this.forward, this.reverse);
    return cycle === null ? null : cycle.map((id) => this.lots.codes[id]);
  }

  private trace(lot: string, direction: TraceDirection, options: TraceOptions): LotTrace {
    const start = this.idOf(lot);
    const maxDepth = checkedMaxDepth(options.maxDepth);
    const reacher = this.walk(start, direction, maxDepth);
    const backward = direction === 'backward';
    const { codes } = this.lots;
    const { qty, kind, at } = this.forward;
    const offsets = backward ? this.reverse.offsets : this.forward.offsets;
    const neighbours = backward ? this.reverse.sources : this.forward.targets;
    const edgeIds = backward ? this.reverse.edge : null;

    // Second pass over the expanded lots only: the walk proved which lots are in, now build objects.
    const qtyBySlot = new Float64Array(reacher.count);
    const edges: TraceEdge[] = [];
    for (let slot = 0; slot < reacher.expanded; slot++) {
      const u = reacher.queue[slot];
      for (let p = offsets[u], end = offsets[u + 1]; p < end; p++) {
        const v = neighbours[p];
        const e = edgeIds === null ? p : edgeIds[p];
        qtyBySlot[reacher.slotOf(v)] += qty[e];
        const edge: TraceEdge = backward
          ? { from: codes[v], to: codes[u], qty: qty[e] }
          : { from: codes[u], to: codes[v], qty: qty[e] };
        if (kind !== null && kind[e] === 1) edge.kind = 'ship';
        if (at !== null && !Number.isNaN(at[e])) edge.at = new Date(at[e]).toISOString();
        edges.push(edge);
      }
    }

    const nodes: TraceNode[] = [];
    const { layerStarts } = reacher;
    let depth = 0;
    for (let slot = 1; slot < reacher.count; slot++) {
      while (layerStarts[depth + 1] <= slot) depth++;
      const v = reacher.queue[slot];
      const item = this.lots.itemOfLot(v);
      nodes.push(
        item === undefined
          ? { lot: codes[v], depth, qty: qtyBySlot[slot] }
          : { lot: codes[v], item, depth, qty: qtyBySlot[slot] },
      );
    }
    return new LotTrace(lot, this.lots.itemOfLot(start), direction, nodes, edges);
  }

  private walk(start: number, direction: TraceDirection, maxDepth: number): Reacher {
    this.reacher ??= new Reacher(this.lotCount);
    if (direction === 'backward')
      this.reacher.walk(start, this.reverse.offsets, this.reverse.sources, maxDepth);
    else this.reacher.walk(start, this.forward.offsets, this.forward.targets, maxDepth);
    return this.reacher;
  }

  private idOf(lot: string): number {
    const id = typeof lot === 'string' ? this.lots.idOf(lot) : -1;
    if (id === -1) {
      throw new GenealogyError(
        'UNKNOWN_LOT',
        `unknown lot ${JSON.stringify(lot)}: no genealogy record names it`,
        {
          lot,
        },
      );
    }
    return id;
  }
}

function checkedMaxDepth(maxDepth: number | undefined): number {
  if (maxDepth === undefined) return Number.POSITIVE_INFINITY;
  if (maxDepth === Number.POSITIVE_INFINITY || (Number.isInteger(maxDepth) && maxDepth >= 0)) return maxDepth;
  throw new GenealogyError('BAD_OPTION', `maxDepth must be a non-negative integer, got ${maxDepth}`);
}
