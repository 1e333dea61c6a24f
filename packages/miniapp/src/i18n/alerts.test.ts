import type { Alert } from '@shopfloor/sdk';
import { describe, expect, it } from 'vitest';
import { alertText } from './alerts';

const base: Alert = {
  id: '00000000-0000-4000-8000-000000000001',
  kind: 'safety-stock',
  severity: 'warning',
  subject: { type: 'item', id: 'CM-PU-TOP' },
  title: '低于安全库存：CM-PU-TOP',
  message: '聚氨酯面板（CM-PU-TOP）库存 30 kg，低于安全库存 50 kg',
  suggestion: '建议采购 75 kg，提前期 5 天，今天下单预计 2026-12-10 到货',
  status: 'open',
  createdAt: '2026-12-05T08:00:00.000+08:00',
  acknowledgedAt: null,
  resolvedAt: null,
};

describe('alerts in the reader language', () => {
  const stock: Alert = {
    ...base,
    params: { item: 'CM-PU-TOP', itemName: '聚氨酯面板', onHand: 30, safetyStock: 50, uom: 'kg' },
    replenishment: { item: 'CM-PU-TOP', type: 'buy', qty: 75, dueDate: '2026-12-10', reasons: [] },
  };

  it('names the item beside its code and words a safety-stock alert in Chinese units', () => {
    expect(alertText(stock, 'zh-CN')).toEqual({
      title: '低于安全库存：聚氨酯面板（CM-PU-TOP）',
      message: '库存 30 千克，低于安全库存 50 千克',
      suggestion: '建议采购 75 千克，2026-12-10 前到',
    });
  });

  it('says the same alert in English with no Chinese but the item name', () => {
    const en = alertText(stock, 'en');
    expect(en).toEqual({
      title: 'Below safety stock: 聚氨酯面板 (CM-PU-TOP)',
      message: '30 kg on hand, below the safety stock of 50 kg',
      suggestion: 'Buy 75 kg, needed by 2026-12-10',
    });
  });

  it('words an overdue operation from its params', () => {
    const late: Alert = {
      ...base,
      kind: 'overdue-operation',
      subject: { type: 'operation', id: 'WO-2026-0004:60' },
      title: '工序逾期：WO-2026-0004:60',
      suggestion: undefined,
      params: {
        workOrderNo: 'WO-2026-0004',
        seq: 60,
        operation: 'Packing',
        lateMinutes: 180,
        deadline: '2026-12-04 18:00',
        good: 3,
        qty: 10,
      },
    };
    expect(alertText(late, 'en').message).toBe(
      'Work order WO-2026-0004 operation 60 (Packing) is 3 h late: due 2026-12-04 18:00, 3 of 10 good',
    );
    expect(alertText(late, 'zh-CN').title).toBe('工序逾期：WO-2026-0004 工序 60');
  });

  it('keeps no Chinese server sentence in English for an alert without params', () => {
    const old = { ...base, replenishment: undefined };
    expect(alertText(old, 'en')).toEqual({ title: 'safety-stock: CM-PU-TOP' });
    expect(alertText(old, 'zh-CN').message).toBe(base.message);
  });
});
