/** Public input and output shapes of lot genealogy (批次追溯). */

/** `consume`: `from` was consumed to make `to`. `ship`: `from` left the factory as `to` (a shipment lot). */
export type GenealogyEdgeKind = 'consume' | 'ship';

/** One consumption (or shipment) record: a component lot went into a produced lot. */
export interface GenealogyEdge {
  /** The consumed (component) lot. */
  from: string;
  /** The produced lot (or the shipment lot, for `ship`). */
  to: string;
  /** Quantity of `from` that went into `to`, in the unit of `from`'s item. */
  qty: number;
  /** Item of `from`. */
  item?: string;
  /** Item of `to`. */
  toItem?: string;
  /** ISO 8601 time of the consumption. */
  at?: string;
  kind?: GenealogyEdgeKind;
}

/** `finished` and `customer` drive recall impact; any other kind is a label (`raw`, `component`, …). */
export type LotKind = 'raw' | 'component' | 'wip' | 'finished' | 'customer' | (string & {});

export interface LotAttributes {
  lot: string;
  item?: string;
  kind?: LotKind;
  /** The customer a customer-facing (shipped) lot belongs to. */
  customer?: string;
}

/** Edge kind codes of the columnar `kind` column. */
export const EDGE_KIND_CONSUME = 0;
export const EDGE_KIND_SHIP = 1;

/**
 * Columnar input for big genealogies: one entry per edge in each column, no object per edge.
 * `from`/`to` hold either lot codes or ids into `lotCodes`.
 */
export interface GenealogyColumns {
  /** Lot code per id; required when `from`/`to` hold numbers. Every code once. */
  lotCodes?: readonly string[];
  /** Item per lot id, aligned with `lotCodes` (null/undefined = unknown). */
  lotItems?: readonly (string | null | undefined)[];
  from: Int32Array | Uint32Array | readonly number[] | readonly string[];
  to: Int32Array | Uint32Array | readonly number[] | readonly string[];
  qty: Float64Array | Float32Array | readonly number[];
  /** `EDGE_KIND_CONSUME` (0, default) or `EDGE_KIND_SHIP` (1) per edge. */
  kind?: Uint8Array | readonly number[];
  /** Consumption time per edge in epoch milliseconds (NaN = unknown). */
  at?: Float64Array | readonly number[];
}

export interface CompileGenealogyOptions {
  /** Lot attributes (item, kind, customer). Lots listed here exist even without edges. */
  lots?: Iterable<LotAttributes>;
  /** Check that no lot consumes itself through any chain; throws `GENEALOGY_CYCLE` if one does. */
  validate?: boolean;
}

export interface TraceOptions {
  /** Stop after this many steps from the lot (1 = direct components or direct consumers). */
  maxDepth?: number;
}

export type TraceDirection = 'backward' | 'forward';

export interface TraceNode {
  lot: string;
  item?: string;
  /** Shortest number of steps from the traced lot. */
  depth: number;
  /**
   * Sum of `qty` over this lot's trace edges toward the traced lot: backward, how much of this lot
   * the traced lots consumed; forward, how much of the traced lots this lot consumed.
   */
  qty: number;
}

export interface TraceEdge {
  from: string;
  to: string;
  qty: number;
  /** Present on shipment edges only. */
  kind?: 'ship';
  /** Present when the input carried a time; UTC ISO 8601. */
  at?: string;
}

/** A trace as a nested tree for display: each lot expanded once, later occurrences marked `repeat`. */
export interface GenealogyTreeNode {
  lot: string;
  item?: string;
  /** Quantity on the edge from the parent row (absent on the root). */
  qty?: number;
  depth: number;
  children: GenealogyTreeNode[];
  /** This lot is expanded elsewhere in the tree (at its shallowest occurrence); children omitted. */
  repeat?: true;
}

export interface GenealogyTrace {
  lot: string;
  item?: string;
  direction: TraceDirection;
  /** Every lot reached, the traced lot excluded, in breadth-first order (by depth). */
  nodes: TraceNode[];
  /** Every edge followed, oriented physically (`from` consumed into `to`) in both directions. */
  edges: TraceEdge[];
  toTree(): GenealogyTreeNode;
}

export interface RecallImpact {
  lot: string;
  /** End lots the suspect reached (itself included): marked finished, or unmarked and never consumed. */
  finishedLots: string[];
  /** Customer-facing lots reached (itself included): marked `customer` or produced by a `ship` edge. */
  customerLots: string[];
  /** Distinct customers of every affected lot. */
  customers: string[];
  /** Number of lots affected: the suspect and every lot it went into. */
  affectedLots: number;
}

export interface LotInfo {
  lot: string;
  item?: string;
  kind?: LotKind;
  customer?: string;
}
