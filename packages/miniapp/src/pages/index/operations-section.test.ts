import type { WorkOrder } from '@shopfloor/sdk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { setLocale } from '../../i18n/i18n';
import { materialNote } from './material';
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

  it("lists each operation once when two workshops' answers carry the same order, each with other operations", () => {
    const both = (ops: ReturnType<typeof op>[]) =>
      order(
        'WO-1',
        ops.map((o, i) => ({ ...o, workshop: i === 0 ? 'WS-CUT' : 'WS-MCH' })),
      );
    const cut = both([op(10, 'ready'), op(20, 'pending'), op(30, 'pending')]);
    const list = openOperations(
      [
        { ...cut, operations: [cut.operations[0]!, cut.operations[1]!] },
        { ...cut, operations: [cut.operations[1]!, cut.operations[2]!] },
      ],
      ['WS-CUT', 'WS-MCH'],
      NOW,
    );
    expect(list.map(({ order, op }) => `${order.no}:${op.seq}`)).toEqual(['WO-1:10', 'WO-1:20', 'WO-1:30']);
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

describe('今日工序: waiting for material (待齐套)', () => {
  const withMaterial = (
    no: string,
    material: 'ready' | 'waiting' | undefined,
    plannedStart: string,
    status: 'ready' | 'in-progress' | 'pending' = 'ready',
  ) =>
    order(no, [
      {
        ...op(10, status, plannedStart),
        ...(material ? { material } : {}),
        ...(material === 'waiting'
          ? { missing: [{ item: 'HINGE', name: '铰链', short: 12, uom: 'pcs' }] }
          : {}),
      },
    ]);

  it('lists the startable operations first, then those waiting for material, then those waiting on an earlier one', () => {
    const list = openOperations(
      [
        withMaterial('WO-WAIT', 'waiting', '2026-12-04T08:00:00+08:00'),
        withMaterial('WO-PEND', undefined, '2026-12-03T08:00:00+08:00', 'pending'),
        withMaterial('WO-READY', 'ready', '2026-12-06T08:00:00+08:00'),
        withMaterial('WO-RUN', 'waiting', '2026-12-02T08:00:00+08:00', 'in-progress'),
        withMaterial('WO-NOBOM', undefined, '2026-12-05T08:00:00+08:00'),
      ],
      [],
      NOW,
    );
    expect(list.map(({ order }) => order.no)).toEqual([
      'WO-NOBOM',
      'WO-READY',
      'WO-RUN',
      'WO-WAIT',
      'WO-PEND',
    ]);
  });

  it('keeps every startable operation before every waiting one, whatever the plan (property)', () => {
    const status = fc.constantFrom('pending', 'ready', 'in-progress') as fc.Arbitrary<
      'pending' | 'ready' | 'in-progress'
    >;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            material: fc.constantFrom('ready', 'waiting', undefined) as fc.Arbitrary<
              'ready' | 'waiting' | undefined
            >,
            day: fc.integer({ min: 1, max: 9 }),
            status,
          }),
          { maxLength: 12 },
        ),
        (rows) => {
          const orders = rows.map((r, i) =>
            withMaterial(`WO-${i}`, r.material, `2026-12-0${r.day}T08:00:00+08:00`, r.status),
          );
          const ranks = openOperations(orders, [], NOW).map(({ op }) =>
            op.status === 'pending' ? 2 : op.material === 'waiting' ? 1 : 0,
          );
          expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
          expect(ranks.length).toBe(rows.length);
        },
      ),
    );
  });

  it('badges a waiting operation 待齐套 with its first missing component, and nothing when ready', () => {
    expect(
      materialNote({
        material: 'waiting',
        missing: [{ item: 'HINGE', name: '铰链', short: 12, uom: 'pcs' }],
      }),
    ).toEqual({ badge: '待齐套', missing: '缺 铰链 12 件' });
    expect(
      materialNote({
        material: 'waiting',
        missing: [
          { item: 'DOOR', short: 3, uom: 'pcs' },
          { item: 'HINGE', name: '铰链', short: 12, uom: 'pcs' },
        ],
      }),
    ).toEqual({ badge: '待齐套', missing: '缺 DOOR 3 件 等 1 项' });
    expect(materialNote({ material: 'waiting' })).toEqual({ badge: '待齐套' });
    expect(materialNote({ material: 'ready' })).toBeUndefined();
    expect(materialNote({})).toBeUndefined();
  });

  it('says it in English too', () => {
    setLocale('en');
    try {
      expect(
        materialNote({
          material: 'waiting',
          missing: [{ item: 'HINGE', name: 'Hinge', short: 12, uom: 'pcs' }],
        }),
      ).toEqual({ badge: 'Waiting for material', missing: 'short: Hinge 12 pcs' });
    } finally {
      setLocale('zh-CN');
    }
  });
});
