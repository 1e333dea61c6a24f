import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileBom, roundQty } from '../src/index.js';
import { buildRequirements, LARGE_RESULT } from '../src/requirements.js';
import type { BomDocument, ItemType, Requirement } from '../src/types.js';

const date = '2026-11-25';
const UOMS = ['pcs', 'kg', 'm', '件'];
const TYPES: ItemType[] = ['make', 'buy'];

/** One parent over `parts` components of random unit, type and precision: explosions past LARGE_RESULT. */
function wideBom(parts: number, seed: number): BomDocument {
  const random = lcg(seed);
  const items: BomDocument['items'] = [{ code: 'TOP', uom: 'pcs', type: 'make' }];
  const bomLines: BomDocument['bomLines'] = [];
  for (let i = 0; i < parts; i++) {
    const code = `P${i}`;
    const type = TYPES[Math.floor(random() * TYPES.length)]!;
    items.push({ code, uom: UOMS[Math.floor(random() * 4)]!, type, precision: Math.floor(random() * 10) });
    bomLines.push({ parent: 'TOP', child: code, qty: Math.ceil(random() * 9999) / 1000, scrapRate: 0.05 });
  }
  return { items, bomLines };
}

function lcg(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/** The straightforward rows: one lookup of the item's info and roundQty per requirement. */
function plainRows(bom: ReturnType<typeof compileBom>, items: ArrayLike<number>, qty: ArrayLike<number>) {
  return Array.from({ length: items.length }, (_, i): Requirement => {
    const info = bom.itemInfo(bom.graph.codes[items[i]!]!);
    return {
      item: info.code,
      qty: roundQty(qty[i]!, info.precision),
      uom: info.uom,
      type: info.type,
      lowLevelCode: info.lowLevelCode,
    };
  });
}

describe('requirement rows of large and small explosions', () => {
  const bom = compileBom(wideBom(LARGE_RESULT + 50, 7));

  it('builds the same rows as the straightforward mapping on either side of LARGE_RESULT', () => {
    const quantity = fc.oneof(
      fc.double({ min: 1e-6, max: 1e9, noNaN: true }),
      fc.integer({ min: 1, max: 10_000 }),
      // Within 1e-7 of a half at 6 decimals: the exact near-half branch.
      fc.integer({ min: 0, max: 10 ** 9 }).map((n) => (n + 0.5) / 1e6),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(0, 1, 2, LARGE_RESULT - 1, LARGE_RESULT, LARGE_RESULT + 1),
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.array(quantity, { minLength: 1, maxLength: 50 }),
        (count, seed, quantities) => {
          const random = lcg(seed);
          const items = Int32Array.from({ length: count }, () => Math.floor(random() * bom.itemCount));
          const qty = Float64Array.from({ length: count }, (_, i) => quantities[i % quantities.length]!);
          expect(buildRequirements(bom.graph, items, qty, count)).toEqual(plainRows(bom, items, qty));
        },
      ),
      { numRuns: 30 },
    );
  });

  it("explode of a large BOM is explodeSummary rounded to each item's precision", () => {
    for (const qty of [1, 3, 0.7]) {
      const full = bom.explode({ item: 'TOP', qty, date });
      const summary = bom.explodeSummary({ item: 'TOP', qty, date });
      expect(full.requirements.length).toBeGreaterThanOrEqual(LARGE_RESULT);
      expect(full.requirements).toEqual(plainRows(bom, summary.items, summary.qty));
      // Plain arrays of plain objects: what JSON, spread and Array.isArray see is unchanged.
      expect(Array.isArray(full.requirements)).toBe(true);
      expect(JSON.parse(JSON.stringify(full.requirements[0]))).toEqual({ ...full.requirements[0] });
    }
  });
});
