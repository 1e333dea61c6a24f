import { describe, expect, it } from 'vitest';
import { BomError, compileBom, validateBom } from '../src/index.js';
import type { BomDocument } from '../src/types.js';
import { tableBom } from './fixtures.js';

function errorOf(doc: unknown): BomError {
  try {
    compileBom(doc as BomDocument);
  } catch (e) {
    if (e instanceof BomError) return e;
    throw e;
  }
  throw new Error('expected a BomError');
}

function withLine(line: Record<string, unknown>): BomDocument {
  const doc = tableBom();
  doc.bomLines.push(line as never);
  return doc;
}

describe('compileBom input checks', () => {
  it('rejects a document without items or lines', () => {
    expect(errorOf({ items: [] }).code).toBe('BAD_DOCUMENT');
    expect(errorOf(null).code).toBe('BAD_DOCUMENT');
  });

  it('names the line and the unknown item', () => {
    const e = errorOf(withLine({ parent: 'TABLE', child: 'GLUE', qty: 1 }));
    expect(e.code).toBe('UNKNOWN_ITEM');
    expect(e.line).toBe(8);
    expect(e.message).toBe("bomLines[8] TABLE > GLUE: unknown child item 'GLUE'");
  });

  it.each([0, -1, Number.NaN, '3', null])('rejects qty %s', (qty) => {
    const e = errorOf(withLine({ parent: 'TABLE', child: 'BOARD', qty }));
    expect(e.code).toBe('BAD_QTY');
    expect(e.message).toMatch(/^bomLines\[8\] TABLE > BOARD: qty must be a positive number/);
  });

  it('rejects a negative scrap rate and a bad setup or rounding', () => {
    expect(errorOf(withLine({ parent: 'TABLE', child: 'BOARD', qty: 1, scrapRate: -0.1 })).code).toBe(
      'BAD_SCRAP',
    );
    expect(errorOf(withLine({ parent: 'TABLE', child: 'BOARD', qty: 1, setupQty: -1 })).code).toBe('BAD_QTY');
    expect(errorOf(withLine({ parent: 'TABLE', child: 'BOARD', qty: 1, roundingMultiple: -5 })).code).toBe(
      'BAD_QTY',
    );
  });

  it('rejects impossible dates and reversed effectivity', () => {
    expect(
      errorOf(withLine({ parent: 'TABLE', child: 'BOARD', qty: 1, effectiveFrom: '2026-02-30' })).code,
    ).toBe('BAD_DATE');
    const e = errorOf(
      withLine({
        parent: 'TABLE',
        child: 'BOARD',
        qty: 1,
        effectiveFrom: '2026-08-01',
        effectiveTo: '2026-07-01',
      }),
    );
    expect(e.code).toBe('BAD_EFFECTIVITY');
  });

  it('rejects a unit that no conversion reaches', () => {
    const e = errorOf(withLine({ parent: 'TABLE', child: 'TUBE', qty: 1, uom: 'kg' }));
    expect(e.code).toBe('UOM_CONVERSION');
    expect(e.message).toContain('no conversion from kg to m');
  });

  it('rejects duplicate item codes and bad item types', () => {
    const doc = tableBom();
    doc.items.push({ code: 'LEG', uom: 'pcs', type: 'make' });
    expect(errorOf(doc).code).toBe('DUPLICATE_ITEM');
    const doc2 = tableBom();
    doc2.items.push({ code: 'X', uom: 'pcs', type: 'virtual' as never });
    expect(errorOf(doc2).message).toBe("items[7] X: type must be make, buy or phantom, got 'virtual'");
  });

  it('reports a cycle with its path', () => {
    const doc = tableBom();
    doc.bomLines.push({ parent: 'SCREW', child: 'TOP', qty: 1 });
    const e = errorOf(doc);
    expect(e.code).toBe('BOM_CYCLE');
    expect(e.path).toEqual(['TOP', 'SCREW', 'TOP']);
    expect(e.message).toBe('BOM cycle TOP > SCREW > TOP');
  });

  it('reports a self-reference as a cycle', () => {
    expect(errorOf(withLine({ parent: 'LEG', child: 'LEG', qty: 1 })).message).toBe('BOM cycle LEG > LEG');
  });

  it('collects every problem in issues, not only the first', () => {
    const doc = tableBom();
    doc.bomLines.push(
      { parent: 'TABLE', child: 'GLUE', qty: 1 },
      { parent: 'TABLE', child: 'BOARD', qty: -2 },
    );
    const e = errorOf(doc);
    expect(e.issues.map((i) => i.code)).toEqual(['UNKNOWN_ITEM', 'BAD_QTY']);
  });
});

describe('validateBom', () => {
  it('finds nothing wrong with a sound BOM', () => {
    expect(validateBom(tableBom())).toEqual([]);
  });

  it('warns about a bought item with lines, an empty phantom and a repeated line', () => {
    const doc = tableBom();
    doc.items.push({ code: 'EMPTY', uom: 'set', type: 'phantom' });
    doc.bomLines.push({ parent: 'BOARD', child: 'SCREW', qty: 1 }, { parent: 'LEG', child: 'SCREW', qty: 1 });
    const issues = validateBom(doc);
    expect(issues.every((i) => i.severity === 'warning')).toBe(true);
    expect(issues.map((i) => i.code).sort()).toEqual([
      'BUY_ITEM_WITH_BOM',
      'DUPLICATE_LINE',
      'EMPTY_PHANTOM',
    ]);
    expect(() => compileBom(doc)).not.toThrow();
  });

  it('does not warn about the same child on lines whose dates do not overlap', () => {
    const doc = tableBom();
    doc.bomLines[4] = { parent: 'TOP', child: 'BOARD', qty: 1, effectiveTo: '2026-06-30' };
    doc.bomLines.push({ parent: 'TOP', child: 'BOARD', qty: 2, effectiveFrom: '2026-07-01' });
    expect(validateBom(doc)).toEqual([]);
  });
});
