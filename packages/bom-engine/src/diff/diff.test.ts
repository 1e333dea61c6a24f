import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbitraryBom, furnitureDocument } from '../../test/mrp-fixtures.js';
import type { BomDocument, BomLineInput } from '../types.js';
import { type BomDiff, diff } from './diff.js';

/** Applies a diff's line changes to A's lines: what an engineering change order does. */
function applyLines(a: BomDocument, d: BomDiff): BomLineInput[] {
  const removed = new Set(d.lines.removed);
  const replaced = new Map(d.lines.changed.map((c) => [c.before, c.after]));
  const kept = a.bomLines.filter((l) => !removed.has(l)).map((l) => replaced.get(l) ?? l);
  return [...kept, ...d.lines.added];
}

/** A line as a comparable string, defaults filled in, so equal lines compare equal however written. */
function canonical(line: BomLineInput, doc: BomDocument): string {
  const uom = line.uom ?? doc.items.find((i) => i.code === line.child)?.uom;
  return JSON.stringify([
    line.parent,
    line.child,
    line.qty,
    uom,
    line.scrapRate ?? 0,
    line.setupQty ?? 0,
    line.roundingMultiple ?? 0,
    line.effectiveFrom ?? null,
    line.effectiveTo ?? null,
  ]);
}

const multiset = (lines: BomLineInput[], doc: BomDocument) => lines.map((l) => canonical(l, doc)).sort();

/** Random edits of a document: lines dropped, quantities changed, lines added, dates moved, costs changed. */
const editedPair = arbitraryBom({ fractional: true, missingCosts: true }).chain((a) =>
  fc
    .record({
      drop: fc.array(fc.boolean(), { minLength: a.bomLines.length, maxLength: a.bomLines.length }),
      requantify: fc.array(fc.option(fc.constantFrom(1, 2, 7)), {
        minLength: a.bomLines.length,
        maxLength: a.bomLines.length,
      }),
      redate: fc.array(fc.option(fc.constantFrom('2026-01-01', '2027-01-01')), {
        minLength: a.bomLines.length,
        maxLength: a.bomLines.length,
      }),
      extra: fc.array(fc.record({ a: fc.nat(), b: fc.nat(), qty: fc.constantFrom(1, 4) }), { maxLength: 6 }),
      recost: fc.option(fc.nat({ max: 99 })),
    })
    .map(({ drop, requantify, redate, extra, recost }) => {
      const n = a.items.length;
      const lines: BomLineInput[] = [];
      a.bomLines.forEach((l, i) => {
        if (drop[i]) return;
        const edited = { ...l };
        if (requantify[i] != null) edited.qty = requantify[i]!;
        if (redate[i] != null) edited.effectiveFrom = redate[i]!;
        lines.push(edited);
      });
      for (const e of extra) lines.push({ parent: `I${e.a % n}`, child: `I${e.b % n}`, qty: e.qty });
      const items = a.items.map((item) => ({ ...item }));
      if (recost != null) items[recost % n]!.cost = 123;
      return [a, { items, bomLines: lines }] as const;
    }),
);

