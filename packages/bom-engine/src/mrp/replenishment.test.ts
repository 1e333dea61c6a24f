import { describe, expect, it } from 'vitest';
import { furnitureDocument } from '../../test/mrp-fixtures.js';
import { compileBom } from '../compile.js';
import { suggestReplenishment } from './replenishment.js';

const bom = compileBom(furnitureDocument());
const TODAY = '2026-11-01';

describe('suggestReplenishment', () => {
  it('suggests nothing while stock is at or above safety stock', () => {
    expect(
      suggestReplenishment(bom, { item: 'SCREW', onHand: 500, safetyStock: 500, today: TODAY }),
    ).toBeNull();
  });

  it('turns a stock alert into a purchase order that restores safety stock', () => {
    expect(
      suggestReplenishment(bom, {
        item: 'SCREW',
        onHand: 120,
        allocated: 20,
        safetyStock: 500,
        today: TODAY,
      }),
    ).toEqual({
      item: 'SCREW',
      type: 'buy',
      qty: 400,
      releaseDate: '2026-10-27',
      dueDate: TODAY,
      late: true,
      lots: [400],
      reasons: [
        'net requirement 400 on 2026-11-01 (gross 0, on hand 100, receipts 0)',
        'safety stock 500',
        'released late: release date 2026-10-27 is before today; lead time 5 days from today ends 2026-11-06',
      ],
    });
  });

  it('counts open receipts that are due by today', () => {
    const suggestion = suggestReplenishment(bom, {
      item: 'SCREW',
      onHand: 100,
      safetyStock: 500,
      openReceipts: [{ qty: 300, due: '2026-10-30' }],
      today: TODAY,
    });
    expect(suggestion!.qty).toBe(100);
  });

  it('applies lot sizing and reports a split as one suggestion', () => {
    const suggestion = suggestReplenishment(bom, {
      item: 'SCREW',
      onHand: 0,
      safetyStock: 450,
      lotSizing: { rule: 'lot-for-lot', multiple: 100, maxQty: 200 },
      today: TODAY,
    });
    expect(suggestion).toMatchObject({ qty: 500, lots: [200, 200, 100] });
    expect(suggestion!.reasons).toContain('rounded up to a multiple of 100');
    expect(suggestion!.reasons).toContain('split at the maximum lot 200: 3 orders of 200 + 200 + 100');
  });

  it('suggests a work order for a make item', () => {
    expect(suggestReplenishment(bom, { item: 'TOP', onHand: 1, safetyStock: 5, today: TODAY })).toMatchObject(
      { type: 'make', qty: 4 },
    );
  });

  it('never replenishes a phantom', () => {
    expect(suggestReplenishment(bom, { item: 'KIT', onHand: 0, safetyStock: 10, today: TODAY })).toBeNull();
  });

  it('rejects an unknown item', () => {
    expect(() => suggestReplenishment(bom, { item: 'DESK', onHand: 0, safetyStock: 1 })).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_ITEM' }),
    );
  });
});
