import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BomError, compileBom, roundQty } from '../src/index.js';
import type { BomDocument } from '../src/types.js';
import { arbDag } from './arbitraries.js';
import { toRounded } from './rational.js';
import { referenceExplode, referenceWhereUsed } from './reference.js';

const date = '2026-11-25';
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));

describe('explosion properties on random DAGs', () => {
  it('explode equals an exact per-path reference', () => {
    fc.assert(
      fc.property(arbDag({ phantoms: true }), fc.constantFrom(1, 3, 7, 0.5, 12.5), (doc, qty) => {
        const bom = compileBom(doc);
        for (const root of doc.items) {
          const got = bom.explode({ item: root.code, qty, date }).requirements;
          const want = referenceExplode(doc, root.code, qty);
          expect(new Map(got.map((r) => [r.item, r.qty]))).toEqual(
            new Map([...want].map(([item, q]) => [item, toRounded(q)])),
          );
        }
      }),
      { numRuns: 150 },
    );
  });

  it('whereUsed is the dual of explode', () => {
    fc.assert(
      fc.property(arbDag({ phantoms: true }), fc.constantFrom(1, 4, 2.5), (doc, q) => {
        const bom = compileBom(doc);
        for (const x of doc.items) {
          if (x.type === 'phantom') continue;
          const usedIn = bom.whereUsed({ item: x.code, date }).usedIn;
          for (const u of usedIn) {
            const need = bom
              .explode({ item: u.item, qty: q, date })
              .requirements.find((r) => r.item === x.code);
            expect(need).toBeDefined();
            // Both sides are rounded to 6 places: qtyPer's rounding error grows by q, the explosion's does not.
            expect(Math.abs(need!.qty - u.qtyPer * q)).toBeLessThanOrEqual(5e-7 * (1 + q) + 1e-12);
          }
          // and nothing that explodes into x is missing from its where-used
          const users = new Set(usedIn.map((u) => u.item));
          for (const r of doc.items) {
            if (r.type === 'phantom' || r.code === x.code) continue;
            const reaches = bom
              .explode({ item: r.code, qty: 1, date })
              .requirements.some((req) => req.item === x.code);
            expect(users.has(r.code)).toBe(reaches);
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it('whereUsed matches a naive per-path oracle, phantoms listed and flagged', () => {
    fc.assert(
      fc.property(arbDag({ phantoms: true }), (doc) => {
        const bom = compileBom(doc);
        for (const x of doc.items) {
          const want = referenceWhereUsed(doc, x.code);
          const got = bom.whereUsed({ item: x.code, date }).usedIn;
          expect(new Map(got.map((u) => [u.item, u]))).toEqual(
            new Map(
              [...want].map(([item, w]) => [
                item,
                {
                  item,
                  qtyPer: toRounded(w.qtyPer),
                  direct: w.direct,
                  endItem: w.endItem,
                  type: w.type,
                  lowLevelCode: bom.itemInfo(item).lowLevelCode,
                  ...(w.type === 'phantom' ? { phantom: true } : {}),
                },
              ]),
            ),
          );
          // leaving phantoms out removes exactly the phantom rows
          const real = bom.whereUsed({ item: x.code, date, includePhantoms: false }).usedIn;
          expect(real).toEqual(got.filter((u) => u.type !== 'phantom'));
        }
      }),
      { numRuns: 150 },
    );
  });

  it("explode equals explodeSummary rounded to each item's precision", () => {
    fc.assert(
      fc.property(
        arbDag({ phantoms: true, setupAndRounding: true }),
        fc.constantFrom(1, 3, 0.5, 12.5, 1e-4),
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 18, maxLength: 18 }),
        (doc, qty, precisions) => {
          const withPrecision = {
            ...doc,
            items: doc.items.map((item, i) => ({ ...item, precision: precisions[i]! })),
          };
          const bom = compileBom(withPrecision);
          for (const root of withPrecision.items) {
            const full = bom.explode({ item: root.code, qty, date });
            const summary = bom.explodeSummary({ item: root.code, qty, date });
            expect(full.item).toBe(summary.item);
            expect(full.requirements).toEqual(
              Array.from(summary.items, (v, i) => {
                const info = bom.itemInfo(bom.graph.codes[v]!);
                return {
                  item: info.code,
                  qty: roundQty(summary.qty[i]!, info.precision),
                  uom: info.uom,
                  type: info.type,
                  lowLevelCode: info.lowLevelCode,
                };
              }),
            );
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('tree rows sum to the summary when no setup or rounding applies', () => {
    fc.assert(
      fc.property(arbDag({ phantoms: true, maxItems: 12 }), (doc) => {
        const bom = compileBom(doc);
        const root = doc.items[0]!.code;
        const sums = new Map<string, number>();
        for (const row of bom.explodeTree({ item: root, qty: 3, date })) {
          if (row.type !== 'phantom') sums.set(row.item, (sums.get(row.item) ?? 0) + row.qty);
        }
        const summary = bom.explode({ item: root, qty: 3, date }).requirements;
        expect(summary.length).toBe(sums.size);
        for (const r of summary) expect(close(sums.get(r.item)!, r.qty)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('every line goes from a lower to a higher low-level code', () => {
    fc.assert(
      fc.property(arbDag({ phantoms: true }), (doc) => {
        const bom = compileBom(doc);
        for (const l of doc.bomLines) {
          expect(bom.itemInfo(l.child).lowLevelCode).toBeGreaterThan(bom.itemInfo(l.parent).lowLevelCode);
        }
      }),
    );
  });

  it('setup and rounding never lower a requirement', () => {
    fc.assert(
      fc.property(arbDag({ setupAndRounding: true }), (doc) => {
        const plain: BomDocument = {
          items: doc.items,
          bomLines: doc.bomLines.map(({ setupQty: _s, roundingMultiple: _r, ...l }) => l),
        };
        const root = doc.items[0]!.code;
        const withExtras = new Map(
          compileBom(doc)
            .explode({ item: root, qty: 2, date })
            .requirements.map((r) => [r.item, r.qty]),
        );
        for (const r of compileBom(plain).explode({ item: root, qty: 2, date }).requirements) {
          expect(withExtras.get(r.item)! + 1e-9).toBeGreaterThanOrEqual(r.qty);
        }
      }),
    );
  });

  it('always finds a cycle closed by a back edge, with a path of real lines', () => {
    fc.assert(
      fc.property(
        arbDag({ maxItems: 15 }).filter((d) => d.bomLines.length > 0),
        fc.nat(),
        fc.nat(),
        (doc, pick, hop) => {
          // walk down from a line's parent, then close the loop back to it
          const start = doc.bomLines[pick % doc.bomLines.length]!;
          let bottom = start.child;
          for (let i = 0; i < hop % 4; i++) {
            const next = doc.bomLines.find((l) => l.parent === bottom);
            if (!next) break;
            bottom = next.child;
          }
          const cyclic: BomDocument = {
            items: doc.items,
            bomLines: [...doc.bomLines, { parent: bottom, child: start.parent, qty: 1 }],
          };
          let error: unknown;
          try {
            compileBom(cyclic);
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(BomError);
          const path = (error as BomError).path!;
          expect((error as BomError).code).toBe('BOM_CYCLE');
          expect(path[0]).toBe(path.at(-1));
          const lines = new Set(cyclic.bomLines.map((l) => `${l.parent}>${l.child}`));
          for (let i = 0; i + 1 < path.length; i++) expect(lines.has(`${path[i]}>${path[i + 1]}`)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});
