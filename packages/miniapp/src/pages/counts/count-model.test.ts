import type { CycleCount, OutboxEntry } from '@shopfloor/sdk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countPath } from '../../services/counts-api';
import {
  acceptScan,
  checkCountQty,
  countBody,
  mayCount,
  mayDecide,
  nextScan,
  queuedCount,
  signed,
  varianceFigures,
  warehousesOf,
} from './count-model';

const task = (over: Partial<CycleCount> = {}): CycleCount => ({
  id: '7b0c6a8e-8d7e-4c55-9b1a-2f4f7f2c9a01',
  planId: null,
  item: 'LEG',
  itemName: '桌腿',
  location: 'RM-A01',
  warehouse: 'WH-RM',
  lot: null,
  abcClass: 'B',
  status: 'open',
  blind: true,
  countedQty: null,
  countedBy: null,
  countedAt: null,
  lastCountedAt: null,
  tolerancePct: 2,
  decidedBy: null,
  decidedAt: null,
  comment: null,
  createdAt: '2026-12-04T09:00:00.000+08:00',
  ...over,
});

const storekeeper = { id: 'sun', roles: ['storekeeper'], scopes: { warehouses: ['WH-RM'] } };
const approver = { id: 'zhao', roles: ['approver'], scopes: { warehouses: ['WH-RM', 'WH-WIP'] } };

describe('scanning a count task', () => {
  it('asks for the location, then the item, then the lot of a lot-kept balance', () => {
    const lotted = task({ lot: 'L-2026-01' });
    let scanned = {};
    expect(nextScan(lotted, scanned)).toBe('location');
    for (const [code, next] of [
      ['RM-A01', 'item'],
      ['LEG', 'lot'],
      ['L-2026-01', undefined],
    ] as const) {
      const result = acceptScan(lotted, scanned, `${code}\n`);
      expect(result.ok).toBe(true);
      if (result.ok) scanned = result.scanned;
      expect(nextScan(lotted, scanned)).toBe(next);
    }
    expect(countBody(5, scanned)).toEqual({ qty: 5, lot: 'L-2026-01' });
  });

  it('needs no lot for stock without one, and sends none', () => {
    const a = acceptScan(task(), {}, 'LEG');
    const b = a.ok ? acceptScan(task(), a.scanned, 'RM-A01') : a;
    expect(b.ok && nextScan(task(), b.scanned)).toBeUndefined();
    expect(b.ok && countBody(0, b.scanned)).toEqual({ qty: 0 });
  });

  it('refuses a label of another shelf or part, naming the step it waits for', () => {
    expect(acceptScan(task(), {}, 'RM-A02')).toEqual({ ok: false, expected: 'location', code: 'RM-A02' });
    expect(acceptScan(task(), { location: 'RM-A01' }, 'TOP')).toEqual({
      ok: false,
      expected: 'item',
      code: 'TOP',
    });
  });

  it('completes whatever order the task’s labels are scanned in, and never on a stranger', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.array(fc.constantFrom('RM-A01', 'LEG', 'L-1', 'RM-A02', 'TOP', 'L-2'), { maxLength: 12 }),
        (lotted, codes) => {
          const t = task({ lot: lotted ? 'L-1' : null });
          const own = new Set(lotted ? ['RM-A01', 'LEG', 'L-1'] : ['RM-A01', 'LEG']);
          let scanned = {};
          for (const code of codes) {
            const result = acceptScan(t, scanned, code);
            expect(result.ok).toBe(own.has(code));
            if (result.ok) scanned = result.scanned;
          }
          const complete = [...own].every((code) => (codes as string[]).includes(code));
          expect(nextScan(t, scanned) === undefined).toBe(complete);
        },
      ),
    );
  });
});

