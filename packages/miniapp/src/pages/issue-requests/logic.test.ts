import type { MaterialRequirement, StockBalance } from '@shopfloor/sdk';
import { describe, expect, it } from 'vitest';
import {
  allocate,
  approvalLines,
  buildRequestLines,
  checkRows,
  defaultApproved,
  defaultWarehouse,
  formatQty,
  mapLineErrors,
  materialRows,
  mayPostEmergency,
  onHandIn,
  parseQty,
  type RowInput,
  shortTime,
  sourceBalance,
  statusTone,
  warehouseCounts,
} from './logic';

const material = (over: Partial<MaterialRequirement> & { item: string }): MaterialRequirement => ({
  name: over.item,
  uom: 'pcs',
  type: 'buy',
  required: 10,
  issued: 0,
  remaining: 10,
  onHand: [],
  ...over,
});

const balance = (location: string, qty: number, lot?: string, item = 'A'): StockBalance => ({
  item,
  warehouse: 'WH-RM',
  location,
  ...(lot ? { lot } : {}),
  qty,
  uom: 'pcs',
});

const input = (qtyText: string, over: Partial<RowInput> = {}): RowInput => ({
  include: true,
  qtyText,
  reason: '',
  ...over,
});

describe('materialRows', () => {
  it('keeps the materials with something remaining, buy ticked and make not', () => {
    const rows = materialRows([
      material({ item: 'A', type: 'buy' }),
      material({ item: 'DONE', remaining: 0, issued: 10 }),
      material({ item: 'SUB', type: 'make' }),
    ]);
    expect(rows.map((r) => [r.item, r.includeByDefault])).toEqual([
      ['A', true],
      ['SUB', false],
    ]);
  });
});

describe('default warehouse', () => {
  it('is the warehouse holding most of the included lines', () => {
    const rows = materialRows([
      material({ item: 'A', onHand: [{ warehouse: 'WH-RM', qty: 5 }] }),
      material({
        item: 'B',
        onHand: [
          { warehouse: 'WH-RM', qty: 50 },
          { warehouse: 'WH-B', qty: 50 },
        ],
      }),
      material({ item: 'C', onHand: [{ warehouse: 'WH-B', qty: 50 }] }),
      material({ item: 'D', onHand: [{ warehouse: 'WH-B', qty: 50 }] }),
      // Not included by default: does not count.
      material({ item: 'S1', type: 'make', onHand: [{ warehouse: 'WH-WIP', qty: 9 }] }),
      material({ item: 'S2', type: 'make', onHand: [{ warehouse: 'WH-WIP', qty: 9 }] }),
      material({ item: 'S3', type: 'make', onHand: [{ warehouse: 'WH-WIP', qty: 9 }] }),
      material({ item: 'S4', type: 'make', onHand: [{ warehouse: 'WH-WIP', qty: 9 }] }),
    ]);
    expect(defaultWarehouse(rows)).toBe('WH-B');
  });

  it('breaks a tie by the lines covered in full, then by code', () => {
    const tie = materialRows([
      material({ item: 'A', onHand: [{ warehouse: 'WH-A', qty: 1 }] }),
      material({ item: 'B', onHand: [{ warehouse: 'WH-Z', qty: 10 }] }),
    ]);
    expect(defaultWarehouse(tie)).toBe('WH-Z');
    const even = materialRows([
      material({ item: 'A', onHand: [{ warehouse: 'WH-Z', qty: 10 }] }),
      material({ item: 'B', onHand: [{ warehouse: 'WH-A', qty: 10 }] }),
    ]);
    expect(defaultWarehouse(even)).toBe('WH-A');
  });

  it('falls back to all lines when none is included, and to nothing without stock', () => {
    const onlyMade = materialRows([
      material({ item: 'S', type: 'make', onHand: [{ warehouse: 'WH-WIP', qty: 3 }] }),
    ]);
    expect(defaultWarehouse(onlyMade)).toBe('WH-WIP');
    expect(defaultWarehouse(materialRows([material({ item: 'A' })]))).toBeUndefined();
  });

  it('counts a warehouse listed twice for one item once, and ignores empty balances', () => {
    const rows = materialRows([
      material({
        item: 'A',
        onHand: [
          { warehouse: 'WH-RM', qty: 4 },
          { warehouse: 'WH-RM', qty: 6 },
          { warehouse: 'WH-X', qty: 0 },
        ],
      }),
    ]);
    expect(warehouseCounts(rows)).toEqual([{ warehouse: 'WH-RM', lines: 1, covered: 1 }]);
    expect(onHandIn(rows[0]!, 'WH-RM')).toBe(10);
    expect(onHandIn(rows[0]!, undefined)).toBe(0);
  });
});

