import * as z from 'zod/mini';
import {
  code,
  IsoDate,
  IsoDateTime,
  NonNegativeQuantity,
  named,
  pageQueryFields,
  Quantity,
  text,
} from './common.js';
import { AbcClass } from './item.js';

export const CycleCountStatus = z.enum(['open', 'pending-approval', 'done', 'rejected']);
export type CycleCountStatus = z.infer<typeof CycleCountStatus>;

/**
 * 盘点任务: one balance (item, location, lot) to count. Blind by default: `bookQty`, `variance` and
 * `withinTolerance` are left out for the counter and for anyone who cannot approve the count.
 */
export const CycleCount = named(
  z.object({
    id: z.string(),
    planId: z.nullable(z.string()),
    item: z.string(),
    itemName: z.string(),
    location: z.string(),
    warehouse: z.string(),
    lot: z.nullable(z.string()),
    abcClass: AbcClass,
    status: CycleCountStatus,
    blind: z.boolean(),
    countedQty: z.nullable(Quantity),
    countedBy: z.nullable(z.string()),
    countedByName: z.optional(z.nullable(z.string())),
    countedAt: z.nullable(IsoDateTime),
    /** When this balance was last counted and accepted before this task: the plan's "last counted". */
    lastCountedAt: z.nullable(IsoDateTime),
    /** The balance when counted (locked in the count's transaction); for an open non-blind task, the balance now. */
    bookQty: z.optional(z.nullable(Quantity)),
    variance: z.optional(z.nullable(Quantity)),
    /** Per cent of the book quantity the class allows. */
    tolerancePct: z.number(),
    withinTolerance: z.optional(z.nullable(z.boolean())),
    decidedBy: z.nullable(z.string()),
    decidedByName: z.optional(z.nullable(z.string())),
    decidedAt: z.nullable(IsoDateTime),
    comment: z.nullable(z.string()),
    createdAt: IsoDateTime,
  }),
  'CycleCount',
);
export type CycleCount = z.infer<typeof CycleCount>;

export const CycleCountQuery = z.object({
  status: z.optional(CycleCountStatus),
  warehouse: z.optional(code(32)),
  item: z.optional(code()),
  location: z.optional(code(32)),
  ...pageQueryFields,
});
export type CycleCountQuery = z.infer<typeof CycleCountQuery>;

/** `POST /cycle-counts/{id}/count`: what is on the shelf; `lot` as scanned, checked against the task's. */
export const CountInput = z.object({ qty: NonNegativeQuantity, lot: z.optional(code(64)) });
export type CountInput = z.infer<typeof CountInput>;

/** `POST /cycle-counts`: an ad hoc count of any item-location. */
export const AdHocCountInput = z.object({
  item: code(),
  location: code(32),
  lot: z.optional(code(64)),
  blind: z.optional(z.boolean()),
});
export type AdHocCountInput = z.infer<typeof AdHocCountInput>;

/** approve | reject | recount. */
export const CountDecisionInput = z.object({ comment: z.optional(text(500)) });
export type CountDecisionInput = z.infer<typeof CountDecisionInput>;

/** `POST /cycle-counts/plans`: the week to plan, by its Monday; this week when absent. */
export const CountPlanInput = z.object({ week: z.optional(IsoDate) });
export type CountPlanInput = z.infer<typeof CountPlanInput>;

/** 盘点计划 of one week (Monday, Asia/Shanghai). */
export const CycleCountPlan = named(
  z.object({
    id: z.string(),
    week: IsoDate,
    createdAt: IsoDateTime,
    createdBy: z.string(),
    /** Stocked balances when planned, and how many the plan counts. */
    stocked: z.number(),
    tasks: z.number(),
    byClass: z.record(z.string(), z.number()),
  }),
  'CycleCountPlan',
);
export type CycleCountPlan = z.infer<typeof CycleCountPlan>;
