import { roundQty } from '@shopfloor/bom-engine';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatQty } from '../src/format/quantity.js';

describe('formatQty', () => {
  it('prints any rounded quantity in plain decimals that read back as the same number', () => {
    const quantity = fc
      .tuple(fc.double({ min: 1e-9, max: 1e12, noNaN: true }), fc.integer({ min: 0, max: 12 }))
      .map(([value, places]) => roundQty(value, places))
      .filter((value) => value > 0);
    fc.assert(
      fc.property(quantity, (qty) => {
        const text = formatQty(qty);
        expect(text).toMatch(/^\d+(\.\d+)?$/);
        expect(Number(text)).toBe(qty);
      }),
      { numRuns: 500 },
    );
  });
});
