import * as z from 'zod/mini';
import { described, named } from './common.js';

/** Last path segment of problem `type` URIs with a meaning the SDK acts on. */
export const PROBLEM_TYPES = {
  /** 409: the Idempotency-Key is still being processed; retry later for the stored answer. */
  idempotencyInFlight: 'idempotency-in-flight',
  /** 422: the Idempotency-Key was used before with another body. */
  idempotencyMismatch: 'idempotency-mismatch',
} as const;

/**
 * The problems an operator, approver or storekeeper can meet, by code (the last segment of the
 * problem `type`) with the names of the `params` each one carries. The server sends only these to
 * the floor; the app words every one of them in the reader's language from the code and params.
 */
export const FLOOR_PROBLEMS = {
  // sign-in and the connection
  unauthorized: [],
  /** a role refusal sends `roles`, the ones that would do, comma-separated */
  forbidden: [],
  'user-inactive': [],
  degraded: [],
  'too-large': [],
  /** 429 on sign-in: `retryAfter` seconds, also in the Retry-After header */
  'too-many-sign-ins': ['retryAfter'],
  'idempotency-in-flight': [],
  'idempotency-mismatch': [],
  validation: [],
  // scanning (the SDK's QR parser, before anything is sent)
  'operation-qr': ['reason', 'scanned'],
  // 报工
  'work-order-not-found': ['workOrderNo'],
  'operation-not-found': ['workOrderNo', 'seq'],
  'operation-out-of-scope': ['workOrderNo', 'seq', 'workshop', 'workshopName', 'yourWorkshops'],
  'work-order-out-of-scope': ['workOrderNo', 'yourWorkshops'],
  'quantity-precision': ['field', 'item', 'uom', 'precision', 'got'],
  'work-order-not-reportable': ['workOrderNo', 'status'],
  'work-order-stopped': ['workOrderNo', 'status'],
  // a later operation sends previousSeq + previousGood instead of orderQty
  'operation-sequence': ['seq', 'asked', 'reported', 'orderQty'],
  'lot-not-found': ['lot'],
  'lot-item-mismatch': ['lot', 'item', 'expected'],
  'no-receipt-location': [],
  // 领料申请
  'issue-request-not-found': ['request'],
  'unknown-warehouse': ['warehouse'],
  'warehouse-out-of-scope': ['warehouse'],
  'own-request': ['verb'],
  'not-requester': ['verb'],
  'request-not-pending': ['request', 'status'],
  'request-not-draft': ['request', 'status'],
  'work-order-not-open': ['workOrderNo', 'status'],
  'nothing-approved': [],
  // 紧急领料 and 调拨
  'emergency-not-allowed': ['warehouse', 'workOrderNo'],
  'emergency-posted': ['request'],
  'transfer-not-found': ['transfer'],
  'transfer-not-pending': ['transfer', 'status'],
  'insufficient-stock': ['item', 'location', 'available', 'needed'],
  // 盘点 (the server also sends `count`, the task's id, where it names one)
  'count-not-found': [],
  'count-not-open': ['status'],
  'count-not-pending': ['status'],
  'count-not-counted': ['status'],
  'own-count': ['verb'],
  'count-already-open': ['item', 'location'],
  'count-lot-mismatch': ['lot', 'expected'],
  'count-plan-exists': ['week'],
  'count-blind': [],
} as const satisfies Record<string, readonly string[]>;
export type FloorProblem = keyof typeof FLOOR_PROBLEMS;

export const FieldError = z.object({
  path: described(z.string(), 'Dotted path of the field, e.g. `lines.0.qty`'),
  message: z.string(),
  code: z.optional(
    described(
      z.string(),
      'The check that failed: too_small, too_big, invalid_type, invalid_format, invalid_value…',
    ),
  ),
  params: z.optional(
    described(
      z.record(z.string(), z.union([z.string(), z.number()])),
      'What the check wanted (minimum, maximum, exclusive, origin, expected, format, values), for clients that word it',
    ),
  ),
});
export type FieldError = z.infer<typeof FieldError>;

/** RFC 9457 problem details (`application/problem+json`), the body of every error answer. */
export const Problem = named(
  z.looseObject({
    type: described(
      z.string(),
      'URI naming the kind of problem; its last segment is a PROBLEM_TYPES value when one applies',
    ),
    title: z.string(),
    status: z.int(),
    detail: z.optional(z.string()),
    instance: z.optional(z.string()),
    errors: z.optional(z.array(FieldError)),
    params: z.optional(
      described(
        z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
        'The values in `detail` (item, quantities, status…), for clients that word the problem in their own language',
      ),
    ),
  }),
  'Problem',
  'Problem details (application/problem+json)',
);
export type Problem = z.infer<typeof Problem>;
