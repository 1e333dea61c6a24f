import { describe, expect, it } from 'vitest';
import { furnitureDocument } from '../../test/mrp-fixtures.js';
import { compileBom } from '../compile.js';
import { plan } from './plan.js';
import type { PlanOptions } from './types.js';

const bom = compileBom(furnitureDocument());
const TODAY = '2026-11-01';
const run = (options: PlanOptions) => plan(bom, { today: TODAY, ...options });
const ordersOf = (result: ReturnType<typeof plan>, item: string) =>
  result.plannedOrders.filter((o) => o.item === item);
const grossOf = (result: ReturnType<typeof plan>, item: string) =>
  result.items.find((r) => r.item === item)?.grossRequirements;

describe('plan: netting', () => {
  it('nets gross demand against on-hand stock and open receipts, and says so', () => {
    const result = run({
      demand: [{ item: 'TABLE', qty: 10, due: '2026-12-01' }],
      onHand: { TABLE: 2 },
      openReceipts: [{ item: 'TABLE', qty: 3, due: '2026-12-01' }],
    });
    expect(ordersOf(result, 'TABLE')).toEqual([
      {
        item: 'TABLE',
        type: 'make',
        qty: 5,
        releaseDate: '2026-11-28',
        dueDate: '2026-12-01',
        late: false,
        reasons: ['net requirement 5 on 2026-12-01 (gross 10, on hand 2, receipts 3)'],
      },
    ]);
  });

  it('makes allocated stock unavailable to the plan', () => {
    const result = run({
      demand: [{ item: 'TABLE', qty: 10, due: '2026-12-01' }],
      onHand: { TABLE: 8 },
      allocated: { TABLE: 6 },
    });
    expect(ordersOf(result, 'TABLE').map((o) => o.qty)).toEqual([8]);
  });

  it('plans nothing for demand that stock covers', () => {
    const result = run({ demand: [{ item: 'TABLE', qty: 10, due: '2026-12-01' }], onHand: { TABLE: 12 } });
    expect(result.plannedOrders).toEqual([]);
    expect(result.items.find((r) => r.item === 'TABLE')!.projectedOnHand).toEqual([
      { date: '2026-12-01', qty: 2 },
    ]);
  });

  it('releases an order its lead time before the due date', () => {
    const [leg] = ordersOf(run({ demand: [{ item: 'LEG', qty: 4, due: '2026-12-01' }] }), 'LEG');
    expect(leg).toMatchObject({ type: 'buy', releaseDate: '2026-11-21', dueDate: '2026-12-01' });
  });

  it("explodes a planned order into its components' demand on the order's release date", () => {
    const result = run({ demand: [{ item: 'TABLE', qty: 5, due: '2026-12-01' }] });
    expect(grossOf(result, 'TOP')).toEqual([{ date: '2026-11-28', qty: 5 }]);
    expect(grossOf(result, 'LEG')).toEqual([{ date: '2026-11-28', qty: 20 }]);
  });

  it("uses the lines effective on the parent's release date, not its due date", () => {
    // Due 2027-01-02 but released 2026-12-30: the wooden legs are still effective.
    const early = run({ demand: [{ item: 'TABLE', qty: 1, due: '2027-01-02' }] });
    expect(ordersOf(early, 'LEG')).toHaveLength(1);
    expect(ordersOf(early, 'LEG-STEEL')).toHaveLength(0);
    const later = run({ demand: [{ item: 'TABLE', qty: 1, due: '2027-01-04' }] });
    expect(ordersOf(later, 'LEG')).toHaveLength(0);
    expect(ordersOf(later, 'LEG-STEEL')).toHaveLength(1);
  });

  it('adds the setup quantity of a line once per parent order', () => {
    const result = run({
      demand: [
        { item: 'TOP', qty: 5, due: '2026-12-01' },
        { item: 'TOP', qty: 5, due: '2026-12-10' },
      ],
    });
    // 5 × 0.25 L + 0.5 L setup, for each of the two TOP orders.
    expect(grossOf(result, 'VARNISH')).toEqual([
      { date: '2026-11-29', qty: 1.75 },
      { date: '2026-12-08', qty: 1.75 },
    ]);
  });

  it('rounds a requirement up to whole units of an item counted in pieces', () => {
    const result = run({ demand: [{ item: 'TABLE', qty: 1.2, due: '2026-12-01' }] });
    expect(ordersOf(result, 'TABLE').map((o) => o.qty)).toEqual([2]);
  });

  it('does not explode the lines of a bought item', () => {
    const doc = furnitureDocument();
    doc.bomLines.push({ parent: 'LEG', child: 'BOARD', qty: 0.1 });
    const result = plan(compileBom(doc), {
      today: TODAY,
      demand: [{ item: 'LEG', qty: 4, due: '2026-12-01' }],
    });
    expect(ordersOf(result, 'BOARD')).toEqual([]);
  });

  it('sorts planned orders by release date, then item code', () => {
    const result = run({ demand: [{ item: 'TABLE', qty: 5, due: '2026-12-01' }] });
    const keys = result.plannedOrders.map((o) => `${o.releaseDate} ${o.item}`);
    expect(keys).toEqual([...keys].sort());
    expect(result.plannedOrders[0]).toMatchObject({ item: 'LEG', releaseDate: '2026-11-18' });
  });
});

