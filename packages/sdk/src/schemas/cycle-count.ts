import * as z from 'zod/mini';
import { code, described, Id, IsoDate, IsoDateTime, NonNegativeQuantity, named, Quantity } from './common.js';
import { AbcClass } from './item.js';

export const CycleCountPlanStatus = z.enum(['planned', 'in-progress', 'completed', 'cancelled']);
export type CycleCountPlanStatus = z.infer<typeof CycleCountPlanStatus>;

/** 盘点计划: which balances to count, and when. */
export const CycleCountPlan = named(
  z.object({
    id: Id,
    warehouse: code(32),
    scheduledFor: IsoDate,
    status: CycleCountPlanStatus,
    abcClass: z.optional(described(AbcClass, 'Count only items of this class')),
    items: z.optional(described(z.array(code()), 'Count only these items')),
    locations: z.optional(z.array(code(32))),
    blind: z.optional(described(z.boolean(), 'Counters do not see the book quantity')),
    createdAt: z.optional(IsoDateTime),
  }),
  'CycleCountPlan',
);
export type CycleCountPlan = z.infer<typeof CycleCountPlan>;

/** One count of one balance; an approved variance becomes an adjustment movement. */
export const CycleCount = named(
  z.object({
    id: Id,
    planId: Id,
    item: code(),
    warehouse: code(32),
    location: z.optional(code(32)),
    lot: z.optional(code(64)),
    bookQty: described(Quantity, 'Quantity on the books when counted (hidden from blind counters)'),
    countedQty: NonNegativeQuantity,
    variance: described(Quantity, 'countedQty - bookQty'),
    countedBy: code(64),
    countedAt: IsoDateTime,
  }),
  'CycleCount',
);
export type CycleCount = z.infer<typeof CycleCount>;
