import { assembleGenealogy } from './assemble.js';
import { EdgeListWriter } from './edge-list.js';
import { GenealogyError } from './errors.js';
import type { Genealogy } from './genealogy.js';
import { LotTable } from './lot-table.js';
import type { GenealogyEdge, GenealogyEdgeKind, LotAttributes } from './types.js';

export interface EdgeDetails {
  item?: string;
  toItem?: string;
  at?: string;
  kind?: GenealogyEdgeKind;
}

export interface GenealogyBuilder {
  /** Records that `qty` of lot `from` went into lot `to`. Repeats of a pair add up. */
  add(from: string, to: string, qty: number, details?: EdgeDetails): this;
  addEdge(edge: GenealogyEdge): this;
  /** Item, kind or customer of a lot; a lot named only here exists without edges. */
  setLot(attributes: LotAttributes): this;
  readonly edgeRecords: number;
  /** Compiles the genealogy. The builder hands its storage over: any call after this throws. */
  build(options?: { validate?: boolean }): Genealogy;
}

export interface GenealogyBuilderOptions {
  /** Capacity hints; arrays grow by doubling past them. */
  expectedEdges?: number;
  expectedLots?: number;
}

/** Incremental, allocation-light way to build a genealogy: edges go straight into typed columns. */
export function createGenealogyBuilder(options: GenealogyBuilderOptions = {}): GenealogyBuilder {
  const lots = new LotTable(options.expectedLots);
  const edges = new EdgeListWriter(options.expectedEdges);

  let built = false;
  const ensureOpen = () => {
    if (built)
      throw new GenealogyError(
        'BUILDER_FINISHED',
        'this genealogy builder was already built; create a new one',
      );
  };

  const builder: GenealogyBuilder = {
    add(from, to, qty, details = {}) {
      ensureOpen();
      const index = edges.count;
      const fromId = lots.intern(checkedLotCode(from, 'from', index));
      const toId = lots.intern(checkedLotCode(to, 'to', index));
      if (details.item !== undefined) lots.setItem(fromId, details.item);
      if (details.toItem !== undefined) lots.setItem(toId, details.toItem);
      edges.push(
        fromId,
        toId,
        checkedQty(qty, from, to, index),
        checkedKind(details.kind, index),
        checkedAt(details.at, index),
      );
      return builder;
    },
    addEdge(edge) {
      if (edge === null || typeof edge !== 'object') {
        throw new GenealogyError(
          'BAD_EDGE',
          `edges[${edges.count}]: expected an object, got ${String(edge)}`,
          {
            edge: edges.count,
          },
        );
      }
      return builder.add(edge.from, edge.to, edge.qty, edge);
    },
    setLot(attributes) {
      ensureOpen();
      lots.setAttributes(attributes);
      return builder;
    },
    get edgeRecords() {
      return edges.count;
    },
    build(buildOptions = {}) {
      ensureOpen();
      built = true;
      return assembleGenealogy(lots, edges.view(), buildOptions.validate === true);
    },
  };
  return builder;
}

function checkedLotCode(code: unknown, field: 'from' | 'to', index: number): string {
  if (typeof code === 'string' && code !== '') return code;
  throw new GenealogyError(
    'BAD_EDGE',
    `edges[${index}]: ${field} must be a non-empty lot code, got ${JSON.stringify(code)}`,
    {
      edge: index,
    },
  );
}

function checkedQty(qty: unknown, from: string, to: string, index: number): number {
  if (typeof qty === 'number' && Number.isFinite(qty) && qty >= 0) return qty;
  throw new GenealogyError(
    'BAD_QTY',
    `edges[${index}] ${from} > ${to}: qty must be a non-negative number, got ${qty}`,
    {
      edge: index,
    },
  );
}

function checkedKind(kind: unknown, index: number): boolean {
  if (kind === undefined || kind === 'consume') return false;
  if (kind === 'ship') return true;
  throw new GenealogyError(
    'BAD_EDGE',
    `edges[${index}]: kind must be 'consume' or 'ship', got ${JSON.stringify(kind)}`,
    {
      edge: index,
    },
  );
}

function checkedAt(at: unknown, index: number): number {
  if (at === undefined || at === null) return Number.NaN;
  const ms = typeof at === 'string' ? Date.parse(at) : Number.NaN;
  if (!Number.isNaN(ms)) return ms;
  throw new GenealogyError(
    'BAD_EDGE',
    `edges[${index}]: at must be an ISO 8601 time, got ${JSON.stringify(at)}`,
    {
      edge: index,
    },
  );
}