describe('plan: phantoms', () => {
  it('never plans a phantom and passes its demand to its components on the same day', () => {
    const result = run({ demand: [{ item: 'TABLE', qty: 5, due: '2026-12-01' }] });
    expect(ordersOf(result, 'KIT')).toEqual([]);
    // 5 kits × 16 screws × 1.05 scrap = 84, rounded up to the line's multiple of 10.
    expect(grossOf(result, 'SCREW')).toEqual([{ date: '2026-11-28', qty: 90 }]);
    expect(grossOf(result, 'BRACKET')).toEqual([{ date: '2026-11-28', qty: 20 }]);
  });

  it('uses kits already on hand before passing the rest through', () => {
    const result = run({ demand: [{ item: 'TABLE', qty: 5, due: '2026-12-01' }], onHand: { KIT: 2 } });
    expect(grossOf(result, 'BRACKET')).toEqual([{ date: '2026-11-28', qty: 12 }]);
  });
});

describe('plan: safety stock and lot sizing', () => {
  const legs = (options: PlanOptions) =>
    ordersOf(run({ demand: [{ item: 'LEG', qty: 40, due: '2026-12-01' }], ...options }), 'LEG');

  it('orders enough to keep the safety stock', () => {
    const [order] = legs({ onHand: { LEG: 30 }, safetyStock: { LEG: 20 } });
    expect(order!.qty).toBe(30);
    expect(order!.reasons).toEqual([
      'net requirement 30 on 2026-12-01 (gross 40, on hand 30, receipts 0)',
      'safety stock 20',
    ]);
  });

  it('restores safety stock that is already short today, before any demand', () => {
    const orders = legs({ onHand: { LEG: 10 }, safetyStock: { LEG: 20 } });
    expect(orders.map((o) => [o.dueDate, o.qty, o.late])).toEqual([
      [TODAY, 10, true],
      ['2026-12-01', 40, false],
    ]);
  });

  it('raises an order to the minimum lot', () => {
    const [order] = legs({ onHand: { LEG: 10 }, lotSizing: { LEG: { rule: 'lot-for-lot', minQty: 50 } } });
    expect(order!.qty).toBe(50);
    expect(order!.reasons).toContain('raised to the minimum lot 50');
  });

  it('rounds an order up to a multiple', () => {
    const [order] = legs({ lotSizing: { rule: 'lot-for-lot', multiple: 24 } });
    expect(order!.qty).toBe(48);
    expect(order!.reasons).toContain('rounded up to a multiple of 24');
  });

  it('splits an order larger than the maximum lot into several on the same day', () => {
    const orders = legs({ lotSizing: { LEG: { rule: 'lot-for-lot', maxQty: 16 } } });
    expect(orders.map((o) => o.qty)).toEqual([16, 16, 8]);
    expect(orders.map((o) => o.dueDate)).toEqual(['2026-12-01', '2026-12-01', '2026-12-01']);
    expect(orders[2]!.reasons).toContain('split at the maximum lot 16 (order 3 of 3)');
  });

  it('orders fixed lots, as many as the need takes', () => {
    const orders = legs({ lotSizing: { LEG: { rule: 'fixed', qty: 25 } } });
    expect(orders.map((o) => o.qty)).toEqual([25, 25]);
    expect(orders[0]!.reasons).toContain('fixed lot 25 (order 1 of 2)');
  });

  it('covers the needs of a whole period with one order', () => {
    const result = run({
      demand: [
        { item: 'LEG', qty: 40, due: '2026-12-01' },
        { item: 'LEG', qty: 8, due: '2026-12-05' },
        { item: 'LEG', qty: 4, due: '2026-12-08' },
      ],
      lotSizing: { LEG: { rule: 'period', days: 7 } },
    });
    const orders = ordersOf(result, 'LEG');
    expect(orders.map((o) => [o.dueDate, o.qty])).toEqual([
      ['2026-12-01', 48],
      ['2026-12-08', 4],
    ]);
    expect(orders[0]!.reasons).toContain('period order: covers requirements through 2026-12-07');
  });

  it('orders up to the maximum when stock falls below the minimum', () => {
    const result = run({
      onHand: { LEG: 30 },
      demand: [{ item: 'LEG', qty: 15, due: '2026-12-01' }],
      lotSizing: { LEG: { rule: 'min-max', min: 20, max: 100 } },
    });
    const [order] = ordersOf(result, 'LEG');
    expect(order!.qty).toBe(85);
    expect(order!.reasons).toEqual([
      'net requirement 5 on 2026-12-01 (gross 15, on hand 30, receipts 0)',
      'order up to 100 (min-max)',
    ]);
  });

  it('applies one rule to every item when given a single rule', () => {
    const result = run({
      demand: [{ item: 'TABLE', qty: 5, due: '2026-12-01' }],
      lotSizing: { rule: 'lot-for-lot', multiple: 50 },
    });
    expect(ordersOf(result, 'TABLE').map((o) => o.qty)).toEqual([50]);
    expect(ordersOf(result, 'LEG').map((o) => o.qty)).toEqual([200]);
  });
});

