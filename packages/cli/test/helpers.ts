import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { BomDocument } from '@shopfloor/bom-engine';
import ExcelJS from 'exceljs';
import { afterEach } from 'vitest';
import { formatCsv } from '../src/load/index.js';
import { main } from '../src/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export class MemoryStream extends Writable {
  text = '';
  override _write(
    chunk: Buffer | string,
    _encoding: BufferEncoding,
    done: (error?: Error | null) => void,
  ): void {
    this.text += chunk.toString();
    done();
  }
}

/** Runs `shopfloor …` in-process with captured output. */
export async function runCli(...argv: string[]): Promise<CliRun> {
  const stdout = new MemoryStream();
  const stderr = new MemoryStream();
  const code = await main(argv, { stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

const folders: string[] = [];

/** A fresh temporary folder, removed after the test. */
export async function tempFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'shopfloor-cli-'));
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

/** The three lists of a document as header + rows, with the given headers (field names by default). */
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

/** Writes each table as `<name>.csv` (CRLF and a byte-order mark, as Excel saves CSV). */
export async function writeCsvFiles(folder: string, tables: Record<string, Table>): Promise<void> {
  for (const [name, rows] of Object.entries(tables)) {
    const text = formatCsv(rows.map((row) => row.map((cell) => String(cell ?? ''))));
    await writeFile(join(folder, `${name}.csv`), `\uFEFF${text}`);
  }
}

export async function writeXlsx(path: string, sheets: Record<string, Table>): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = workbook.addWorksheet(name);
    for (const row of rows) sheet.addRow(row.map((cell) => (cell === '' ? null : cell)));
  }
  await workbook.xlsx.writeFile(path);
  return path;
}

/** Display width of a string, counting a CJK character as two columns. */
export { displayWidth } from '../src/format/table.js';
