import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BomDocument } from '@shopfloor/bom-engine';
import ExcelJS from 'exceljs';
import { afterEach } from 'vitest';
import { formatCsv } from '../src/csv-parse.js';

const folders: string[] = [];

/** A fresh temporary folder, removed after the test. */
export async function tempFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'shopfloor-bom-io-'));
  folders.push(folder);
  return folder;
}

afterEach(async () => {
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

/** A dining table (餐桌) with a phantom hardware kit, a screw used on two levels and a mm → m conversion. */
export const TABLE_BOM: BomDocument = {
  uomConversions: [{ from: 'mm', to: 'm', factor: 0.001 }],
  items: [
    { code: 'TABLE', name: '餐桌', uom: 'pcs', type: 'make' },
    { code: 'TOP', name: '桌面', uom: 'pcs', type: 'make' },
    { code: 'LEG', name: '桌腿', uom: 'pcs', type: 'make' },
    { code: 'KIT', name: '五金包', uom: 'set', type: 'phantom' },
    { code: 'SCREW', name: '螺丝 M6', uom: 'pcs', type: 'buy' },
    { code: 'WOOD', name: 'Oak board', uom: 'm', type: 'buy' },
  ],
  bomLines: [
    { parent: 'TABLE', child: 'TOP', qty: 1 },
    { parent: 'TABLE', child: 'LEG', qty: 4, scrapRate: 0.02 },
    { parent: 'TABLE', child: 'KIT', qty: 1 },
    { parent: 'KIT', child: 'SCREW', qty: 8 },
    { parent: 'LEG', child: 'SCREW', qty: 2 },
    { parent: 'LEG', child: 'WOOD', qty: 720, uom: 'mm' },
    { parent: 'TOP', child: 'WOOD', qty: 3.6 },
  ],
};

export async function writeJson(folder: string, name: string, document: unknown): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, JSON.stringify(document));
  return path;
}

export type Table = unknown[][];

/** The three lists of a document as header + rows, with the field names as headers. */
export function documentTables(
  document: BomDocument,
): Record<'items' | 'bomLines' | 'uomConversions', Table> {
  const table = (fields: string[], records: object[]): Table => [
    fields,
    ...records.map((record) => fields.map((field) => (record as Record<string, unknown>)[field] ?? '')),
  ];
  return {
    items: table(['code', 'name', 'uom', 'type', 'leadTime', 'cost', 'precision'], document.items),
    bomLines: table(
      [
        'parent',
        'child',
        'qty',
        'uom',
        'scrapRate',
        'setupQty',
        'roundingMultiple',
        'effectiveFrom',
        'effectiveTo',
      ],
      document.bomLines,
    ),
    uomConversions: table(['from', 'to', 'factor', 'item'], document.uomConversions ?? []),
  };
}

/** A table as CSV text: CRLF and a byte-order mark, as Excel saves CSV. */
export function csvText(rows: Table): string {
  return `\uFEFF${formatCsv(rows.map((row) => row.map((cell) => String(cell ?? ''))))}`;
}

/** Writes each table as `<name>.csv`. */
export async function writeCsvFiles(folder: string, tables: Record<string, Table>): Promise<void> {
  for (const [name, rows] of Object.entries(tables)) {
    await writeFile(join(folder, `${name}.csv`), csvText(rows));
  }
}

/** A workbook with one sheet per table, as bytes (empty strings become empty cells). */
export async function xlsxBytes(sheets: Record<string, Table>): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = workbook.addWorksheet(name);
    for (const row of rows) sheet.addRow(row.map((cell) => (cell === '' ? null : cell)));
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

export async function writeXlsx(path: string, sheets: Record<string, Table>): Promise<string> {
  await writeFile(path, await xlsxBytes(sheets));
  return path;
}
