import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbitraryBom, furnitureDocument } from '../../test/mrp-fixtures.js';
import { compileBom } from '../compile.js';
import type { BomDocument } from '../types.js';
import { costOf, costRollup } from './cost.js';

const BEFORE_STEEL = '2026-06-01';
const AFTER_STEEL = '2027-01-01';

/** The definition, recursively and straight from the document. */
function referenceCost(doc: BomDocument, code: string): { unit: number; missing: boolean } {
  const item = doc.items.find((i) => i.code === code)!;
  if (item.type === 'buy') return { unit: item.cost ?? 0, missing: item.cost === undefined };
  let unit = item.type === 'phantom' ? 0 : (item.cost ?? 0);
  let missing = false;
  for (const line of doc.bomLines.filter((l) => l.parent === code)) {
    const child = referenceCost(doc, line.child);
    unit += line.qty * (1 + (line.scrapRate ?? 0)) * child.unit;
    missing ||= child.missing;
  }
  return { unit, missing };
}

describe('costRollup', () => {
  const bom = compileBom(furnitureDocument());
  const costs = (date: string) => new Map(costRollup(bom, { date }).items.map((c) => [c.item, c]));

  it('adds own cost and scrap-inflated component costs of a make item', () => {
    const top = costs(BEFORE_STEEL).get('TOP')!;
    // 20 own + 1.2 m² × 1.1 scrap × 200 + 0.25 L × 40
    expect(top).toEqual({ item: 'TOP', unitCost: 294, materialCost: 274, ownCost: 20, missingCost: false });
  });

  it('passes a phantom kit through at the cost of its components', () => {
    const kit = costs(BEFORE_STEEL).get('KIT')!;
    expect(kit.unitCost).toBe(6.84);
    expect(kit.ownCost).toBe(0);
  });

  it('rolls the finished table up from every level, without float artifacts', () => {
    expect(costs(BEFORE_STEEL).get('TABLE')!.unitCost).toBe(470.84);
  });

  it('follows the lines effective on the date asked', () => {
    expect(costs(AFTER_STEEL).get('TABLE')!.unitCost).toBe(530.84);
  });

  it('leaves setup quantities out of the unit cost because they are paid per order', () => {
    // VARNISH has setupQty 0.5 L per TOP order: 0.5 × 40 would add 20 if it were counted.
    expect(costs(BEFORE_STEEL).get('TOP')!.materialCost).toBe(274);
  });

  it('costs a buy item at its purchase price', () => {
    expect(costs(BEFORE_STEEL).get('LEG')).toEqual({
      item: 'LEG',
      unitCost: 30,
      materialCost: 0,
      ownCost: 30,
      missingCost: false,
    });
  });

  it('uses cost overrides instead of the document costs', () => {
    const table = costOf(bom, 'TABLE', { date: BEFORE_STEEL, costs: { LEG: 35 } });
    expect(table.unitCost).toBe(490.84);
  });

  it('flags every item above a buy item that has no cost', () => {
    const doc = furnitureDocument();
    delete doc.items.find((i) => i.code === 'BRACKET')!.cost;
    const flagged = costRollup(compileBom(doc), { date: BEFORE_STEEL })
      .items.filter((c) => c.missingCost)
      .map((c) => c.item);
    expect(flagged.sort()).toEqual(['BRACKET', 'KIT', 'TABLE']);
  });

  it('rejects an override for an item the BOM does not have', () => {
    expect(() => costRollup(bom, { costs: { DESK: 1 } })).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_ITEM' }),
    );
  });

  it('rejects a negative override', () => {
    expect(() => costRollup(bom, { costs: { LEG: -1 } })).toThrow(
      expect.objectContaining({ code: 'BAD_OPTION' }),
    );
  });

  it('rejects a bad date', () => {
    expect(() => costRollup(bom, { date: '2026-13-01' })).toThrow(
      expect.objectContaining({ code: 'BAD_OPTION' }),
    );
  });

  it('equals the recursive definition on random BOMs', () => {
    fc.assert(
      fc.property(arbitraryBom({ fractional: true, missingCosts: true }), (doc) => {
        const rolled = costRollup(compileBom(doc), { date: BEFORE_STEEL });
        for (const c of rolled.items) {
          const ref = referenceCost(doc, c.item);
          expect(c.unitCost).toBeCloseTo(ref.unit, 5);
          expect(c.missingCost).toBe(ref.missing);
          expect(c.unitCost).toBeCloseTo(c.ownCost + c.materialCost, 5);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('gives costOf the same answer as the full roll-up on random BOMs', () => {
    fc.assert(
      fc.property(arbitraryBom({ fractional: true, missingCosts: true }), (doc) => {
        const bom = compileBom(doc);
        const all = costRollup(bom, { date: BEFORE_STEEL }).items;
        for (const c of all) expect(costOf(bom, c.item, { date: BEFORE_STEEL })).toEqual(c);
      }),
      { numRuns: 100 },
    );
  });
});
