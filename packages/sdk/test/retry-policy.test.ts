import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSafeToRepeat, parseRetryAfter, type RetryPolicy, retryDelay } from '../src/index.js';

const policy = fc.record({
  limit: fc.integer({ min: 0, max: 10 }),
  baseDelayMs: fc.integer({ min: 1, max: 10_000 }),
  maxDelayMs: fc.integer({ min: 1, max: 60_000 }),
});

describe('retryDelay', () => {
  it('waits between zero and the capped exponential ceiling (full jitter)', () => {
    fc.assert(
      fc.property(
        policy,
        fc.integer({ min: 0, max: 30 }),
        fc.double({ min: 0, max: 0.999_999, noNaN: true }),
        (p, retry, r) => {
          const delay = retryDelay(retry, p, undefined, () => r);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** retry));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reaches the ceiling with the highest random draw', () => {
    const p: RetryPolicy = { limit: 5, baseDelayMs: 100, maxDelayMs: 1000 };
    expect([0, 1, 2, 3, 4].map((retry) => retryDelay(retry, p, undefined, () => 0.999_999_9))).toEqual([
      99, 199, 399, 799, 999,
    ]);
  });

  it("waits exactly the server's Retry-After when it is within the cap", () => {
    fc.assert(
      fc.property(policy, fc.integer({ min: 0, max: 60_000 }), (p, after) => {
        fc.pre(after <= p.maxDelayMs);
        expect(retryDelay(0, p, after)).toBe(after);
      }),
      { numRuns: 100 },
    );
  });

  it('gives up when the server asks for a longer wait than the cap', () => {
    expect(retryDelay(0, { limit: 3, baseDelayMs: 10, maxDelayMs: 1000 }, 5000)).toBeUndefined();
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-07-01T00:00:00Z');

  it('reads delay seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP date', () => {
    expect(parseRetryAfter('Wed, 01 Jul 2026 00:00:30 GMT', now)).toBe(30_000);
  });

  it('never waits a negative time for a date in the past', () => {
    expect(parseRetryAfter('Tue, 30 Jun 2026 23:00:00 GMT', now)).toBe(0);
  });

  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });
});

describe('isSafeToRepeat', () => {
  it('repeats reads, and writes only with an idempotency key', () => {
    expect(isSafeToRepeat('GET', undefined)).toBe(true);
    expect(isSafeToRepeat('HEAD', undefined)).toBe(true);
    expect(isSafeToRepeat('POST', undefined)).toBe(false);
    expect(isSafeToRepeat('PUT', undefined)).toBe(false);
    expect(isSafeToRepeat('POST', 'k-1')).toBe(true);
    expect(isSafeToRepeat('PUT', 'k-1')).toBe(true);
  });
});
