import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbitraryBom } from '../../test/mrp-fixtures.js';
import { compileBom } from '../compile.js';
import { formatDay, parseDay } from '../dates.js';
import type { BomDocument } from '../types.js';
import { plan } from './plan.js';
import type { DatedQty, LotSizingRule, PlanOptions } from './types.js';

const FIRST_DUE = parseDay('2027-01-01')!;
const FAR_BEFORE = '2026-01-01';

const datedLines = (doc: BomDocument) =>
  fc
    .array(
      fc.record({
        i: fc.nat(),
        qty: fc.integer({ min: 1, max: 20 }),
        offset: fc.integer({ min: 0, max: 60 }),
      }),
      { minLength: 1, maxLength: 12 },
    )
    .map((lines): DatedQty[] =>
      lines.map((l) => ({
        item: doc.items[l.i % doc.items.length]!.code,
        qty: l.qty,
        due: formatDay(FIRST_DUE + l.offset),
      })),
    );

const modifiers = fc.record({
  minQty: fc.constantFrom(undefined, 10, 30),
  multiple: fc.constantFrom(undefined, 5, 10),
  maxQty: fc.constantFrom(undefined, 50, 100),
});

const lotRule: fc.Arbitrary<LotSizingRule> = fc.oneof(
  modifiers.map((m) => ({ rule: 'lot-for-lot' as const, ...m })),
  fc
    .record({ qty: fc.constantFrom(7, 20, 40), m: modifiers })
    .map(({ qty, m }) => ({ rule: 'fixed' as const, qty, ...m })),
  fc
    .record({ days: fc.integer({ min: 1, max: 14 }), m: modifiers })
    .map(({ days, m }) => ({ rule: 'period' as const, days, ...m })),
  fc
    .record({ min: fc.constantFrom(0, 10), max: fc.constantFrom(60, 120), m: modifiers })
    .map(({ min, max, m }) => ({
      rule: 'min-max' as const,
      min,
      max,
      ...m,
    })),
);

/** A BOM and a full set of plan options over its items: stock, receipts, safety stock, lot sizing. */
const scenario = arbitraryBom({ fractional: false, missingCosts: false }).chain((doc) => {
  const perItem = <T>(arb: fc.Arbitrary<T>) =>
    fc
      .array(fc.option(arb, { freq: 2 }), { minLength: doc.items.length, maxLength: doc.items.length })
      .map((values) => {
        const out: Record<string, T> = {};
        values.forEach((v, i) => {
          if (v !== null) out[doc.items[i]!.code] = v;
        });
        return out;
      });
  return fc
    .record({
      demand: datedLines(doc),
      openReceipts: datedLines(doc),
      onHand: perItem(fc.integer({ min: 0, max: 60 })),
      allocated: perItem(fc.integer({ min: 0, max: 20 })),
      safetyStock: perItem(fc.integer({ min: 0, max: 30 })),
      lotSizing: perItem(lotRule),
      today: fc.integer({ min: -30, max: 40 }).map((d) => formatDay(FIRST_DUE + d)),
    })
    .map((options: PlanOptions) => ({ doc, options }));
});

const lotOf = (rule: LotSizingRule) => {
  const raised = rule.rule === 'fixed' ? Math.max(rule.qty, rule.minQty ?? 0) : 0;
  return rule.multiple ? Math.ceil(raised / rule.multiple) * rule.multiple : raised;
};

describe('plan: invariants on random BOMs', () => {
  it('plans, with no stock and lot-for-lot, exactly what the explosion of the demand requires', () => {
    fc.assert(
      fc.property(
        arbitraryBom({ fractional: false, missingCosts: false }).chain((doc) =>
          datedLines(doc).map((demand) => ({ doc, demand })),
        ),
        ({ doc, demand }) => {
          const bom = compileBom(doc);
          const expected = new Map<string, number>();
          const add = (item: string, qty: number) => expected.set(item, (expected.get(item) ?? 0) + qty);
          for (const d of demand) {
            if (bom.itemInfo(d.item).type !== 'phantom') add(d.item, d.qty);
            for (const r of bom.explode({ item: d.item, qty: d.qty, date: '2027-01-01' }).requirements)
              add(r.item, r.qty);
          }
          const planned = new Map<string, number>();
          for (const o of plan(bom, { demand, today: FAR_BEFORE }).plannedOrders) {
            planned.set(o.item, (planned.get(o.item) ?? 0) + o.qty);
          }
          expect(planned).toEqual(expected);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('keeps projected on hand at or above safety stock once planned receipts arrive', () => {
    fc.assert(
      fc.property(scenario, ({ doc, options }) => {
        const result = plan(compileBom(doc), options);
        for (const record of result.items) {
          if (record.type === 'phantom') continue;
          for (const p of record.projectedOnHand) expect(p.qty).toBeGreaterThanOrEqual(record.safetyStock);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('respects every lot-sizing rule: fixed lots, minimum, multiple and maximum', () => {
    fc.assert(
      fc.property(scenario, ({ doc, options }) => {
        const rules = options.lotSizing as Record<string, LotSizingRule>;
        for (const order of plan(compileBom(doc), options).plannedOrders) {
          const rule = rules[order.item];
          if (!rule) continue;
          if (rule.rule === 'fixed') expect(order.qty).toBe(lotOf(rule));
          if (rule.multiple) expect(Number.isInteger(order.qty / rule.multiple)).toBe(true);
          expect(order.qty).toBeGreaterThanOrEqual(rule.minQty ?? 0);
          expect(order.qty).toBeLessThanOrEqual(rule.maxQty ?? Number.POSITIVE_INFINITY);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('releases every order its lead time before its due date, late exactly when that is before today', () => {
    fc.assert(
      fc.property(scenario, ({ doc, options }) => {
        const leadTimes = new Map(doc.items.map((i) => [i.code, i.leadTime ?? 0]));
        const result = plan(compileBom(doc), options);
        const today = parseDay(options.today!)!;
        for (const o of result.plannedOrders) {
          const release = parseDay(o.releaseDate)!;
          expect(parseDay(o.dueDate)! - release).toBe(leadTimes.get(o.item));
          expect(o.late).toBe(release < today);
        }
        const lateOrders = result.plannedOrders.filter((o) => o.late).length;
        expect(result.exceptions.filter((e) => e.kind === 'late-release')).toHaveLength(lateOrders);
      }),
      { numRuns: 150 },
    );
  });

  it('never plans a phantom, and sorts orders by release date then item', () => {
    fc.assert(
      fc.property(scenario, ({ doc, options }) => {
        const phantoms = new Set(doc.items.filter((i) => i.type === 'phantom').map((i) => i.code));
        const orders = plan(compileBom(doc), options).plannedOrders;
        expect(orders.filter((o) => phantoms.has(o.item))).toEqual([]);
        const keys = orders.map((o) => [o.releaseDate, o.item] as const);
        for (let i = 1; i < keys.length; i++) {
          const [d0, i0] = keys[i - 1]!;
          const [d1, i1] = keys[i]!;
          expect(d0 < d1 || (d0 === d1 && i0 <= i1)).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });
});
