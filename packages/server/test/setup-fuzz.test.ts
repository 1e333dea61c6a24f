import type ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedUsers } from './fixtures.js';
import { backends, startTestServer, type TestServer } from './harness.js';
import { adminOf, editWorkbook, postWorkbook, tableCounts } from './setup-helpers.js';

/**
 * Random damage to a valid setup workbook — cells overwritten with junk, formulas without results,
 * error values, merges, sheets renamed, copied and deleted, rows deleted, bytes flipped or cut —
 * imported as a dry run or for real. Whatever arrives: never a 5xx; a refusal is problem+json with
 * the report and writes nothing (the row count of every table is the same before and after); a
 * dry run writes nothing either; and a workbook that was imported changes nothing the second time.
 */

type CellValue = ExcelJS.CellValue;

const text = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '',
    '   ',
    'WH-RM',
    'RM-A01',
    'WS-ASM',
    'LEG',
    'TABLE',
    'zhangsan',
    'dingtalk:zhangsan',
    '原材料',
    '线边',
    'boss',
    '管理员',
    'admin',
    'operator,admin',
    '12',
    '1,234.5',
    '5%',
    '-1',
    '1e309',
    'NaN',
    '2026-02-30',
    '2026/7/1',
    '周一至周五 08:00-12:00 13:00-17:00',
    '周日至周一 25:00-08:00',
    'a\u0000b',
    '\ud800',
    '𠮷'.repeat(40),
    'x'.repeat(300),
    "'; drop table items; --",
  ),
);

const value: fc.Arbitrary<CellValue> = fc.oneof(
  text,
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, 1e15, 1e300, -5, 0.1 + 0.2, 46204, 2 ** 53 + 2),
  fc.boolean(),
  fc.constant(null),
  fc.date({ min: new Date('1900-01-02'), max: new Date('2200-01-01'), noInvalidDate: true }),
  fc.constantFrom<CellValue>(
    { formula: 'A1*2' } as CellValue,
    { formula: '1+1', result: 2 } as CellValue,
    { formula: '"a"&"b"', result: 'ab' } as CellValue,
    { error: '#N/A' } as CellValue,
    { formula: '1/0', result: { error: '#DIV/0!' } } as CellValue,
    { richText: [{ text: 'WH-' }, { text: 'RM' }] },
    { text: 'LEG', hyperlink: 'https://example.com' },
  ),
);

type Mutation =
  | { op: 'cell'; sheet: number; row: number; col: number; value: CellValue }
  | { op: 'rename'; sheet: number; name: string }
  | { op: 'delete-sheet'; sheet: number }
  | { op: 'copy-sheet'; sheet: number; name: string }
  | { op: 'delete-row'; sheet: number; row: number }
  | { op: 'merge'; sheet: number; row: number; col: number; rows: number; cols: number };

const sheetIndex = fc.integer({ min: 0, max: 10 });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      op: fc.constant('cell' as const),
      sheet: sheetIndex,
      row: fc.integer({ min: 1, max: 5 }),
      col: fc.integer({ min: 1, max: 10 }),
      value,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('rename' as const),
      sheet: sheetIndex,
      name: fc.oneof(
        fc.string({ minLength: 1, maxLength: 12 }),
        fc.constantFrom('物料', '仓库', 'BOM', '说明', 'items'),
      ),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delete-sheet' as const), sheet: sheetIndex }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('copy-sheet' as const),
      sheet: sheetIndex,
      name: fc.constantFrom('物料', '库位', '人员', '期初', 'Sheet9'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('delete-row' as const),
      sheet: sheetIndex,
      row: fc.integer({ min: 1, max: 4 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('merge' as const),
      sheet: sheetIndex,
      row: fc.integer({ min: 1, max: 4 }),
      col: fc.integer({ min: 1, max: 6 }),
      rows: fc.integer({ min: 0, max: 3 }),
      cols: fc.integer({ min: 0, max: 2 }),
    }),
  },
);

