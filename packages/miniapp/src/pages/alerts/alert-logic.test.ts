import type { Alert, StockBalance } from '@shopfloor/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../i18n/i18n';
import {
  alertHeading,
  appendAlerts,
  parseOperationSubject,
  replaceAlert,
  replenishmentAdvice,
  stockLevel,
  stockPercent,
} from './alert-logic';

afterEach(() => setLocale('zh-CN'));

const today = '2026-12-02';

describe('replenishment advice', () => {
  it('words a purchase as the action with the last order day', () => {
    const advice = replenishmentAdvice(
      {
        item: 'CH-GASLIFT',
        type: 'buy',
        qty: 120,
        releaseDate: '2026-12-05',
        dueDate: '2026-12-17',
        late: false,
        reasons: [],
      },
      'pcs',
      today,
    );
    expect(advice).toEqual({
      text: '建议采购 120 pcs，最迟 12-05 下单',
      detail: '需在 12-17 前到货',
      late: false,
    });
  });

  it('words a production order with its release day', () => {
    const advice = replenishmentAdvice(
      {
        item: 'PT-TOP',
        type: 'make',
        qty: 60,
        releaseDate: '2026-12-04',
        dueDate: '2026-12-06',
        reasons: [],
      },
      'pcs',
      today,
    );
    expect(advice.text).toBe('建议生产 60 pcs，最迟 12-04 下达');
    expect(advice.detail).toBe('需在 12-06 前完工');
  });

  it('says "today" on the last day and how late once it has passed', () => {
    const due = { item: 'X', type: 'buy' as const, qty: 5, reasons: [] };
    expect(replenishmentAdvice({ ...due, releaseDate: today }, 'kg', today)).toMatchObject({
      text: '建议采购 5 kg，今天就要下单',
      late: false,
    });
    expect(
      replenishmentAdvice({ ...due, releaseDate: '2026-11-17', dueDate: today, late: true }, 'kg', today),
    ).toEqual({
      text: '建议采购 5 kg，应于 11-17 下单，已晚 15 天',
      detail: '需在 12-02 前到货',
      late: true,
    });
    expect(
      replenishmentAdvice({ ...due, releaseDate: '2026-11-22', dueDate: today, late: true }, 'pcs', today, 10)
        .earliest,
    ).toBe('今天下单，最早 12-12 到货');
    // Computed on time days ago, late by now.
    expect(replenishmentAdvice({ ...due, releaseDate: '2026-12-01', late: false }, 'kg', today).late).toBe(
      true,
    );
  });

  it('speaks English when switched', () => {
    setLocale('en');
    const advice = replenishmentAdvice(
      { item: 'X', type: 'buy', qty: 120, releaseDate: '2026-12-05', dueDate: '2026-12-17', reasons: [] },
      'pcs',
      today,
    );
    expect(advice).toEqual({
      text: 'Buy 120 pcs, order by Dec\u00a05',
      detail: 'Needed in stock by Dec\u00a017',
      late: false,
    });
  });

  it('leaves out the unit and the dates it does not have', () => {
    expect(replenishmentAdvice({ item: 'X', type: 'make', qty: 3, reasons: [] }, '', today)).toEqual({
      text: '建议生产 3',
      late: false,
    });
  });
});

describe('stock level', () => {
  const balance = (qty: number): StockBalance => ({
    item: 'CM-PU-TOP',
    warehouse: 'WH-RM',
    qty,
    uom: 'kg',
    safetyStock: 60,
  });

  it('sums every balance of the item against its safety stock', () => {
    const level = stockLevel([balance(13.5), balance(31.5), balance(0.1), balance(0.2)])!;
    expect(level).toEqual({ onHand: 45.3, safetyStock: 60, uom: 'kg' });
    expect(stockPercent(level)).toBe(76);
    expect(stockLevel([])).toBeNull();
    expect(stockPercent({ onHand: -2, safetyStock: 10 })).toBe(0);
    expect(stockPercent({ onHand: 5 })).toBe(100);
  });
});

describe('alert headings and lists', () => {
  const alert = (patch: Partial<Alert>): Alert => ({
    id: 'a1',
    kind: 'safety-stock',
    severity: 'warning',
    subject: { type: 'item', id: 'CH-GASLIFT' },
    title: '低于安全库存：CH-GASLIFT',
    status: 'open',
    createdAt: '2026-12-02T00:57:00+08:00',
    ...patch,
  });

  it('reads the operation out of an overdue-operation subject', () => {
    expect(parseOperationSubject('WO-2026-0012:40')).toEqual({ workOrderNo: 'WO-2026-0012', seq: 40 });
    expect(parseOperationSubject('nonsense')).toBeNull();
  });

  it('titles each kind in the current language', () => {
    expect(alertHeading(alert({}), '气压棒 三级')).toBe('气压棒 三级 低于安全库存');
    expect(
      alertHeading(
        alert({ kind: 'overdue-operation', subject: { type: 'operation', id: 'WO-2026-0004:60' } }),
      ),
    ).toBe('WO-2026-0004 · 工序 60 逾期');
    setLocale('en');
    expect(alertHeading(alert({}))).toBe('CH-GASLIFT below safety stock');
    expect(alertHeading(alert({ kind: 'sync-failure', subject: { type: 'connector', id: 'erp' } }))).toBe(
      'Sync failed: erp',
    );
    expect(alertHeading(alert({ kind: 'system', title: '系统通知：维护' }))).toBe('系统通知：维护');
  });

  it('replaces an acknowledged alert in place and appends pages without duplicates', () => {
    const list = [alert({ id: 'a1' }), alert({ id: 'a2' })];
    const answer = alert({ id: 'a2', status: 'acknowledged', acknowledgedBy: 'demo-storekeeper' });
    expect(replaceAlert(list, answer).map((a) => a.status)).toEqual(['open', 'acknowledged']);
    expect(appendAlerts(list, [alert({ id: 'a2' }), alert({ id: 'a3' })]).map((a) => a.id)).toEqual([
      'a1',
      'a2',
      'a3',
    ]);
  });
});
