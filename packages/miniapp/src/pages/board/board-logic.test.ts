import type { WorkOrder, WorkOrderOperation } from '@shopfloor/sdk';
import { describe, expect, it } from 'vitest';
import {
  boardOrders,
  lateMinutes,
  lateness,
  mergeWorkshops,
  notShown,
  onTheBoard,
  overdueDays,
  progressShares,
  summarize,
  workshopsOf,
} from './board-logic';

function op(seq: number, patch: Partial<WorkOrderOperation> = {}): WorkOrderOperation {
  return {
    seq,
    name: `op ${seq}`,
    workshop: 'WS-CUT',
    status: 'pending',
    goodQty: 0,
    scrapQty: 0,
    plannedEnd: null,
    ...patch,
  };
}

function order(no: string, patch: Partial<WorkOrder> = {}): WorkOrder {
  return { no, item: 'FG-1', qty: 30, due: '2026-12-05', status: 'released', operations: [], ...patch };
}

// 00:57 on Dec 2 in Shanghai, still Dec 1 in UTC: "today" must be Dec 2.
const now = new Date('2026-12-01T16:57:00Z');

describe('overdue work orders (Asia/Shanghai)', () => {
  it('is overdue when due before today in Shanghai and not done', () => {
    expect(overdueDays(order('A', { due: '2026-11-30', status: 'in-progress' }), now)).toBe(2);
    // Due "yesterday" by UTC, today by Shanghai: not overdue yet.
    expect(overdueDays(order('B', { due: '2026-12-01' }), new Date('2026-12-01T15:00:00Z'))).toBe(0);
    expect(overdueDays(order('B', { due: '2026-12-01' }), now)).toBe(1);
    expect(overdueDays(order('C', { due: '2026-12-02' }), now)).toBe(0);
  });

  it('never counts a done or closed work order', () => {
    expect(overdueDays(order('D', { due: '2026-11-01', status: 'done' }), now)).toBe(0);
    expect(overdueDays(order('E', { due: '2026-11-01', status: 'closed' }), now)).toBe(0);
  });
});

describe('late operations', () => {
  it('is late once the planned end has passed and the operation is not done', () => {
    expect(lateMinutes(op(40, { plannedEnd: '2026-12-01T17:30:00+08:00', status: 'in-progress' }), now)).toBe(
      7 * 60 + 27,
    );
    expect(lateMinutes(op(50, { plannedEnd: '2026-12-02T17:30:00+08:00' }), now)).toBe(0);
    expect(lateMinutes(op(10, { plannedEnd: '2026-11-01T17:30:00+08:00', status: 'done' }), now)).toBe(0);
    expect(lateMinutes(op(20, { plannedEnd: null }), now)).toBe(0);
  });

  it('says how late in minutes, hours or days, rounded down', () => {
    expect(lateness(0)).toEqual({ unit: 'minutes', n: 1 });
    expect(lateness(42)).toEqual({ unit: 'minutes', n: 42 });
    expect(lateness(7 * 60 + 27)).toEqual({ unit: 'hours', n: 7 });
    expect(lateness(24 * 60 - 1)).toEqual({ unit: 'hours', n: 23 });
    expect(lateness(4 * 24 * 60 + 600)).toEqual({ unit: 'days', n: 4 });
  });
});

describe('progress bars', () => {
  it('splits the bar into good and scrap of the order quantity, never above 100', () => {
    expect(progressShares(op(10, { goodQty: 18, scrapQty: 0 }), 30)).toEqual({ good: 60, scrap: 0 });
    expect(progressShares(op(10, { goodQty: 30, scrapQty: 1 }), 30)).toEqual({ good: 100, scrap: 0 });
    expect(progressShares(op(10, { goodQty: 20, scrapQty: 20 }), 30)).toEqual({ good: 66.7, scrap: 33.3 });
    expect(progressShares(op(10, { goodQty: 5 }), 0)).toEqual({ good: 0, scrap: 0 });
  });
});

describe('summary and filters', () => {
  const orders = [
    order('WO-3', {
      due: '2026-12-03',
      status: 'in-progress',
      operations: [
        op(10, {
          status: 'done',
          actualEnd: '2026-12-02T00:10:00+08:00',
          plannedEnd: '2026-11-29T17:30:00+08:00',
        }),
        op(40, { workshop: 'WS-PNT', status: 'in-progress', plannedEnd: '2026-12-01T17:30:00+08:00' }),
      ],
    }),
    order('WO-1', {
      due: '2026-11-30',
      status: 'in-progress',
      operations: [
        op(10, { status: 'done', actualEnd: '2026-12-01T23:59:00+08:00' }),
        op(30, { workshop: 'WS-MCH', status: 'in-progress', plannedEnd: '2026-11-27T17:30:00+08:00' }),
      ],
    }),
    order('WO-2', { operations: [op(50, { workshop: 'WS-ASM' })] }),
  ];

  it('counts work orders by status, overdue ones, late operations and those finished today', () => {
    expect(summarize(orders, now)).toEqual({
      inProgress: 2,
      released: 1,
      overdue: 1,
      lateOps: 2,
      doneToday: 1,
    });
    expect(summarize(orders, now, 'WS-PNT')).toMatchObject({ lateOps: 1, doneToday: 0 });
  });

  it('takes the order counts of the whole selection from the server, the operations from the cards', () => {
    const counts = { 'in-progress': 120, released: 40, 'on-hold': 3, overdue: 57 };
    expect(summarize(orders, now, undefined, counts)).toEqual({
      inProgress: 120,
      released: 40,
      overdue: 57,
      lateOps: 2,
      doneToday: 1,
    });
  });

  it('takes a linked order onto the board only while it is on the floor or about to be', () => {
    expect(
      ['in-progress', 'released', 'on-hold'].every((status) =>
        onTheBoard(order('A', { status: status as WorkOrder['status'] })),
      ),
    ).toBe(true);
    expect(
      ['draft', 'done', 'closed', 'cancelled'].some((status) =>
        onTheBoard(order('A', { status: status as WorkOrder['status'] })),
      ),
    ).toBe(false);
  });

  it('counts what the cap leaves off, never below zero', () => {
    expect(notShown(2_500, 200)).toBe(2_300);
    expect(notShown(200, 200)).toBe(0);
    expect(notShown(undefined, 12)).toBe(0);
    expect(notShown(3, 5)).toBe(0);
  });

  it('keeps the workshop chips seen before, in order, and the same list when nothing is new', () => {
    const known = ['WS-CUT', 'WS-ASM'];
    expect(mergeWorkshops(known, ['WS-ASM'])).toBe(known);
    expect(mergeWorkshops(known, ['WS-PNT', 'WS-CUT', 'WS-PNT'])).toEqual(['WS-CUT', 'WS-ASM', 'WS-PNT']);
  });

  it('orders by due date and filters by workshop', () => {
    expect(boardOrders(orders).map((o) => o.no)).toEqual(['WO-1', 'WO-3', 'WO-2']);
    expect(boardOrders(orders, 'WS-PNT').map((o) => o.no)).toEqual(['WO-3']);
    expect(boardOrders([...orders, orders[0]!]).length).toBe(3);
  });

  it('lists the workshops in routing order', () => {
    expect(workshopsOf(orders)).toEqual(['WS-CUT', 'WS-MCH', 'WS-PNT', 'WS-ASM']);
  });
});
