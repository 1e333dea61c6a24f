import * as z from 'zod/mini';
import { code, Id, IsoDateTime, int, named, PositiveQuantity, pageQueryFields, text } from './common.js';

/** pending: waits for a storekeeper of the receiving warehouse; posted: stock moved; rejected. */
export const TransferStatus = z.enum(['pending', 'posted', 'rejected']);
export type TransferStatus = z.infer<typeof TransferStatus>;

const lineFields = {
  item: code(),
  qty: PositiveQuantity,
  /** Location codes: `from` gives, `to` receives; the lot goes along. */
  from: code(32),
  to: code(32),
  lot: z.optional(code(64)),
};

/** Body of `POST /transfers` (调拨): `to` locations in one warehouse, `from` locations in one. */
export const TransferInput = named(
  z.object({
    lines: z.array(z.object(lineFields)).check(z.minLength(1), z.maxLength(200)),
    comment: z.optional(text(500)),
  }),
  'TransferInput',
);
export type TransferInput = z.infer<typeof TransferInput>;

export const Transfer = named(
  z.object({
    id: Id,
    no: code(40),
    fromWarehouse: code(32),
    toWarehouse: code(32),
    requester: code(64),
    requesterName: z.optional(text(100)),
    status: TransferStatus,
    comment: z.optional(text(500)),
    lines: z.array(z.object({ line: int(0), ...lineFields })),
    createdAt: IsoDateTime,
    decidedBy: z.optional(code(64)),
    decidedByName: z.optional(text(100)),
    decidedAt: z.optional(IsoDateTime),
    decisionComment: z.optional(text(500)),
  }),
  'Transfer',
);
export type Transfer = z.infer<typeof Transfer>;

/** Body of `POST /transfers/{id}/approve` (optional) and `/reject` (comment required). */
export const TransferDecisionInput = z.object({ comment: z.optional(text(500)) });
export const TransferRejectInput = z.object({ comment: text(500) });

/** `warehouse` matches either end of the transfer. */
export const TransferQuery = z.object({
  status: z.optional(TransferStatus),
  warehouse: z.optional(code(32)),
  ...pageQueryFields,
});
export type TransferQuery = z.infer<typeof TransferQuery>;
