import type { BomDocument } from '../src/types.js';

/** A small dining-table plant: shared screws at two levels, a phantom hardware kit, mm → m. */
export function tableBom(): BomDocument {
  return {
    uomConversions: [{ from: 'mm', to: 'm', factor: 0.001 }],
    items: [
      { code: 'TABLE', name: '餐桌', uom: 'pcs', type: 'make', leadTime: 2 },
      { code: 'TOP', name: '桌面', uom: 'pcs', type: 'make', leadTime: 1 },
      { code: 'LEG', name: '桌腿', uom: 'pcs', type: 'make', leadTime: 1 },
      { code: 'KIT', name: '五金包', uom: 'set', type: 'phantom' },
      { code: 'SCREW', name: '螺丝 M6×30', uom: 'pcs', type: 'buy', leadTime: 5, cost: 0.1 },
      { code: 'TUBE', name: '钢管 Φ25', uom: 'm', type: 'buy', leadTime: 7, cost: 12 },
      { code: 'BOARD', name: '橡木板', uom: 'pcs', type: 'buy', leadTime: 10, cost: 300 },
    ],
    bomLines: [
      { parent: 'TABLE', child: 'TOP', qty: 1 },
      { parent: 'TABLE', child: 'LEG', qty: 4, scrapRate: 0.02 },
      { parent: 'TABLE', child: 'KIT', qty: 1 },
      { parent: 'KIT', child: 'SCREW', qty: 8 },
      { parent: 'TOP', child: 'BOARD', qty: 1 },
      { parent: 'TOP', child: 'SCREW', qty: 4 },
      { parent: 'LEG', child: 'TUBE', qty: 700, uom: 'mm' },
      { parent: 'LEG', child: 'SCREW', qty: 2 },
    ],
  };
}