describe('the counted quantity, checked on the phone', () => {
  it('refuses an empty field, a negative, a word and more decimals than the item has', () => {
    expect(checkCountQty('')).toBe('empty');
    expect(checkCountQty('  ')).toBe('empty');
    expect(checkCountQty('-3')).toBe('negative');
    expect(checkCountQty('−3')).toBe('negative');
    expect(checkCountQty('abc')).toBe('notANumber');
    expect(checkCountQty('2.5', 0)).toBe('tooFine');
    expect(checkCountQty('2.55', 1)).toBe('tooFine');
    expect(checkCountQty('0.0000001')).toBe('tooManyDecimals');
  });

  it('takes 0 (an empty shelf) and decimals within the item’s precision', () => {
    expect(checkCountQty('0')).toBe(0);
    expect(checkCountQty('2.50', 1)).toBe(2.5);
    expect(checkCountQty(' 28 ', 0)).toBe(28);
  });

  it('takes every non-negative quantity with at most the item’s decimals as typed, and refuses its negative', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 6 }),
        (units, places) => {
          const text = (units / 10 ** places).toFixed(places);
          expect(checkCountQty(text, places)).toBe(Number(text));
          expect(checkCountQty(`-${text}`, places)).toBe('negative');
        },
      ),
    );
  });
});

describe('who counts and who decides', () => {
  it('lets a storekeeper of the warehouse count an open task, not an approver or another warehouse’s', () => {
    expect(mayCount(storekeeper, task())).toBe(true);
    expect(mayCount(approver, task())).toBe(false);
    expect(mayCount(storekeeper, task({ warehouse: 'WH-FG' }))).toBe(false);
    expect(mayCount(storekeeper, task({ status: 'pending-approval' }))).toBe(false);
    expect(mayCount({ id: 'root', roles: ['admin'] }, task({ warehouse: 'WH-FG' }))).toBe(true);
  });

  it('lets an approver or storekeeper of the warehouse decide a pending variance, never the counter', () => {
    const pending = task({ status: 'pending-approval', countedBy: 'sun', countedQty: 28, bookQty: 32 });
    expect(mayDecide(approver, pending)).toBe(true);
    expect(mayDecide(storekeeper, pending)).toBe(false);
    expect(mayDecide({ ...storekeeper, id: 'qian' }, pending)).toBe(true);
    expect(mayDecide(approver, { ...pending, warehouse: 'WH-FG' })).toBe(false);
    expect(mayDecide(approver, { ...pending, status: 'done' })).toBe(false);
  });

  it('lists the user’s own warehouses, or all (no filter) for someone without any', () => {
    expect(warehousesOf(approver)).toEqual(['WH-RM', 'WH-WIP']);
    expect(warehousesOf({ id: 'root', roles: ['admin'] })).toEqual([undefined]);
  });
});

describe('what an approver reads', () => {
  it('gives the variance, its sign and its share of the book', () => {
    expect(varianceFigures({ bookQty: 32, countedQty: 28, variance: -4 })).toEqual({
      book: 32,
      counted: 28,
      variance: -4,
      pct: -12.5,
    });
    expect(varianceFigures({ bookQty: 0, countedQty: 3, variance: 3 }).pct).toBeNull();
    expect(varianceFigures({ bookQty: 0.3, countedQty: 0.1 }).variance).toBe(-0.2);
    expect(signed(4)).toBe('+4');
    expect(signed(-4)).toBe('-4');
    expect(signed(0)).toBe('0');
  });

  it('never has a book figure for a blind view', () => {
    expect(varianceFigures(task({ countedQty: 28 }))).toMatchObject({ book: undefined, variance: undefined });
  });
});

describe('a count waiting in the outbox', () => {
  it('is found by its task, so the same task is not counted twice', () => {
    const entry = { id: 'e1', kind: 'cycle-count', path: countPath(task().id) } as OutboxEntry;
    const report = {
      id: 'e2',
      kind: 'operation-report',
      path: '/work-orders/WO-1/operations/10/reports',
    } as OutboxEntry;
    expect(queuedCount(task().id, [report, entry])?.id).toBe('e1');
    expect(queuedCount('another', [report, entry])).toBeUndefined();
    expect(queuedCount(task().id, undefined)).toBeUndefined();
  });
});
