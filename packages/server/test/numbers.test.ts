import { roundQty } from '@shopfloor/bom-engine';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitsPrecision } from '../src/shared/numbers.js';

/** The double `steps` units in the last place away from `x` (toward +∞ for positive steps). */
function ulpsAway(x: number, steps: number): number {
  if (x === 0) return steps * Number.MIN_VALUE;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigInt64(0);
  // For doubles of one sign, the bit pattern orders like the value (reversed below zero).
  view.setBigInt64(0, bits + BigInt(x < 0 ? -steps : steps));
  return view.getFloat64(0);
}

const places = fc.integer({ min: 0, max: 9 });
/** Whole numbers up to ±10^12: the value n / 10^places has `places` decimals at most. */
const units = fc
  .tuple(fc.integer({ min: -10_000_000, max: 10_000_000 }), fc.integer({ min: 0, max: 99_999 }))
  .map(([high, low]) => high * 100_000 + (high < 0 ? -low : low));

describe('fitsPrecision', () => {
  it('accepts what a client computes, refuses a real extra decimal', () => {
    expect(fitsPrecision(0.1 + 0.2, 6)).toBe(true);
    expect(0.1 + 0.2).toBe(0.30000000000000004);
    expect(fitsPrecision(2.0000000000000004, 0)).toBe(true);
    expect(fitsPrecision(0.1 * 3, 1)).toBe(true);
    expect(fitsPrecision(0.1 + 0.2 - 0.3, 0)).toBe(true); // 5.55e-17: the noise of zero
    expect(fitsPrecision(1.5, 0)).toBe(false);
    expect(fitsPrecision(0.1234567, 6)).toBe(false);
    expect(fitsPrecision(0.0000001, 6)).toBe(false);
    expect(fitsPrecision(2.05, 1)).toBe(false);
    expect(fitsPrecision(Number.NaN, 6)).toBe(false);
    expect(fitsPrecision(Number.POSITIVE_INFINITY, 0)).toBe(false);
  });

  it('accepts n / 10^p, a couple of units in the last place off it, and sums of such values', () => {
    fc.assert(
      fc.property(places, units, fc.integer({ min: -2, max: 2 }), (p, n, steps) => {
        const exact = n / 10 ** p;
        const noisy = ulpsAway(exact, steps);
        expect(fitsPrecision(noisy, p)).toBe(true);
        // What is stored is the decimal the client meant.
        expect(roundQty(noisy, p)).toBe(exact);
      }),
      { numRuns: 2000 },
    );
    // 0.1 + 0.2 in general: two quantities of the same sign added in binary floating point.
    fc.assert(
      fc.property(places, units, units, (p, a, b) => {
        const [x, y] = [Math.abs(a), Math.abs(b)];
        const sum = x / 10 ** p + y / 10 ** p;
        expect(fitsPrecision(sum, p)).toBe(true);
        expect(roundQty(sum, p)).toBe((x + y) / 10 ** p);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses values 10^-(p+1) or more off every multiple of 10^-p', () => {
    // One decimal more than allowed: m / 10^(p+1) with a last digit that is not 0.
    fc.assert(
      fc.property(places, units, fc.integer({ min: 1, max: 9 }), (p, n, digit) => {
        const m = n * 10 + (n < 0 ? -digit : digit);
        expect(fitsPrecision(m / 10 ** (p + 1), p)).toBe(false);
      }),
      { numRuns: 2000 },
    );
    // Anywhere between two multiples, at least a tenth of the step from both.
    fc.assert(
      fc.property(
        places,
        fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
        fc.double({ min: 0.1, max: 0.9, noNaN: true }),
        (p, n, fraction) => {
          expect(fitsPrecision((n + fraction) / 10 ** p, p)).toBe(false);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