function apply(wb: ExcelJS.Workbook, m: Mutation): void {
  const sheets = wb.worksheets;
  const ws = sheets[m.sheet % sheets.length];
  if (!ws) return;
  try {
    switch (m.op) {
      case 'cell':
        ws.getCell(m.row, m.col).value = m.value;
        break;
      case 'rename':
        ws.name = m.name;
        break;
      case 'delete-sheet':
        wb.removeWorksheet(ws.id);
        break;
      case 'copy-sheet': {
        const copy = wb.addWorksheet(m.name);
        ws.eachRow((row) => {
          copy.addRow((row.values as CellValue[]).slice(1));
        });
        break;
      }
      case 'delete-row':
        ws.spliceRows(m.row, 1);
        break;
      case 'merge':
        if (m.rows + m.cols > 0) ws.mergeCells(m.row, m.col, m.row + m.rows, m.col + m.cols);
        break;
    }
  } catch {
    // exceljs refuses some (a name taken, an overlapping merge): the case goes on without it.
  }
}

/** Damage to the file itself: a byte changed, or the end cut off. */
const bytes = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ op: fc.constant('cut' as const), at: fc.nat() }),
);

describe.each(backends())('the setup workbook import under random damage on %s', (backend) => {
  let server: TestServer;
  let token: string;
  let valid: Uint8Array;
  const statuses = new Map<number, number>();

  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedUsers });
    token = await server.token('admin');
    const admin = await adminOf(server);
    valid = await admin.setup.template();
    expect((await admin.setup.import(valid)).applied).toBe(true);
  });
  afterAll(async () => {
    console.info(
      `[setup fuzz ${backend}] answers by status: ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    await server?.close();
  });

  async function check(workbook: Uint8Array, dryRun: boolean, where: string) {
    const before = await tableCounts(server);
    const answer = await postWorkbook(server, token, workbook.slice(), { dryRun });
    statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
    const place = `${where} → ${answer.status} ${JSON.stringify(answer.json).slice(0, 400)}`;
    expect(answer.status, place).toBeLessThan(500);
    expect(answer.json, place).toMatchObject({ dryRun, applied: answer.status === 200 && !dryRun });
    expect(Array.isArray(answer.json.problems), place).toBe(true);
    if (answer.status >= 400) {
      expect(answer.type, place).toContain('application/problem+json');
      expect(answer.json.problems.length, place).toBeGreaterThan(0);
    }
    const after = await tableCounts(server);
    if (dryRun || answer.status >= 400) expect(after, `${place}: wrote rows`).toEqual(before);
    if (answer.status === 200 && !dryRun) {
      const again = await postWorkbook(server, token, workbook.slice(), { dryRun: true });
      for (const sheet of again.json.sheets) {
        expect(
          [sheet.sheet, sheet.created, sheet.updated, sheet.removed ?? 0],
          `${place}: not idempotent`,
        ).toEqual([sheet.sheet, 0, 0, 0]);
      }
    }
  }

  it('never answers 5xx, never writes half an import, for damaged cells and sheets', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        async (mutations, dryRun) => {
          const workbook = await editWorkbook(valid, (wb) => {
            for (const m of mutations) apply(wb, m);
          });
          await check(workbook, dryRun, JSON.stringify(mutations).slice(0, 300));
        },
      ),
      { numRuns: 60 },
    );
    // 60 imports with table counts around each: ~15 s on a quiet 2-core machine, more under load.
  }, 180_000);

  it('never answers 5xx, never writes, for damaged bytes', async () => {
    // The cell property before may have imported damaged-but-valid workbooks: back to the valid one
    // first, so a flipped byte that still reads (a zip timestamp) finds nothing to change.
    expect((await postWorkbook(server, token, valid.slice())).status).toBe(200);
    await fc.assert(
      fc.asyncProperty(bytes, fc.boolean(), async (damage, dryRun) => {
        const copy = valid.slice();
        const at = damage.at % copy.length;
        const workbook = damage.op === 'cut' ? copy.slice(0, at) : copy;
        if (damage.op === 'flip') workbook[at] = damage.byte;
        const before = await tableCounts(server);
        await check(workbook, dryRun, JSON.stringify(damage));
        // A flipped byte that still reads is the valid workbook again: nothing to change.
        expect(await tableCounts(server)).toEqual(before);
      }),
      { numRuns: 30 },
    );
  }, 180_000);
});
