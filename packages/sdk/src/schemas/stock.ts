import * as z from 'zod/mini';
import {
  code,
  DocumentRef,
  described,
  Id,
  IsoDate,
  IsoDateTime,
  named,
  pageQueryFields,
  Quantity,
} from './common.js';
import { UomCode } from './item.js';

export const MovementKind = z.enum([
  'receipt',
  'issue',
  'return',
  'scrap',
  'transfer',
  'adjustment',
  'production-receipt',
  'opening',
]);
export type MovementKind = z.infer<typeof MovementKind>;

/**
 * One line of the stock ledger. `qty` is the signed change of the balance at
 * (item, warehouse, location, lot): a transfer is two movements with the same source document.
 */
export const StockMovement = named(
  z.object({
    id: Id,
    kind: MovementKind,
    item: code(),
    qty: described(Quantity, 'Signed: positive into the balance, negative out of it'),
    uom: UomCode,
    warehouse: code(32),
    location: z.optional(code(32)),
    lot: z.optional(code(64)),
    sourceDocument: described(DocumentRef, 'The approved document that caused the movement'),
    at: IsoDateTime,
    by: described(code(64), 'User id who approved or posted it'),
  }),
  'StockMovement',
);
export type StockMovement = z.infer<typeof StockMovement>;

/** 库存: the quantity on the books at one place. */
export const StockBalance = named(
  z.object({
    item: code(),
    warehouse: code(32),
    location: z.optional(code(32)),
    lot: z.optional(code(64)),
    qty: Quantity,
    uom: UomCode,
    safetyStock: z.optional(Quantity),
    updatedAt: z.optional(IsoDateTime),
  }),
  'StockBalance',
);
export type StockBalance = z.infer<typeof StockBalance>;

export const StockBalanceQuery = z.object({
  item: z.optional(code()),
  warehouse: z.optional(code(32)),
  lot: z.optional(code(64)),
  belowSafetyStock: z.optional(z.boolean()),
  ...pageQueryFields,
});
export type StockBalanceQuery = z.infer<typeof StockBalanceQuery>;

export const StockMovementQuery = z.object({
  item: z.optional(code()),
  warehouse: z.optional(code(32)),
  lot: z.optional(code(64)),
  kind: z.optional(MovementKind),
  from: z.optional(described(IsoDate, 'First day included')),
  to: z.optional(described(IsoDate, 'Last day included')),
  ...pageQueryFields,
});
export type StockMovementQuery = z.infer<typeof StockMovementQuery>;
