import * as z from 'zod/mini';
import { described, named } from './common.js';

export const HealthStatus = z.enum(['ok', 'degraded', 'down']);
export type HealthStatus = z.infer<typeof HealthStatus>;

export const HealthCheck = z.object({
  status: HealthStatus,
  detail: z.optional(z.string()),
  latencyMs: z.optional(z.number().check(z.minimum(0))),
});
export type HealthCheck = z.infer<typeof HealthCheck>;

/** Answer of `GET /health` (200 when ok or degraded, 503 when down). */
export const Health = named(
  z.object({
    status: HealthStatus,
    version: z.optional(z.string()),
    checks: described(z.record(z.string(), HealthCheck), 'Per dependency: database, sync, platform…'),
  }),
  'Health',
);
export type Health = z.infer<typeof Health>;
