import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkTransferQty,
  mayDecide,
  mayTransfer,
  nextStep,
  type TransferScan,
  takeScan,
  transferBody,
} from './transfer-model';

const code = fc.stringMatching(/^[A-Z0-9-]{1,12}$/);

/** Feeds labels one by one as a scan gun would, keeping what is taken. */
function scanAll(labels: string[], lots?: string[]) {
  let scan: TransferScan = {};
  const refused: string[] = [];
  for (const label of labels) {
    const outcome = takeScan(scan, label, lots);
    if (outcome.ok) scan = outcome.scan;
    else refused.push(outcome.problem);
  }
  return { scan, refused };
}

describe('scanning a transfer', () => {
  it('takes from, item and to in that order when the shelf holds no lots', () => {
    const { scan, refused } = scanAll(['RM-A01', 'RM-OAK-25', ' RM-A02 '], []);
    expect(scan).toEqual({ from: 'RM-A01', item: 'RM-OAK-25', to: 'RM-A02' });
    expect(refused).toEqual([]);
    expect(nextStep(scan, [])).toBeUndefined();
  });

  it('asks for the lot before the to-shelf when the stock there is kept by lot, and refuses a lot not there', () => {
    const lots = ['L-2026-01', 'L-2026-02'];
    expect(nextStep({ from: 'RM-B02', item: 'PAINT' }, lots)).toBe('lot');
    const wrong = takeScan({ from: 'RM-B02', item: 'PAINT' }, 'L-9999', lots);
    expect(wrong).toEqual({ ok: false, problem: 'notALot', code: 'L-9999' });
    const { scan } = scanAll(['RM-B02', 'PAINT', 'L-2026-02', 'WIP-01'], lots);
    expect(scan).toEqual({ from: 'RM-B02', item: 'PAINT', lot: 'L-2026-02', to: 'WIP-01' });
    expect(transferBody({ from: 'RM-B02', item: 'PAINT', lot: 'L-2026-02', to: 'WIP-01' }, 4)).toEqual({
      lines: [{ item: 'PAINT', qty: 4, from: 'RM-B02', to: 'WIP-01', lot: 'L-2026-02' }],
    });
  });

  it('refuses the from-shelf as the to-shelf and any label once all are in', () => {
    expect(takeScan({ from: 'RM-A01', item: 'X' }, 'RM-A01', [])).toEqual({
      ok: false,
      problem: 'sameLocation',
      code: 'RM-A01',
    });
    expect(takeScan({ from: 'A', item: 'X', to: 'B' }, 'C', [])).toMatchObject({
      ok: false,
      problem: 'complete',
    });
  });

  it('property: whatever is scanned, a complete scan has a to-shelf unlike its from-shelf and a lot only of the shelf', () => {
    fc.assert(
      fc.property(fc.array(code, { maxLength: 8 }), fc.array(code, { maxLength: 3 }), (labels, lots) => {
        const { scan } = scanAll(labels, lots);
        if (scan.to !== undefined) expect(scan.to).not.toBe(scan.from);
        if (scan.lot !== undefined) expect(lots).toContain(scan.lot);
        if (lots.length > 0 && scan.to !== undefined) expect(scan.lot).toBeDefined();
        // Steps fill in order: never a later one without the earlier ones.
        if (scan.item !== undefined) expect(scan.from).toBeDefined();
        if (scan.to !== undefined) expect(scan.item).toBeDefined();
      }),
    );
  });
});

describe('the quantity', () => {
  it('is above 0, within the item’s decimals and what the shelf holds', () => {
    expect(checkTransferQty('')).toBe('empty');
    expect(checkTransferQty('0')).toBe('zero');
    expect(checkTransferQty('0.000')).toBe('zero');
    expect(checkTransferQty('-3')).toBe('negative');
    expect(checkTransferQty('abc')).toBe('notANumber');
    expect(checkTransferQty('1.5', 0)).toBe('tooFine');
    expect(checkTransferQty('1.25', 2)).toBe(1.25);
    expect(checkTransferQty('12', 0, 10)).toBe('moreThanOnHand');
    expect(checkTransferQty('10', 0, 10)).toBe(10);
  });

  it('property: an accepted quantity is positive, not above the shelf, with no more decimals than the item', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -100, max: 1000, noNaN: true }),
        fc.integer({ min: 0, max: 4 }),
        fc.option(fc.integer({ min: 0, max: 500 }), { nil: undefined }),
        (n, precision, onHand) => {
          const text = String(Math.round(n * 10 ** 5) / 10 ** 5);
          const result = checkTransferQty(text, precision, onHand);
          if (typeof result !== 'number') return;
          expect(result).toBeGreaterThan(0);
          if (onHand !== undefined) expect(result).toBeLessThanOrEqual(onHand);
          expect((text.split('.')[1] ?? '').replace(/0+$/, '').length).toBeLessThanOrEqual(precision);
        },
      ),
    );
  });
});

describe('who decides', () => {
  const pending = { status: 'pending' as const, requester: 'demo-storekeeper', toWarehouse: 'WH-WIP' };
  it('is a storekeeper of the receiving warehouse or an admin, never the requester, only while pending', () => {
    const wipKeeper = { id: 'k2', roles: ['storekeeper'], scopes: { warehouses: ['WH-WIP'] } };
    expect(mayDecide(wipKeeper, pending)).toBe(true);
    expect(mayDecide(wipKeeper, { ...pending, status: 'posted' })).toBe(false);
    expect(mayDecide({ ...wipKeeper, id: 'demo-storekeeper' }, pending)).toBe(false);
    expect(mayDecide({ id: 'k3', roles: ['storekeeper'], scopes: { warehouses: ['WH-RM'] } }, pending)).toBe(
      false,
    );
    expect(mayDecide({ id: 'ap', roles: ['approver'], scopes: { warehouses: ['WH-WIP'] } }, pending)).toBe(
      false,
    );
    expect(mayDecide({ id: 'ad', roles: ['admin'] }, pending)).toBe(true);
    expect(mayDecide(undefined, pending)).toBe(false);
  });

  it('makes transfers: storekeepers, planners and admins', () => {
    expect(mayTransfer({ roles: ['storekeeper'] })).toBe(true);
    expect(mayTransfer({ roles: ['planner'] })).toBe(true);
    expect(mayTransfer({ roles: ['approver'] })).toBe(false);
    expect(mayTransfer({ roles: ['operator'] })).toBe(false);
  });
});
