export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 60_000 };

/**
 * Delay before the next attempt after `failures` failed ones: exponential, capped, with "equal
 * jitter" (half fixed, half random) so that phones coming back online together spread out yet
 * never retry at once. A server's Retry-After wins when longer.
 */
export function backoffDelay(
  failures: number,
  policy: BackoffPolicy,
  random: number,
  retryAfterMs = 0,
): number {
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, failures - 1));
  const jittered = exponential / 2 + (random * exponential) / 2;
  return Math.max(Math.round(jittered), retryAfterMs);
}
