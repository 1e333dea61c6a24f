import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbitraryBom, furnitureDocument } from '../../test/mrp-fixtures.js';
import { compileBom } from '../compile.js';
import type { BomDocument } from '../types.js';
import { leadTime, leadTimes } from './lead-time.js';

const DATE = '2026-06-01';

/** The definition, recursively and straight from the document. */
function referenceLeadTime(doc: BomDocument, code: string): number {
  const item = doc.items.find((i) => i.code === code)!;
  const own = item.type === 'phantom' ? 0 : (item.leadTime ?? 0);
  if (item.type === 'buy') return own;
  const children = doc.bomLines.filter((l) => l.parent === code).map((l) => referenceLeadTime(doc, l.child));
  return own + Math.max(0, ...children);
}

describe('leadTime', () => {
  const bom = compileBom(furnitureDocument());

  it('finds the critical path of the table through the purchased legs', () => {
    expect(leadTime(bom, { item: 'TABLE', date: DATE })).toEqual({
      item: 'TABLE',
      date: DATE,
      days: 13,
      path: ['TABLE', 'LEG'],
    });
  });

  it('follows the steel legs once they are effective', () => {
    expect(leadTime(bom, { item: 'TABLE', date: '2027-01-01' })).toMatchObject({
      days: 17,
      path: ['TABLE', 'LEG-STEEL'],
    });
  });

  it('adds the make lead time of a sub-assembly to its longest component', () => {
    expect(leadTime(bom, { item: 'TOP', date: DATE })).toMatchObject({ days: 9, path: ['TOP', 'BOARD'] });
  });

  it('gives a phantom no lead time of its own', () => {
    expect(leadTime(bom, { item: 'KIT', date: DATE })).toMatchObject({ days: 5, path: ['KIT', 'SCREW'] });
  });

  it('rejects an unknown item', () => {
    expect(() => leadTime(bom, { item: 'DESK' })).toThrow(expect.objectContaining({ code: 'UNKNOWN_ITEM' }));
  });

  it('lists every item with the next step of its critical path', () => {
    const all = new Map(leadTimes(bom, { date: DATE }).items.map((t) => [t.item, t]));
    expect(all.size).toBe(bom.itemCount);
    expect(all.get('TABLE')).toEqual({ item: 'TABLE', days: 13, next: 'LEG' });
    expect(all.get('SCREW')).toEqual({ item: 'SCREW', days: 5, next: null });
  });

  it('equals the recursive maximum on random BOMs, along a path whose lead times add up', () => {
    fc.assert(
      fc.property(arbitraryBom({ fractional: false, missingCosts: false }), (doc) => {
        const bom = compileBom(doc);
        const own = new Map(doc.items.map((i) => [i.code, i.type === 'phantom' ? 0 : (i.leadTime ?? 0)]));
        for (const item of doc.items) {
          const result = leadTime(bom, { item: item.code, date: DATE });
          expect(result.days).toBe(referenceLeadTime(doc, item.code));
          expect(result.path.reduce((sum, code) => sum + own.get(code)!, 0)).toBe(result.days);
          for (let i = 1; i < result.path.length; i++) {
            expect(
              doc.bomLines.some((l) => l.parent === result.path[i - 1] && l.child === result.path[i]),
            ).toBe(true);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('agrees item by item with the all-items pass on random BOMs', () => {
    fc.assert(
      fc.property(arbitraryBom({ fractional: false, missingCosts: false }), (doc) => {
        const bom = compileBom(doc);
        for (const t of leadTimes(bom, { date: DATE }).items) {
          const one = leadTime(bom, { item: t.item, date: DATE });
          expect(one.days).toBe(t.days);
          expect(one.path[1] ?? null).toBe(t.next);
        }
      }),
      { numRuns: 100 },
    );
  });
});
