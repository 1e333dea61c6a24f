import type { Context } from 'hono';

/** Records one POST /sync/inbound/{connectorId} takes. */
export const MAX_INBOUND_RECORDS = 10_000;

/**
 * The body limit of an inbound batch: 10,000 records with their envelopes run to a few MB, past
 * the app's 1 MB; 20 MB leaves 2 KB a record.
 */
export const INBOUND_MAX_BYTES = 20 * 1024 * 1024;

/** True for `POST …/sync/inbound/{connectorId}`: the route enforces INBOUND_MAX_BYTES instead of 1 MB. */
export function isInboundBatch(c: Context): boolean {
  return c.req.method === 'POST' && /\/sync\/inbound\/[^/]+$/.test(c.req.path);
}
