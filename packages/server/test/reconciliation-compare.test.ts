import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareStock, compareWorkOrders, type OurStock } from '../src/modules/reconciliation/compare.js';
import { scaledText, toScaled } from '../src/modules/reconciliation/decimal.js';
import type { StockSnapshotRow } from '../src/modules/reconciliation/snapshot.js';

const ITEMS = ['A', 'B', 'C', '物料-D'];
const LOCATIONS = ['L1', 'L2', '库位3'];
const LOTS = ['', 'LOT-1'];
/** Each item's precision (decimal places of its unit). */
const PLACES: Record<string, number> = { A: 0, B: 2, C: 3, '物料-D': 6 };

/** n × 10^-places as decimal text, written independently of the module's helpers. */
function text(n: bigint, places: number): string {
  const negative = n < 0n;
  const digits = (negative ? -n : n).toString().padStart(places + 1, '0');
  const body = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  return negative ? `-${body}` : body;
}

const key = (r: { item: string | null; location: string | null; lot: string | null }) =>
  `${r.item}|${r.location}|${r.lot}`;

const stockKey = fc.record({
  item: fc.constantFrom(...ITEMS),
  location: fc.constantFrom(...LOCATIONS),
  lot: fc.constantFrom(...LOTS),
});
/** A quantity in units of the item's precision: often small (0 and equal values come up). */
const units = fc.oneof(fc.bigInt({ min: 0n, max: 5n }), fc.bigInt({ min: 0n, max: 10n ** 12n }));

describe('the stock comparison (hash join)', () => {
  it('partitions the union of keys into matched, missing here, missing there and differing, with exact differences (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ k: stockKey, n: units }), { selector: (r) => key(r.k), maxLength: 24 }),
        fc.array(fc.record({ k: stockKey, n: units, asNumber: fc.boolean() }), { maxLength: 30 }),
        (ourSide, theirSide) => {
          const ours: OurStock[] = ourSide.map(({ k, n }) => ({
            ...k,
            qty: text(n, PLACES[k.item]!),
            precision: PLACES[k.item]!,
          }));
          const theirs: StockSnapshotRow[] = theirSide.map(({ k, n, asNumber }, i) => {
            const written = text(n, PLACES[k.item]!);
            // Spreadsheets hand numbers; small ones survive the round trip through a double.
            return { ...k, qty: asNumber && n < 2n ** 40n ? Number(written) : written, at: i + 2 };
          });
          const result = compareStock(theirs, ours);

          const ourUnits = new Map(ourSide.map(({ k, n }) => [key(k), n]));
          const theirUnits = new Map<string, bigint>();
          for (const { k, n } of theirSide) theirUnits.set(key(k), (theirUnits.get(key(k)) ?? 0n) + n);
          const union = new Set([
            ...theirUnits.keys(),
            ...[...ourUnits].filter(([, n]) => n !== 0n).map(([k]) => k),
          ]);

          const seen = result.rows.map(key);
          expect(new Set(seen).size).toBe(seen.length);
          expect(new Set(seen)).toEqual(union);
          for (const row of result.rows) {
            const k = key(row);
            const places = PLACES[row.item!]!;
            const mine = ourUnits.get(k);
            const their = theirUnits.get(k);
            if (their === undefined) {
              expect(row.status).toBe('missingThere');
              expect(row.ourQty).toBe(scaledText(mine!, places));
            } else if (mine === undefined && their !== 0n) {
              expect(row.status).toBe('missingHere');
              expect(row.ourQty).toBeNull();
            } else if ((mine ?? 0n) === their) {
              expect(row.status).toBe('matched');
            } else {
              expect(row.status).toBe('differing');
              const exact = text(mine! - their, places);
              expect(row.diff).toBe(scaledText(toScaled(exact, places), places));
              expect(Number(row.diff)).toBe(Number(exact));
            }
          }
          const t = result.totals;
          expect(t.matched + t.missingHere + t.missingThere + t.differing).toBe(union.size);
          expect(t.theirs).toBe(theirUnits.size);
          expect(t.ours).toBe(t.matched + t.differing + t.missingThere);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('compares at the unit precision, half-up, and never by float subtraction', () => {
    const ours: OurStock[] = [
      { item: 'A', location: 'L1', lot: '', qty: '10.000000', precision: 6 },
      { item: 'B', location: 'L1', lot: '', qty: '0.3', precision: 6 },
      { item: 'C', location: 'L1', lot: '', qty: '2', precision: 0 },
    ];
    const theirs: StockSnapshotRow[] = [
      { item: 'A', location: 'L1', lot: '', qty: '10.0000004', at: 2 },
      { item: 'B', location: 'L1', lot: '', qty: 0.1, at: 3 },
      { item: 'B', location: 'L1', lot: '', qty: 0.1, at: 4 },
      { item: 'C', location: 'L1', lot: '', qty: '2.5', at: 5 },
    ];
    const { rows } = compareStock(theirs, ours);
    const byItem = new Map(rows.map((r) => [r.item, r]));
    expect(byItem.get('A')!.status).toBe('matched');
    // 0.3 − (0.1 + 0.1) is 0.1, not 0.09999999999999998.
    expect(byItem.get('B')!).toMatchObject({ status: 'differing', diff: '0.1', theirQty: '0.2' });
    // 2.5 of an item counted in whole units is 3 (half-up): 2 − 3.
    expect(byItem.get('C')!).toMatchObject({ status: 'differing', diff: '-1', theirQty: '3' });
  });
});

describe('the work-order comparison', () => {
  it('differs on item, quantity or status, and compares their status only when they give one', () => {
    const ours = [
      { no: 'WO-1', item: 'TABLE', qty: '10', status: 'released', precision: 0 },
      { no: 'WO-2', item: 'TABLE', qty: '10', status: 'released', precision: 0 },
      { no: 'WO-3', item: 'CHAIR', qty: '4', status: 'done', precision: 0 },
      { no: 'WO-4', item: 'CHAIR', qty: '4', status: 'draft', precision: 0 },
    ];
    const theirs = [
      { no: 'WO-1', item: 'TABLE', qty: '10', status: 'released', at: 2 },
      { no: 'WO-2', item: 'TABLE', qty: '12', status: 'done', at: 3 },
      { no: 'WO-3', item: 'STOOL', qty: '4', status: null, at: 4 },
      { no: 'WO-9', item: 'TABLE', qty: '1', status: null, at: 5 },
    ];
    const { rows, totals } = compareWorkOrders(theirs, ours);
    const byNo = new Map(rows.map((r) => [r.no, r]));
    expect(byNo.get('WO-1')!.status).toBe('matched');
    expect(byNo.get('WO-2')!).toMatchObject({ status: 'differing', fields: ['qty', 'status'], diff: '-2' });
    expect(byNo.get('WO-3')!).toMatchObject({ status: 'differing', fields: ['item'] });
    expect(byNo.get('WO-4')!.status).toBe('missingThere');
    expect(byNo.get('WO-9')!.status).toBe('missingHere');
    expect(totals).toEqual({ theirs: 4, ours: 4, matched: 1, missingHere: 1, missingThere: 1, differing: 2 });
  });
});
