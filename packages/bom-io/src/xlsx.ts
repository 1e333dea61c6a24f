import { readFile } from 'node:fs/promises';
import type { CellValue as ExcelCellValue, Worksheet } from 'exceljs';
import {
  type CellValue,
  documentFromLists,
  LIST_NAMES,
  type ListName,
  matchListName,
  type RawList,
} from './columns.js';
import { BomFileError, type LoadedBom } from './source.js';
import { storeZip, unzipGuarded, WorkbookFileError } from './workbook/zip.js';

export interface ParseXlsxOptions {
  /** Names the input in messages (`cannot read <file>: …`). Default `XLSX input`. */
  file?: string;
}

/**
 * Reads a workbook held in memory (an upload) with sheets `items`, `bomLines` and optionally
 * `uomConversions` (or 物料, 物料清单, 单位换算 …).
 */
export async function parseBomXlsx(
  data: Uint8Array | ArrayBuffer,
  options: ParseXlsxOptions = {},
): Promise<LoadedBom> {
  const file = options.file ?? 'XLSX input';
  // exceljs takes a third of a second to load: only pay for it when a workbook is read.
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  // The zip is checked before exceljs inflates it (a zip bomb): the setup workbook's guard. Merges
  // stay: a BOM sheet often merges a parent's cell over its lines, and exceljs reads them through.
  let files: Map<string, Buffer>;
  try {
    files = unzipGuarded(bytes);
  } catch (error) {
    if (error instanceof WorkbookFileError) {
      throw new BomFileError(file, `not a readable .xlsx workbook (${error.en})`);
    }
    throw error;
  }
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(storeZip(files) as never);
  } catch (error) {
    throw new BomFileError(file, `not a readable .xlsx workbook (${oneLine(error)})`);
  }

  const sheets: Partial<Record<ListName, Worksheet>> = {};
  for (const sheet of workbook.worksheets) {
    const list = matchListName(sheet.name);
    if (list !== undefined && sheets[list] === undefined) sheets[list] = sheet;
  }
  for (const list of ['items', 'bomLines'] as const) {
    if (sheets[list] === undefined) {
      const found = workbook.worksheets.map((sheet) => sheet.name).join(', ') || 'none';
      throw new BomFileError(file, `no sheet named ${LIST_NAMES[list][0]} (found: ${found})`);
    }
  }

  return documentFromLists(file, {
    items: readSheet(sheets.items!),
    bomLines: readSheet(sheets.bomLines!),
    uomConversions: sheets.uomConversions && readSheet(sheets.uomConversions),
  });
}

export async function loadXlsxBom(path: string, displayName: string): Promise<LoadedBom> {
  return parseBomXlsx(await readFile(path), { file: displayName });
}

/** The first non-empty row is the header; the rest are records with their sheet row number. */
function readSheet(sheet: Worksheet): RawList {
  const list: RawList = { source: `sheet ${sheet.name}`, header: [], rows: [] };
  let haveHeader = false;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: CellValue[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      cells[column - 1] = plainValue(cell.value);
    });
    if (!haveHeader) {
      list.header = cells;
      haveHeader = true;
    } else {
      list.rows.push({ location: `sheet ${sheet.name} row ${rowNumber}`, cells });
    }
  });
  return list;
}

/** Formulas give their cached result, rich text and hyperlinks their text, errors their code (#N/A). */
export function plainValue(value: ExcelCellValue): CellValue {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if ('result' in value) return plainValue(value.result as ExcelCellValue);
  if ('formula' in value || 'sharedFormula' in value) return undefined;
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('text' in value) return plainValue(value.text as ExcelCellValue);
  if ('error' in value) return value.error;
  return String(value);
}

function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}