describe('diff', () => {
  it('finds nothing between a document and itself', () => {
    const doc = furnitureDocument();
    const d = diff(doc, doc);
    expect(d.summary).toEqual({
      itemsAdded: 0,
      itemsRemoved: 0,
      itemsChanged: 0,
      linesAdded: 0,
      linesRemoved: 0,
      linesChanged: 0,
    });
  });

  it('reports an engineering change: the table top gets thicker boards, screws are replaced by dowels', () => {
    const a = furnitureDocument();
    const b = furnitureDocument();
    b.items.push({ code: 'DOWEL', name: '木销', uom: 'pcs', type: 'buy', cost: 0.2 });
    b.bomLines = b.bomLines.filter((l) => l.child !== 'SCREW');
    b.bomLines.push({ parent: 'KIT', child: 'DOWEL', qty: 8 });
    b.bomLines.find((l) => l.child === 'BOARD')!.qty = 1.5;
    const d = diff(a, b);
    expect(d.items.added.map((i) => i.code)).toEqual(['DOWEL']);
    expect(d.lines.removed).toEqual([
      { parent: 'KIT', child: 'SCREW', qty: 16, scrapRate: 0.05, roundingMultiple: 10 },
    ]);
    expect(d.lines.added).toEqual([{ parent: 'KIT', child: 'DOWEL', qty: 8 }]);
    expect(d.lines.changed).toEqual([
      {
        parent: 'TOP',
        child: 'BOARD',
        before: { parent: 'TOP', child: 'BOARD', qty: 1.2, scrapRate: 0.1 },
        after: { parent: 'TOP', child: 'BOARD', qty: 1.5, scrapRate: 0.1 },
        fields: ['qty'],
      },
    ]);
  });

  it('names each changed field of an item', () => {
    const a = furnitureDocument();
    const b = furnitureDocument();
    Object.assign(b.items.find((i) => i.code === 'LEG')!, { cost: 32, leadTime: 12 });
    expect(diff(a, b).items.changed).toEqual([
      { code: 'LEG', before: a.items[2], after: b.items[2], fields: ['leadTime', 'cost'] },
    ]);
  });

  it('treats an absent field as its default: scrap 0 and the child unit are not changes', () => {
    const a: BomDocument = {
      items: [
        { code: 'P', uom: 'pcs', type: 'make' },
        { code: 'C', uom: 'kg', type: 'buy', leadTime: 0 },
      ],
      bomLines: [{ parent: 'P', child: 'C', qty: 2 }],
    };
    const b: BomDocument = {
      items: [
        { code: 'P', uom: 'pcs', type: 'make', precision: 6 },
        { code: 'C', uom: 'kg', type: 'buy' },
      ],
      bomLines: [{ parent: 'P', child: 'C', qty: 2, uom: 'kg', scrapRate: 0, effectiveTo: null }],
    };
    expect(diff(a, b).summary.itemsChanged + diff(a, b).summary.linesChanged).toBe(0);
  });

  it('treats an empty spreadsheet cell (null) like an absent field', () => {
    const a = {
      items: [{ code: 'P', uom: 'pcs', type: 'make', note: 'x' }],
      bomLines: [],
    } as unknown as BomDocument;
    const b = {
      items: [{ code: 'P', uom: 'pcs', type: 'make', note: 'x', cost: null }],
      bomLines: [],
    } as unknown as BomDocument;
    const c = {
      items: [{ code: 'P', uom: 'pcs', type: 'make', note: null }],
      bomLines: [],
    } as unknown as BomDocument;
    expect(diff(a, b).items.changed).toEqual([]);
    expect(diff(a, c).items.changed).toMatchObject([{ code: 'P', fields: ['note'] }]);
  });

  it('pairs a child listed twice under one parent in document order', () => {
    const doc = (q1: number, q2: number): BomDocument => ({
      items: [],
      bomLines: [
        { parent: 'P', child: 'C', qty: q1 },
        { parent: 'P', child: 'C', qty: q2 },
      ],
    });
    const d = diff(doc(1, 2), doc(1, 3));
    expect(d.lines.changed).toHaveLength(1);
    expect(d.lines.changed[0]).toMatchObject({ before: { qty: 2 }, after: { qty: 3 }, fields: ['qty'] });
  });

  it('keeps a dated successor line apart from the line it supersedes', () => {
    const a = furnitureDocument();
    const b = furnitureDocument();
    b.bomLines.find((l) => l.child === 'TOP')!.effectiveTo = '2026-12-31';
    b.bomLines.push({ parent: 'TABLE', child: 'TOP', qty: 1, effectiveFrom: '2027-01-01', scrapRate: 0.02 });
    const d = diff(a, b);
    expect(d.lines.changed).toMatchObject([{ child: 'TOP', fields: ['effectiveTo'] }]);
    expect(d.lines.added).toMatchObject([{ child: 'TOP', effectiveFrom: '2027-01-01' }]);
  });

  it('reads a moved start date as a change of effectiveFrom', () => {
    const a = furnitureDocument();
    const b = furnitureDocument();
    b.bomLines.find((l) => l.child === 'LEG-STEEL')!.effectiveFrom = '2027-03-01';
    expect(diff(a, b).lines.changed).toMatchObject([{ child: 'LEG-STEEL', fields: ['effectiveFrom'] }]);
  });

  it('compares documents that would not compile', () => {
    const a: BomDocument = { items: [], bomLines: [{ parent: 'P', child: 'P', qty: -1 }] };
    const b: BomDocument = { items: [], bomLines: [{ parent: 'P', child: 'P', qty: -2 }] };
    expect(diff(a, b).lines.changed).toMatchObject([{ parent: 'P', child: 'P', fields: ['qty'] }]);
  });

  it('rejects a document without item and line lists', () => {
    expect(() => diff({ items: [] } as unknown as BomDocument, furnitureDocument())).toThrow(
      expect.objectContaining({
        code: 'BAD_DOCUMENT',
        message: 'diff: the first document needs the lists items and bomLines',
      }),
    );
  });

  it('rejects a line it cannot identify', () => {
    const b = { items: [], bomLines: [{ parent: 'P', qty: 1 }] } as unknown as BomDocument;
    expect(() => diff(furnitureDocument(), b)).toThrow(expect.objectContaining({ code: 'BAD_DOCUMENT' }));
  });

  it('finds nothing between any random document and itself', () => {
    fc.assert(
      fc.property(arbitraryBom({ fractional: true, missingCosts: true }), (doc) => {
        expect(Object.values(diff(doc, doc).summary).every((n) => n === 0)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('rebuilds the line set of B from A and the diff, for random edits', () => {
    fc.assert(
      fc.property(editedPair, ([a, b]) => {
        const d = diff(a, b);
        expect(multiset(applyLines(a, d), b)).toEqual(multiset(b.bomLines, b));
        expect(d.lines.changed.every((c) => c.fields.length > 0)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('rebuilds the line set of B from A and the diff, for unrelated documents', () => {
    const doc = arbitraryBom({ fractional: true, missingCosts: true });
    fc.assert(
      fc.property(doc, doc, (a, b) => {
        const d = diff(a, b);
        expect(multiset(applyLines(a, d), b)).toEqual(multiset(b.bomLines, b));
        const itemsAfter = a.items.length - d.summary.itemsRemoved + d.summary.itemsAdded;
        expect(itemsAfter).toBe(b.items.length);
      }),
      { numRuns: 100 },
    );
  });
});