describe('plan: exceptions', () => {
  it('flags an order whose release date has passed, keeping its dates', () => {
    const result = plan(bom, { today: '2026-11-25', demand: [{ item: 'LEG', qty: 4, due: '2026-12-01' }] });
    const [order] = ordersOf(result, 'LEG');
    expect(order).toMatchObject({ late: true, releaseDate: '2026-11-21', dueDate: '2026-12-01' });
    expect(order!.reasons).toContain(
      'released late: release date 2026-11-21 is before today; lead time 10 days from today ends 2026-12-05',
    );
    expect(result.exceptions).toEqual([
      {
        item: 'LEG',
        kind: 'late-release',
        message:
          'LEG: planned order of 4 due 2026-12-01 should have been released 2026-11-21, before today 2026-11-25',
      },
    ]);
  });

  it('reports demand for an unknown item and plans the rest', () => {
    const result = run({
      demand: [
        { item: 'DESK', qty: 1, due: '2026-12-01' },
        { item: 'LEG', qty: 4, due: '2026-12-01' },
      ],
    });
    expect(result.exceptions).toEqual([
      { item: 'DESK', kind: 'unknown-item', message: "demand[0]: unknown item 'DESK', left out of the plan" },
    ]);
    expect(ordersOf(result, 'LEG')).toHaveLength(1);
  });

  it('reports an open receipt that is past due and still counts it', () => {
    const result = run({
      demand: [{ item: 'LEG', qty: 4, due: '2026-12-01' }],
      openReceipts: [{ item: 'LEG', qty: 4, due: '2026-10-20' }],
    });
    expect(result.exceptions.map((e) => e.kind)).toEqual(['past-due-receipt']);
    expect(result.plannedOrders).toEqual([]);
  });

  it.each([
    [
      { demand: [{ item: 'LEG', qty: -4, due: '2026-12-01' }] },
      'demand[0]: qty must be a positive number, got -4',
    ],
    [
      { demand: [{ item: 'LEG', qty: 4, due: '2026-12-32' }] },
      'demand[0]: due must be a calendar date YYYY-MM-DD, got "2026-12-32"',
    ],
    [{ safetyStock: { LEG: -1 } }, 'safetyStock.LEG must be a number >= 0, got -1'],
    [
      { lotSizing: { LEG: { rule: 'eoq' } } },
      'lotSizing.LEG.rule must be one of lot-for-lot, fixed, period, min-max, got "eoq"',
    ],
    [{ lotSizing: { rule: 'fixed', qty: 0 } }, 'lotSizing.qty must be a number > 0, got 0'],
    [
      { lotSizing: { rule: 'lot-for-lot', minQty: 60, maxQty: 50 } },
      'lotSizing: minQty 60 is above maxQty 50',
    ],
  ])('rejects malformed options: %j', (options, message) => {
    expect(() => run(options as PlanOptions)).toThrow(
      expect.objectContaining({ code: 'BAD_OPTION', message }),
    );
  });
});
