/** Retry timing of deliveries: exponential with jitter, capped (first retries within seconds). */
export const BACKOFF_BASE_MS = 2_000;
export const BACKOFF_MAX_MS = 300_000;
/** A connector's sync-failure alert opens after this many consecutive failed deliveries unless set. */
export const DEFAULT_ALERT_AFTER_FAILURES = 2;
/** A delivery that failed this often is 'dead': shown for replay and retried at the longest back-off. */
export const ALERT_AFTER_ATTEMPTS = 8;

/**
 * Delay before the next attempt once `attempts` attempts have failed: base·2^(attempts−1), capped at
 * the maximum, then "equal jitter" (between half and all of it) so replicas and connectors that
 * failed together do not retry in lockstep. From ALERT_AFTER_ATTEMPTS on it stays at the maximum.
 */
export function backoffDelay(attempts: number, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempts, 1) - 1, 30);
  const ceiling =
    attempts >= ALERT_AFTER_ATTEMPTS
      ? BACKOFF_MAX_MS
      : Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** exponent);
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
