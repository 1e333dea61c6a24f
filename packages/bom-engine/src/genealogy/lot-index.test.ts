import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LotIndex } from './lot-index.js';

describe('LotIndex', () => {
  it('gives dense ids in first-seen order and finds every code again after growing far past its hint', () => {
    const index = new LotIndex(4);
    const codes = Array.from({ length: 20_000 }, (_, i) => `LOT-${i}`);
    expect(codes.map((code) => index.intern(code))).toEqual(codes.map((_, i) => i));
    expect(index.size).toBe(codes.length);
    expect(codes.every((code, i) => index.get(code) === i && index.intern(code) === i)).toBe(true);
    expect(index.get('LOT-20000')).toBe(-1);
  });

  it('behaves like a Map from code to first-seen position for any codes, Chinese included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string({ minLength: 1 }), fc.constantFrom('批次-1', '批次-2', 'A'))),
        (codes) => {
          const index = new LotIndex(2);
          const reference = new Map<string, number>();
          for (const code of codes) {
            if (!reference.has(code)) reference.set(code, reference.size);
            expect(index.intern(code)).toBe(reference.get(code));
          }
          expect(index.size).toBe(reference.size);
          expect(index.codes).toEqual([...reference.keys()]);
        },
      ),
      { numRuns: 200 },
    );
  });
});
