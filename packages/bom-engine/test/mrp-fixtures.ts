/**
 * Test fixtures shared by the roll-up, MRP and diff tests (not part of the package's exports):
 * a small furniture BOM and a fast-check generator of random acyclic BOM documents.
 */
import fc from 'fast-check';
import type { BomDocument, BomItemInput, BomLineInput, ItemType } from '../src/types.js';

/**
 * 餐桌 (dining table): a make item with wooden legs until 2026-12-31 and steel legs after, a table
 * top with varnish that needs a setup quantity per order, and a phantom hardware kit.
 */
export function furnitureDocument(): BomDocument {
  return {
    items: [
      { code: 'TABLE', name: '餐桌', uom: 'pcs', type: 'make', leadTime: 3, cost: 50, precision: 0 },
      { code: 'TOP', name: '桌面', uom: 'pcs', type: 'make', leadTime: 2, cost: 20, precision: 0 },
      { code: 'LEG', name: '实木桌腿', uom: 'pcs', type: 'buy', leadTime: 10, cost: 30, precision: 0 },
      { code: 'LEG-STEEL', name: '钢桌腿', uom: 'pcs', type: 'buy', leadTime: 14, cost: 45, precision: 0 },
      { code: 'BOARD', name: '橡木板', uom: 'm2', type: 'buy', leadTime: 7, cost: 200, precision: 2 },
      { code: 'VARNISH', name: '清漆', uom: 'L', type: 'buy', leadTime: 3, cost: 40, precision: 2 },
      { code: 'KIT', name: '五金包', uom: 'set', type: 'phantom' },
      { code: 'SCREW', name: '螺丝', uom: 'pcs', type: 'buy', leadTime: 5, cost: 0.05, precision: 0 },
      { code: 'BRACKET', name: '角码', uom: 'pcs', type: 'buy', leadTime: 5, cost: 1.5, precision: 0 },
    ],
    bomLines: [
      { parent: 'TABLE', child: 'TOP', qty: 1 },
      { parent: 'TABLE', child: 'LEG', qty: 4, effectiveTo: '2026-12-31' },
      { parent: 'TABLE', child: 'LEG-STEEL', qty: 4, effectiveFrom: '2027-01-01' },
      { parent: 'TABLE', child: 'KIT', qty: 1 },
      { parent: 'TOP', child: 'BOARD', qty: 1.2, scrapRate: 0.1 },
      { parent: 'TOP', child: 'VARNISH', qty: 0.25, setupQty: 0.5 },
      { parent: 'KIT', child: 'SCREW', qty: 16, scrapRate: 0.05, roundingMultiple: 10 },
      { parent: 'KIT', child: 'BRACKET', qty: 4 },
    ],
  };
}

export interface RandomBomShape {
  /** Quantities may be fractional and scrap may apply (costs, lead times); otherwise whole numbers. */
  fractional: boolean;
  /** Leaves may lack a cost. */
  missingCosts: boolean;
}

/**
 * Random acyclic BOMs: a line always goes from a lower to a higher item index, so the document
 * order is a topological order. Items with lines are make or phantom, leaves are bought.
 */
export function arbitraryBom(shape: RandomBomShape): fc.Arbitrary<BomDocument> {
  const qty = shape.fractional ? fc.constantFrom(1, 2, 3, 0.5, 1.25, 0.1) : fc.constantFrom(1, 2, 3);
  const scrap = shape.fractional ? fc.constantFrom(0, 0, 0.1, 0.05) : fc.constant(0);
  return fc
    .record({
      size: fc.integer({ min: 2, max: 18 }),
      edges: fc.array(fc.record({ a: fc.nat(), b: fc.nat(), qty, scrap }), { maxLength: 50 }),
      phantoms: fc.array(fc.boolean(), { minLength: 18, maxLength: 18 }),
      leadTimes: fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 18, maxLength: 18 }),
      costs: fc.array(fc.option(fc.integer({ min: 0, max: 5000 }), { nil: undefined, freq: 6 }), {
        minLength: 18,
        maxLength: 18,
      }),
    })
    .map(({ size, edges, phantoms, leadTimes, costs }) => {
      const bomLines: BomLineInput[] = [];
      for (const e of edges) {
        const a = e.a % size;
        const b = e.b % size;
        if (a >= b) continue;
        const line: BomLineInput = { parent: `I${a}`, child: `I${b}`, qty: e.qty };
        if (e.scrap > 0) line.scrapRate = e.scrap;
        bomLines.push(line);
      }
      const hasLines = new Set(bomLines.map((l) => l.parent));
      const items: BomItemInput[] = [];
      for (let i = 0; i < size; i++) {
        const code = `I${i}`;
        const type: ItemType = hasLines.has(code) ? (phantoms[i] && i > 0 ? 'phantom' : 'make') : 'buy';
        const item: BomItemInput = { code, uom: 'pcs', type, leadTime: leadTimes[i]! };
        const cost = costs[i];
        if (cost !== undefined) item.cost = cost / 100;
        else if (!shape.missingCosts && type === 'buy') item.cost = 1;
        items.push(item);
      }
      return { items, bomLines };
    });
}
