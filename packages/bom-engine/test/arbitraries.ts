import fc from 'fast-check';
import type { BomDocument, BomLineInput, ItemType } from '../src/types.js';

export const QTYS = [1, 2, 3, 4, 0.5, 0.25, 0.1, 0.2, 1.5, 2.5, 0.3];
export const SCRAPS = [0, 0, 0, 0.02, 0.05, 0.1];

export interface DagOptions {
  maxItems?: number;
  phantoms?: boolean;
  setupAndRounding?: boolean;
}

/**
 * Random acyclic BOMs: items are created in a random order and a line always points from an
 * earlier item to a later one, so the structure is a DAG with shared components.
 */
export function arbDag(opts: DagOptions = {}): fc.Arbitrary<BomDocument> {
  const maxItems = opts.maxItems ?? 18;
  return fc.integer({ min: 2, max: maxItems }).chain((n) =>
    fc
      .record({
        types: fc.array(
          fc.constantFrom<ItemType>('make', 'make', 'buy', ...(opts.phantoms ? (['phantom'] as const) : [])),
          {
            minLength: n,
            maxLength: n,
          },
        ),
        lines: fc.array(
          fc.record({
            a: fc.nat(n - 1),
            b: fc.nat(n - 1),
            qty: fc.constantFrom(...QTYS),
            scrap: fc.constantFrom(...SCRAPS),
            setup: opts.setupAndRounding ? fc.constantFrom(0, 0, 1, 2.5) : fc.constant(0),
            rounding: opts.setupAndRounding ? fc.constantFrom(0, 0, 1, 5) : fc.constant(0),
          }),
          { maxLength: n * 3 },
        ),
      })
      .map(({ types, lines }) => {
        const items = types.map((type, i) => ({ code: `I${i}`, name: `物料${i}`, uom: 'pcs', type }));
        const bomLines: BomLineInput[] = [];
        for (const l of lines) {
          if (l.a === l.b) continue;
          const [p, c] = l.a < l.b ? [l.a, l.b] : [l.b, l.a];
          const line: BomLineInput = { parent: `I${p}`, child: `I${c}`, qty: l.qty, scrapRate: l.scrap };
          if (l.setup) line.setupQty = l.setup;
          if (l.rounding) line.roundingMultiple = l.rounding;
          bomLines.push(line);
        }
        return { items, bomLines };
      }),
  );
}
