import type { HttpMethod } from './transport.js';

export interface RetryPolicy {
  /** Retries after the first attempt (0 = never retry). */
  limit: number;
  /** Backoff ceiling of the first retry; doubles with each further retry. */
  baseDelayMs: number;
  /** Longest wait between attempts; a Retry-After longer than this ends the retries. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { limit: 2, baseDelayMs: 300, maxDelayMs: 10_000 };

/**
 * A request may be sent twice only when a repeat cannot apply it twice: reads, and writes the
 * server deduplicates by their Idempotency-Key.
 */
export function isSafeToRepeat(method: HttpMethod, idempotencyKey: string | undefined): boolean {
  if (method === 'GET' || method === 'HEAD') return true;
  return idempotencyKey !== undefined && idempotencyKey !== '';
}

/**
 * Milliseconds to wait before retry number `retry` (0-based): the server's Retry-After when it
 * sent one, else exponential backoff with full jitter. `undefined` when the server asks for a
 * longer wait than the policy allows: better to fail now and let the caller (the outbox) reschedule.
 */
export function retryDelay(
  retry: number,
  policy: RetryPolicy,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number | undefined {
  if (retryAfterMs !== undefined) return retryAfterMs <= policy.maxDelayMs ? retryAfterMs : undefined;
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}

/** Parses Retry-After: delay seconds (`120`) or an HTTP date. `undefined` when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // HTTP dates always name a weekday or month; Date.parse would also take '-5' as a year.
  const at = /[a-z]/i.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
