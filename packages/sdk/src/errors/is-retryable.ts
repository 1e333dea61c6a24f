import { ShopfloorError } from './shopfloor-error.js';

/**
 * Whether sending the same request again (with the same Idempotency-Key) may succeed: network
 * failures, timeouts, 429, 5xx and 409 in-flight are worth retrying; other answers are final.
 */
export function isRetryable(error: unknown): boolean {
  return error instanceof ShopfloorError && error.retryable;
}
