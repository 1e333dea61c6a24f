import * as z from 'zod/mini';
import { described, named } from './common.js';

/** Last path segment of problem `type` URIs with a meaning the SDK acts on. */
export const PROBLEM_TYPES = {
  /** 409: the Idempotency-Key is still being processed; retry later for the stored answer. */
  idempotencyInFlight: 'idempotency-in-flight',
  /** 422: the Idempotency-Key was used before with another body. */
  idempotencyMismatch: 'idempotency-mismatch',
} as const;

export const FieldError = z.object({
  path: described(z.string(), 'Dotted path of the field, e.g. `lines.0.qty`'),
  message: z.string(),
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
