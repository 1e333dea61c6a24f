import { describe, expect, it } from 'vitest';
import { BomError, compileBom, roundQty } from '../src/index.js';
import type { BomDocument } from '../src/types.js';
import { tableBom } from './fixtures.js';

const date = '2026-11-25';
const byItem = (doc: BomDocument, item: string, qty: number) =>
  Object.fromEntries(
    compileBom(doc)
      .explode({ item, qty, date })
      .requirements.map((r) => [r.item, r.qty]),
  );

describe('explode', () => {
  // Requirements come in low-level-code order, then in the document's item order.
  it('sums a shared screw over every level and passes the phantom kit through', () => {
    const result = compileBom(tableBom()).explode({ item: 'TABLE', qty: 10, date });
    expect(result).toMatchObject({ item: 'TABLE', qty: 10, date });
    expect(result.requirements).toEqual([
      { item: 'TOP', qty: 10, uom: 'pcs', type: 'make', lowLevelCode: 1 },
      { item: 'LEG', qty: 40.8, uom: 'pcs', type: 'make', lowLevelCode: 1 },
      // kit 8×10 + top 4×10 + legs 2×40.8
      { item: 'SCREW', qty: 201.6, uom: 'pcs', type: 'buy', lowLevelCode: 2 },
      // 700 mm = 0.7 m per leg
      { item: 'TUBE', qty: 28.56, uom: 'm', type: 'buy', lowLevelCode: 2 },
      { item: 'BOARD', qty: 10, uom: 'pcs', type: 'buy', lowLevelCode: 2 },
    ]);
  });

  it('leaves no float artifacts: 0.1 × 3 is 0.3', () => {
    const doc: BomDocument = {
      items: [
        { code: 'A', uom: 'pcs', type: 'make' },
        { code: 'B', uom: 'kg', type: 'buy' },
      ],
      bomLines: [{ parent: 'A', child: 'B', qty: 0.1 }],
    };
    expect(byItem(doc, 'A', 3)).toEqual({ B: 0.3 });
    expect(byItem(doc, 'A', 0.7)).toEqual({ B: 0.07 });
  });

  it('rounds to the item precision', () => {
    const doc: BomDocument = {
      items: [
        { code: 'A', uom: 'pcs', type: 'make' },
        { code: 'B', uom: 'pcs', type: 'buy', precision: 0 },
        { code: 'C', uom: 'kg', type: 'buy', precision: 3 },
      ],
      bomLines: [
        { parent: 'A', child: 'B', qty: 1, scrapRate: 0.025 },
        { parent: 'A', child: 'C', qty: 0.3333333 },
      ],
    };
    expect(byItem(doc, 'A', 10)).toEqual({ B: 10, C: 3.333 });
  });

  it('honours effectivity bounds inclusively', () => {
    const doc = tableBom();
    doc.bomLines[4] = { parent: 'TOP', child: 'BOARD', qty: 1, effectiveTo: '2026-06-30' };
    doc.bomLines.push({ parent: 'TOP', child: 'GLASS', qty: 1, effectiveFrom: '2026-07-01' });
    doc.items.push({ code: 'GLASS', name: '钢化玻璃', uom: 'pcs', type: 'buy' });
    const bom = compileBom(doc);
    const on = (d: string) => bom.explode({ item: 'TOP', qty: 1, date: d }).requirements.map((r) => r.item);
    expect(on('2026-06-30')).toEqual(['SCREW', 'BOARD']);
    expect(on('2026-07-01')).toEqual(['SCREW', 'GLASS']);
  });

  it('applies setup quantity and rounding once per parent order in summary mode', () => {
    const doc: BomDocument = {
      items: [
        { code: 'P', uom: 'pcs', type: 'make' },
        { code: 'S', uom: 'pcs', type: 'make' },
        { code: 'PAINT', uom: 'kg', type: 'buy' },
        { code: 'BOLT', uom: 'pcs', type: 'buy' },
      ],
      bomLines: [
        { parent: 'P', child: 'S', qty: 2 },
        { parent: 'P', child: 'BOLT', qty: 3, roundingMultiple: 50 },
        { parent: 'S', child: 'PAINT', qty: 0.2, setupQty: 1.5 },
        { parent: 'S', child: 'BOLT', qty: 1, roundingMultiple: 50 },
      ],
    };
    // S: 2×7 = 14; PAINT: 14×0.2 + 1.5 = 4.3; BOLT: ceil50(21) + ceil50(14) = 100
    expect(byItem(doc, 'P', 7)).toEqual({ S: 14, PAINT: 4.3, BOLT: 100 });
  });

  it('explodes a phantom asked for directly', () => {
    expect(byItem(tableBom(), 'KIT', 2)).toEqual({ SCREW: 16 });
  });

  it('answers an item without components with nothing', () => {
    expect(compileBom(tableBom()).explode({ item: 'SCREW', qty: 5, date }).requirements).toEqual([]);
  });

  it('rejects an unknown item, a bad quantity and a bad date with BomError', () => {
    const bom = compileBom(tableBom());
    expect(() => bom.explode({ item: 'CHAIR', qty: 1 })).toThrow(BomError);
    expect(() => bom.explode({ item: 'CHAIR', qty: 1 })).toThrow("unknown item 'CHAIR'");
    expect(() => bom.explode({ item: 'TABLE', qty: 0 })).toThrow(/qty must be a positive number, got 0/);
    expect(() => bom.explode({ item: 'TABLE', qty: 1, date: '25/11/2026' })).toThrow(
      /date must be a calendar date/,
    );
  });

  it('gives the same answer when asked twice (scratch buffers are left clean)', () => {
    const bom = compileBom(tableBom());
    const first = bom.explode({ item: 'TABLE', qty: 3, date });
    bom.whereUsed({ item: 'SCREW', date });
    expect(bom.explode({ item: 'TABLE', qty: 3, date })).toEqual(first);
  });
});

describe('item info', () => {
  it('exposes low-level codes and attributes', () => {
    const bom = compileBom(tableBom());
    expect(bom.itemInfo('SCREW')).toEqual({
      code: 'SCREW',
      name: '螺丝 M6×30',
      uom: 'pcs',
      type: 'buy',
      lowLevelCode: 2,
      leadTime: 5,
      cost: 0.1,
      precision: 6,
    });
    expect(bom.itemCount).toBe(7);
    expect(bom.lineCount).toBe(8);
    expect(bom.hasItem('TABLE')).toBe(true);
    expect(bom.components('LEG', date).map((c) => [c.item, c.qty])).toEqual([
      ['TUBE', 0.7],
      ['SCREW', 2],
    ]);
  });

  it('explodeSummary hands back arrays of its own: later explosions reuse scratch space, not them', () => {
    const bom = compileBom(tableBom());
    const first = bom.explodeSummary({ item: 'TABLE', qty: 10, date });
    const copy = { items: [...first.items], qty: [...first.qty] };
    expect(first.items.length).toBe(first.count);
    bom.explodeSummary({ item: 'LEG', qty: 3, date });
    bom.explode({ item: 'TOP', qty: 7, date });
    expect({ items: [...first.items], qty: [...first.qty] }).toEqual(copy);
    expect(copy.qty.map((q) => roundQty(q))).toEqual([10, 40.8, 201.6, 28.56, 10]);
  });
});
