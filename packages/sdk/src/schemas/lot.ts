import * as z from 'zod/mini';
import { code, DocumentRef, described, IsoDate, IsoDateTime, int, named, Quantity } from './common.js';

export const LotCode = described(code(64), 'Lot number (批次号)');

/** 批次: a quantity of one item made or received together. */
export const Lot = named(
  z.object({
    code: LotCode,
    item: code(),
    qty: z.optional(described(Quantity, 'Quantity produced or received into the lot')),
    producedAt: z.optional(IsoDateTime),
    expiresOn: z.optional(IsoDate),
    supplier: z.optional(code()),
    kind: z.optional(z.enum(['material', 'wip', 'finished', 'customer'])),
    origin: z.optional(described(DocumentRef, 'The document that created the lot')),
  }),
  'Lot',
);
export type Lot = z.infer<typeof Lot>;

/** 序列号: one serialised unit, optionally inside a lot. */
export const Serial = named(
  z.object({
    code: described(code(64), 'Serial number'),
    item: code(),
    lot: z.optional(LotCode),
    producedAt: z.optional(IsoDateTime),
  }),
  'Serial',
);
export type Serial = z.infer<typeof Serial>;

export const TraceDirection = described(
  z.enum(['backward', 'forward']),
  'backward: what went into the lot; forward: where the lot went',
);
export type TraceDirection = z.infer<typeof TraceDirection>;

/** One consumption edge of the lot genealogy: `qty` of lot `from` went into lot `to`. */
export const TraceEdge = z.object({
  from: LotCode,
  fromItem: code(),
  to: LotCode,
  toItem: code(),
  qty: Quantity,
  document: z.optional(described(DocumentRef, 'The operation report that recorded the consumption')),
});
export type TraceEdge = z.infer<typeof TraceEdge>;

/** One lot reached by the trace, `depth` steps from the asked lot (0 = the lot itself). */
export const TraceNode = z.object({ lot: LotCode, item: code(), depth: int(0) });
export type TraceNode = z.infer<typeof TraceNode>;

/** The trace nested for display: each lot expanded once, later occurrences marked `repeat`. */
export interface LotTreeNode {
  lot: string;
  item?: string;
  qty?: number;
  depth: number;
  repeat?: true;
  children: LotTreeNode[];
}
export const LotTreeNode: z.ZodMiniType<LotTreeNode> = z.object({
  lot: LotCode,
  item: z.optional(code()),
  qty: z.optional(Quantity),
  depth: int(0),
  repeat: z.optional(z.literal(true)),
  get children() {
    return z.array(LotTreeNode);
  },
});

/** Forward traces only: what a recall of the lot must reach. */
export const RecallImpact = z.object({
  finishedLots: z.array(LotCode),
  customerLots: z.array(LotCode),
  customers: z.array(code()),
  affectedLots: int(0),
});
export type RecallImpact = z.infer<typeof RecallImpact>;

/** Answer of `GET /lots/{code}/trace?direction=`. */
export const LotTrace = named(
  z.object({
    lot: LotCode,
    item: code(),
    direction: TraceDirection,
    nodes: z.array(TraceNode),
    edges: z.array(TraceEdge),
    tree: z.optional(LotTreeNode),
    recall: z.optional(RecallImpact),
  }),
  'LotTrace',
);
export type LotTrace = z.infer<typeof LotTrace>;