describe('allocate (where a line is taken from)', () => {
  it('takes it from one balance when one holds enough (the largest), with its lot', () => {
    expect(allocate(20, [balance('L1', 30, 'LOT-1'), balance('L2', 70, 'LOT-2')])).toEqual([
      { location: 'L2', lot: 'LOT-2', qty: 20 },
    ]);
  });

  it('splits over balances largest first when none holds enough, without float dust', () => {
    expect(allocate(13.25, [balance('L1', 10.1), balance('L2', 3.3)])).toEqual([
      { location: 'L1', qty: 10.1 },
      { location: 'L2', qty: 3.15 },
    ]);
  });

  it('leaves the shortfall on the largest balance, and finds nothing in an empty warehouse', () => {
    expect(allocate(50, [balance('L1', 40)])).toEqual([{ location: 'L1', qty: 50 }]);
    expect(allocate(50, [balance('L1', 0)])).toEqual([]);
    expect(allocate(50, [])).toEqual([]);
  });
});

describe('checkRows and buildRequestLines', () => {
  const rows = materialRows([
    material({ item: 'A', remaining: 10, onHand: [{ warehouse: 'WH-RM', qty: 100 }] }),
    material({ item: 'B', remaining: 5, onHand: [{ warehouse: 'WH-RM', qty: 8 }] }),
    material({ item: 'C', remaining: 5, onHand: [] }),
  ]);

  it('asks for a positive quantity and a reason above the remaining; skips unticked rows', () => {
    const problems = checkRows(rows, [input('0'), input('6'), input('1', { include: false })], 'WH-RM');
    expect([...problems]).toEqual([
      [0, { qty: 'qty-invalid' }],
      [1, { reason: 'reason-required' }],
    ]);
    expect(checkRows(rows, [input('10'), input('6', { reason: '报废补料' }), input('1')], 'WH-RM')).toEqual(
      new Map([[2, { qty: 'no-stock' }]]),
    );
  });

  it('maps each request line back to its row, split lines carrying the reason', () => {
    const balances = new Map([
      ['A', [balance('RM-A01', 100)]],
      ['B', [balance('RM-B01', 4, 'B-1', 'B'), balance('RM-B02', 4, 'B-2', 'B')]],
    ]);
    const built = buildRequestLines(
      rows,
      [input('10'), input('6', { reason: ' 报废补料 ' }), input('3', { include: false })],
      balances,
    );
    expect(built.lines).toEqual([
      { item: 'A', qty: 10, location: 'RM-A01' },
      { item: 'B', qty: 4, location: 'RM-B01', lot: 'B-1', reason: '报废补料' },
      { item: 'B', qty: 2, location: 'RM-B02', lot: 'B-2', reason: '报废补料' },
    ]);
    expect(built.lineToRow).toEqual([0, 1, 1]);
    expect(built.unplaced).toEqual([]);
  });

  it('sends a reason typed for a row within its remaining (the server may know less remains)', () => {
    const built = buildRequestLines(
      rows,
      [input('10', { reason: '首件报废' }), input('1', { include: false }), input('1', { include: false })],
      new Map([['A', [balance('RM-A01', 100)]]]),
    );
    expect(built.lines).toEqual([{ item: 'A', qty: 10, location: 'RM-A01', reason: '首件报废' }]);
  });

  it('reports rows with no balance to take from', () => {
    const built = buildRequestLines(
      rows,
      [input('1'), input('1', { include: false }), input('2')],
      new Map(),
    );
    expect(built.lines).toEqual([]);
    expect(built.unplaced).toEqual([0, 2]);
  });
});

describe('mapLineErrors', () => {
  it('puts lines.N.field on the row of request line N; other paths are general', () => {
    const mapped = mapLineErrors(
      [
        { path: 'lines.2.reason', message: 'B: requested 6 is above … give a reason' },
        { path: 'lines.1.reason', message: 'B: requested 6 is above … give a reason' },
        { path: 'lines.0.qty', message: 'A is counted in pcs with at most 0 decimal places' },
        { path: 'lines.0.location', message: 'unknown location X' },
        { path: 'warehouse', message: 'unknown warehouse WH-Q' },
        { path: 'lines.9.qty', message: 'no such line' },
      ],
      [0, 1, 1],
    );
    expect([...mapped.rows]).toEqual([
      [1, { reason: 'B: requested 6 is above … give a reason' }],
      [
        0,
        {
          qty: 'A is counted in pcs with at most 0 decimal places',
          other: 'unknown location X',
        },
      ],
    ]);
    expect(mapped.general).toEqual(['unknown warehouse WH-Q', 'no such line']);
  });

  it('copes with no errors at all', () => {
    expect(mapLineErrors(undefined, [])).toEqual({ rows: new Map(), general: [] });
  });
});

