import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roundQty } from '../src/index.js';

/** roundQty as it was before the near-half shortcut: every value within 1e-7 of a half formatted by toPrecision. */
function roundQtyByFormatting(value: number, places = 6): number {
  if (value === 0 || !Number.isFinite(value)) return value;
  const scale = 10 ** places;
  const raw = value * scale;
  const floor = Math.floor(raw);
  const frac = raw - floor;
  if ((frac < 0.4999999 || frac > 0.5000001) && Math.abs(raw) < 4e15) {
    return (frac < 0.5 ? floor : floor + 1) / scale + 0;
  }
  const scaled = Number(raw.toPrecision(15));
  return (Math.sign(scaled) * Math.round(Math.abs(scaled))) / scale + 0;
}

const bits = new Float64Array(1);
const word = new BigInt64Array(bits.buffer);
/** The double `steps` units in the last place away from a positive `x`. */
function ulpsAway(x: number, steps: number): number {
  bits[0] = x;
  word[0] += BigInt(steps);
  return bits[0]!;
}

/** Scaled values right at the bound where 15-digit snapping starts to reach the half, a few ulps either side. */
const nearTheBound = fc
  .record({
    digits: fc.integer({ min: 0, max: 15 }),
    mantissa: fc.double({ min: 0, max: 1, noNaN: true }),
    halfPlaces: fc.integer({ min: 0, max: 3 }),
    steps: fc.integer({ min: -6, max: 6 }),
    places: fc.integer({ min: 0, max: 9 }),
  })
  .map(({ digits, mantissa, halfPlaces, steps, places }) => {
    const floor = digits === 0 ? 0 : Math.floor(10 ** (digits - 1) * (1 + 9 * mantissa));
    // halfPlaces 1 is the bound itself; 0, 2, 3 land in the window on either side of it.
    const bound = floor + 0.5 - (halfPlaces - 1) * 5 * 10 ** (digits - 16);
    const scale = 10 ** places;
    return { value: ulpsAway(bound / scale, steps), places };
  });

/** Anywhere in the ±1e-7 window around a half, where the shortcut decides instead of toPrecision. */
const inTheWindow = fc
  .record({
    floor: fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 2 ** 50 })),
    offset: fc.double({ min: -1e-7, max: 1e-7, noNaN: true }),
    places: fc.integer({ min: 0, max: 9 }),
    negative: fc.boolean(),
  })
  .map(({ floor, offset, places, negative }) => ({
    value: ((negative ? -1 : 1) * (floor + 0.5 + offset)) / 10 ** places,
    places,
  }));

const anyQuantity = fc.record({
  value: fc.double({ noNaN: true }),
  places: fc.integer({ min: 0, max: 15 }),
});

/** Products of short decimals, the values explosions really round (1.01 × 1.05 × …). */
const products = fc
  .record({
    factors: fc.array(fc.integer({ min: 1, max: 99_999 }), { minLength: 1, maxLength: 6 }),
    places: fc.integer({ min: 0, max: 9 }),
  })
  .map(({ factors, places }) => ({ value: factors.reduce((p, f) => p * (f / 1000), 1), places }));

describe('roundQty near a half', () => {
  it('gives the toPrecision answer for every kind of value', () => {
    for (const arb of [nearTheBound, inTheWindow, anyQuantity, products]) {
      fc.assert(
        fc.property(arb, ({ value, places }) => {
          expect(Object.is(roundQty(value, places), roundQtyByFormatting(value, places))).toBe(true);
        }),
        { numRuns: 20_000 },
      );
    }
  });

  it('decides on each side of the 15-digit bound', () => {
    // The bound for 0.5 is 0.5 − 5e-16: 0.4999999999999994 snaps to 0.499999999999999, …96 to 0.5.
    expect(roundQty(0.4999999999999994, 0)).toBe(0);
    expect(roundQty(0.4999999999999996, 0)).toBe(1);
    // Two integer digits' worth less room: the bound for 2.5 is 2.5 − 5e-15.
    expect(roundQty(2.499999999999996, 0)).toBe(3);
    expect(roundQty(2.499999999999994, 0)).toBe(2);
    expect(roundQty(1.0000005, 6)).toBe(1.000001);
    expect(roundQty(-1.0000005, 6)).toBe(-1.000001);
  });
});
