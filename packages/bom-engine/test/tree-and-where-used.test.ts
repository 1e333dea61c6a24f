import { describe, expect, it } from 'vitest';
import { compileBom } from '../src/index.js';
import type { BomDocument } from '../src/types.js';
import { tableBom } from './fixtures.js';

const date = '2026-11-25';

describe('explodeTree', () => {
  it('lists every occurrence depth first with its path', () => {
    const rows = [...compileBom(tableBom()).explodeTree({ item: 'TABLE', qty: 2, date })];
    expect(rows.map((r) => [r.level, r.path.join('>'), r.qty])).toEqual([
      [1, 'TABLE>TOP', 2],
      [2, 'TABLE>TOP>BOARD', 2],
      [2, 'TABLE>TOP>SCREW', 8],
      [1, 'TABLE>LEG', 8.16],
      [2, 'TABLE>LEG>TUBE', 5.712],
      [2, 'TABLE>LEG>SCREW', 16.32],
      [1, 'TABLE>KIT', 2],
      [2, 'TABLE>KIT>SCREW', 16],
    ]);
    expect(rows[6]!.type).toBe('phantom');
  });

  it('stops at maxDepth', () => {
    const rows = [...compileBom(tableBom()).explodeTree({ item: 'TABLE', qty: 1, date, maxDepth: 1 })];
    expect(rows.map((r) => r.item)).toEqual(['TOP', 'LEG', 'KIT']);
  });

  it('streams: the first rows of a billion-path structure come without walking it', () => {
    // 30 levels, each item using the next twice: 2^30 rows at the bottom level alone.
    const items = Array.from({ length: 31 }, (_, i) => ({
      code: `L${i}`,
      uom: 'pcs',
      type: 'make' as const,
    }));
    const bomLines = items.slice(1).flatMap((it, i) => [
      { parent: `L${i}`, child: it.code, qty: 1 },
      { parent: `L${i}`, child: it.code, qty: 2 },
    ]);
    const bom = compileBom({ items, bomLines });
    const it = bom.explodeTree({ item: 'L0', qty: 1, date })[Symbol.iterator]();
    const first = Array.from({ length: 31 }, () => it.next().value!);
    expect(first.map((r) => r.level)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1).concat(30));
    expect(first[30]!.qty).toBe(2);
  });

  it('checks its arguments when called, before iteration', () => {
    const bom = compileBom(tableBom());
    expect(() => bom.explodeTree({ item: 'NOPE', qty: 1 })).toThrow(/unknown item 'NOPE'/);
  });
});

describe('whereUsed', () => {
  it('finds every ancestor with the quantity summed over all paths', () => {
    const result = compileBom(tableBom()).whereUsed({ item: 'SCREW', date });
    expect(result.usedIn).toEqual([
      // the phantom kit holds 8 screws: listed and flagged, so every BOM holding the part shows
      {
        item: 'KIT',
        qtyPer: 8,
        direct: true,
        endItem: false,
        type: 'phantom',
        lowLevelCode: 1,
        phantom: true,
      },
      { item: 'LEG', qtyPer: 2, direct: true, endItem: false, type: 'make', lowLevelCode: 1 },
      { item: 'TOP', qtyPer: 4, direct: true, endItem: false, type: 'make', lowLevelCode: 1 },
      // kit 8 (through the phantom, so direct) + top 4 + legs 4.08 × 2
      { item: 'TABLE', qtyPer: 20.16, direct: true, endItem: true, type: 'make', lowLevelCode: 0 },
    ]);
  });

  it('lists the phantom and the real parents above it; includePhantoms: false leaves phantoms out', () => {
    const doc = tableBom();
    // a second phantom level: TABLE > KIT > BAG (phantom) > NUT
    doc.items.push({ code: 'BAG', uom: 'set', type: 'phantom' }, { code: 'NUT', uom: 'pcs', type: 'buy' });
    doc.bomLines.push({ parent: 'KIT', child: 'BAG', qty: 2 }, { parent: 'BAG', child: 'NUT', qty: 3 });
    const bom = compileBom(doc);
    const rows = (includePhantoms?: boolean) =>
      bom
        .whereUsed({ item: 'NUT', date, ...(includePhantoms === undefined ? {} : { includePhantoms }) })
        .usedIn.map((u) => [u.item, u.qtyPer, u.direct, u.endItem, u.phantom ?? false]);
    expect(rows()).toEqual([
      ['BAG', 3, true, false, true],
      ['KIT', 6, true, false, true],
      ['TABLE', 6, true, true, false],
    ]);
    expect(rows(true)).toEqual(rows());
    expect(rows(false)).toEqual([['TABLE', 6, true, true, false]]);
    // only phantoms carry the flag: a made parent's row has no `phantom` key at all
    expect(bom.whereUsed({ item: 'NUT', date }).usedIn.at(-1)).not.toHaveProperty('phantom');
  });

  it('says an ancestor reached only through a made sub-assembly is not direct', () => {
    const result = compileBom(tableBom()).whereUsed({ item: 'TUBE', date });
    expect(result.usedIn.map((u) => [u.item, u.qtyPer, u.direct, u.endItem])).toEqual([
      ['LEG', 0.7, true, false],
      ['TABLE', 2.856, false, true],
    ]);
  });

  it('follows effectivity', () => {
    const doc: BomDocument = tableBom();
    doc.bomLines[3] = { parent: 'KIT', child: 'SCREW', qty: 8, effectiveFrom: '2027-01-01' };
    const bom = compileBom(doc);
    expect(bom.whereUsed({ item: 'SCREW', date: '2026-12-31' }).usedIn.at(-1)!.qtyPer).toBe(12.16);
    expect(bom.whereUsed({ item: 'SCREW', date: '2027-01-01' }).usedIn.at(-1)!.qtyPer).toBe(20.16);
  });

  it('answers a top-level item with nothing', () => {
    expect(compileBom(tableBom()).whereUsed({ item: 'TABLE', date }).usedIn).toEqual([]);
  });
});