describe('approval', () => {
  const lines = [
    { line: 0, qty: 10 },
    { line: 1, qty: 2.5 },
  ];

  it('sends no lines when everything is approved as requested', () => {
    expect(
      approvalLines(
        lines,
        new Map([
          [0, '10'],
          [1, '2.5'],
        ]),
      ),
    ).toEqual({ ok: true, lines: undefined, partial: false });
    expect(approvalLines(lines, new Map())).toEqual({ ok: true, lines: undefined, partial: false });
  });

  it('sends every line when one differs (partially approved)', () => {
    expect(
      approvalLines(
        lines,
        new Map([
          [0, '10'],
          [1, '0'],
        ]),
      ),
    ).toEqual({
      ok: true,
      lines: [
        { line: 0, qty: 10 },
        { line: 1, qty: 0 },
      ],
      partial: true,
    });
  });

  it('refuses bad numbers, more than requested and all zero', () => {
    expect(approvalLines(lines, new Map([[1, 'abc']]))).toEqual({
      ok: false,
      problem: 'qty-invalid',
      line: 1,
    });
    expect(approvalLines(lines, new Map([[0, '11']]))).toEqual({
      ok: false,
      problem: 'above-requested',
      line: 0,
    });
    expect(
      approvalLines(
        lines,
        new Map([
          [0, '0'],
          [1, ''],
        ]),
      ),
    ).toMatchObject({ ok: false, problem: 'qty-invalid' });
    expect(
      approvalLines(
        lines,
        new Map([
          [0, '0'],
          [1, '0'],
        ]),
      ),
    ).toEqual({ ok: false, problem: 'all-zero' });
  });

  it('defaults to the requested quantity capped at the stock of the line’s location and lot', () => {
    const balances = [balance('RM-A01', 30, 'L1'), balance('RM-A01', 70, 'L2'), balance('RM-A02', 5)];
    expect(sourceBalance({ location: 'RM-A01', lot: 'L1' }, balances)).toBe(30);
    expect(sourceBalance({ location: 'RM-A02' }, balances)).toBe(5);
    expect(sourceBalance({ location: 'RM-Z' }, balances)).toBe(0);
    expect(defaultApproved(57.25, 30)).toBe(30);
    expect(defaultApproved(10, 30)).toBe(10);
    expect(defaultApproved(10, -2)).toBe(0);
    expect(defaultApproved(10, undefined)).toBe(10);
  });
});

describe('display helpers', () => {
  it('parses quantities strictly', () => {
    expect(parseQty(' 12.5 ')).toBe(12.5);
    expect(parseQty('1,200')).toBe(1200);
    expect(parseQty('.5')).toBe(0.5);
    expect(parseQty('')).toBeUndefined();
    expect(parseQty('-1')).toBeUndefined();
    expect(parseQty('1e3')).toBeUndefined();
  });

  it('formats numbers, times and status tones', () => {
    expect(formatQty(60000)).toBe('60,000');
    expect(formatQty(0.1 + 0.2)).toBe('0.3');
    expect(formatQty(1234.5)).toBe('1,234.5');
    expect(shortTime('2026-12-02T00:57:12.224+08:00')).toBe('12-02 00:57');
    expect(statusTone('pending')).toBe('warning');
    expect(statusTone('partially-approved')).toBe('info');
    expect(statusTone('cancelled')).toBe('muted');
  });
});

describe('the 紧急领料 switch', () => {
  it('is offered to admins and to storekeepers of the chosen warehouse only', () => {
    const keeper = { roles: ['storekeeper'], scopes: { warehouses: ['WH-RM'] } };
    expect(mayPostEmergency(keeper, 'WH-RM')).toBe(true);
    expect(mayPostEmergency(keeper, 'WH-FG')).toBe(false);
    expect(mayPostEmergency(keeper, undefined)).toBe(false);
    expect(mayPostEmergency({ roles: ['admin'] }, 'WH-FG')).toBe(true);
    expect(mayPostEmergency({ roles: ['approver'], scopes: { warehouses: ['WH-RM'] } }, 'WH-RM')).toBe(false);
    expect(mayPostEmergency({ roles: ['operator'] }, 'WH-RM')).toBe(false);
    // a supervisor (车间主任) of a workshop the work order runs through, whatever his role
    const chief = { id: 'demo-operator', roles: ['operator'] };
    expect(mayPostEmergency(chief, 'WH-RM', [null, 'demo-operator'])).toBe(true);
    expect(mayPostEmergency(chief, 'WH-RM', ['demo-operator-2', undefined])).toBe(false);
    expect(mayPostEmergency(chief, undefined, ['demo-operator'])).toBe(false);
    expect(mayPostEmergency(undefined, 'WH-RM')).toBe(false);
  });
});
