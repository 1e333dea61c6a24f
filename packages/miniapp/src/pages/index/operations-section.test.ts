import type { WorkOrder } from '@shopfloor/sdk';
import { describe, expect, it } from 'vitest';
import { openOperations } from './operations';

const NOW = Date.parse('2026-12-04T08:00:00+08:00');
const op = (seq: number, status: 'pending' | 'ready' | 'in-progress' | 'done', plannedStart?: string) => ({
  seq,
  name: `工序${seq}`,
  workshop: 'WS-ASM',
  status,
  goodQty: 0,
  scrapQty: 0,
  plannedStart,
});
const order = (no: string, ops: ReturnType<typeof op>[]): WorkOrder => ({
  no,
  item: 'TABLE',
  qty: 10,
  due: '2026-12-20',
  status: 'released',
  operations: ops,
});

describe('今日工序: a week ahead, startable first', () => {
  it('keeps operations planned within a week (and unplanned ones), drops later and done ones', () => {
    const list = openOperations(
      [
        order('WO-1', [
          op(10, 'done', '2026-12-01T08:00:00+08:00'),
          op(20, 'pending', '2026-12-09T08:00:00+08:00'),
          op(30, 'pending', '2026-12-20T08:00:00+08:00'),
        ]),
        order('WO-2', [op(10, 'ready')]),
      ],
      [],
      NOW,
    );
    expect(list.map(({ order, op }) => `${order.no}:${op.seq}`)).toEqual(['WO-2:10', 'WO-1:20']);
  });

  it('lists the startable ones first, then those waiting, each earliest first', () => {
    const list = openOperations(
      [
        order('WO-1', [
          op(10, 'pending', '2026-12-04T08:00:00+08:00'),
          op(20, 'in-progress', '2026-12-06T08:00:00+08:00'),
        ]),
        order('WO-2', [op(10, 'ready', '2026-12-05T08:00:00+08:00')]),
      ],
      [],
      NOW,
    );
    expect(list.map(({ order, op }) => `${order.no}:${op.seq}:${op.status}`)).toEqual([
      'WO-2:10:ready',
      'WO-1:20:in-progress',
      'WO-1:10:pending',
    ]);
  });
});
