import type { CellValue as ExcelCellValue, Worksheet } from 'exceljs';
import { type CellValue, cellText, isoDate, matchHeader } from '../columns.js';
import {
  choiceValue,
  matchSetupSheet,
  type SetupField,
  type SetupSheetName,
  SHEET_BY_NAME,
} from './sheets.js';
import { DEFAULT_ZIP_LIMITS, storeZip, unzipGuarded, WorkbookFileError, type ZipLimits } from './zip.js';

/** Something wrong in the workbook, where the user finds it: sheet, Excel row, field. */
export interface WorkbookProblem {
  /** The list (contract name); null for the workbook as a whole. */
  sheet: SetupSheetName | null;
  /** The Excel row number, as Excel shows it; null for a whole sheet or workbook. */
  row: number | null;
  /** The field (contract name); null when the problem is not about one column. */
  column: string | null;
  /** Chinese. */
  message: string;
  messageEn: string;
}

export interface SetupRow {
  /** Excel row number. */
  row: number;
  /** Field → value: string (text, choice, date YYYY-MM-DD), number, or string[] (list). Blank cells are absent. */
  values: Record<string, unknown>;
  /** Fields whose cell could not be read (a problem says why); absent from `values`. */
  invalid: Set<string>;
}

export interface SetupSheetRead {
  name: SetupSheetName;
  /** The sheet's name in the workbook (物料, items …). */
  title: string;
  /**
   * False when the header lacks a required column or names one twice (a problem says which): the
   * rows are read all the same, so that what they name is known, but are not to be imported.
   */
  complete: boolean;
  rows: SetupRow[];
}

export interface SetupWorkbookRead {
  sheets: Partial<Record<SetupSheetName, SetupSheetRead>>;
  problems: WorkbookProblem[];
}

export interface ReadSetupOptions {
  limits?: ZipLimits;
}

/**
 * Reads a setup workbook: the sheets it recognises (by contract name, Chinese name or alias; others
 * such as 说明 are skipped), each row's cells converted to the field's kind. What cannot be read is
 * a problem naming sheet, row and column, never an exception; a file that is no workbook at all (or
 * a zip bomb) throws WorkbookFileError before exceljs sees it.
 */
export async function readSetupWorkbook(
  bytes: Uint8Array,
  options: ReadSetupOptions = {},
): Promise<SetupWorkbookRead> {
  const files = unzipGuarded(bytes, options.limits ?? DEFAULT_ZIP_LIMITS);
  const merges = sanitize(files);
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(storeZip(files) as never);
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 200);
    throw new WorkbookFileError(
      'corrupt',
      `无法读取这个工作簿（${reason}）：请用 Excel 或 WPS 打开后另存为 .xlsx`,
      `the workbook cannot be read (${reason}): open it in Excel or WPS and save it as .xlsx`,
    );
  }

  const problems: WorkbookProblem[] = [];
  const sheets: SetupWorkbookRead['sheets'] = {};
  for (const worksheet of workbook.worksheets) {
    const name = matchSetupSheet(worksheet.name);
    if (name === undefined) continue;
    const taken = sheets[name];
    if (taken) {
      problems.push({
        sheet: name,
        row: null,
        column: null,
        message: `工作表「${worksheet.name}」和「${taken.title}」都是 ${name}：请只保留一个`,
        messageEn: `sheets '${worksheet.name}' and '${taken.title}' are both ${name}: keep one`,
      });
      continue;
    }
    const ranges = merges.get(worksheet.name) ?? [];
    for (const range of ranges) problems.push(mergeProblem(name, range));
    sheets[name] = readSheet(name, worksheet, problems, ranges.slice(0, MAX_COVERED_RANGES).flatMap(toBox));
  }
  if (Object.keys(sheets).length === 0) {
    const found = workbook.worksheets.map((s) => s.name).join('、') || '无';
    problems.push({
      sheet: null,
      row: null,
      column: null,
      message: `工作簿里没有可导入的工作表（现有：${found}）：请使用导出的模板，工作表名如 warehouses/仓库、items/物料`,
      messageEn: `no sheet to import (found: ${found}): use the template; sheets are named e.g. warehouses or items`,
    });
  }
  return { sheets, problems };
}

/** Cells under merges are left unread (the merge's problem names them) up to this many merges. */
const MAX_COVERED_RANGES = 50;

interface Box {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

function toBox(range: string): Box[] {
  const match = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(range);
  if (!match) return [];
  return [
    {
      top: Number(match[2]),
      left: columnNumber(match[1]!),
      bottom: Number(match[4]),
      right: columnNumber(match[3]!),
    },
  ];
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + ch.charCodeAt(0) - 64;
  return n;
}

/** A cell a merge hides: inside its box but not its top-left (the cell that keeps the value). */
const covered = (boxes: readonly Box[], row: number, column: number) =>
  boxes.some(
    (b) =>
      row >= b.top &&
      row <= b.bottom &&
      column >= b.left &&
      column <= b.right &&
      (row !== b.top || column !== b.left),
  );

function mergeProblem(sheet: SetupSheetName, range: string): WorkbookProblem {
  const first = /^([A-Z]+)(\d+)/.exec(range);
  return {
    sheet,
    row: first ? Number(first[2]) : null,
    column: null,
    message: `合并单元格 ${range}：导入不支持合并单元格，请取消合并并在每一行填上值`,
    messageEn: `merged cells ${range}: unmerge them and fill in every row`,
  };
}

/**
 * Drops the parts of the workbook the import never reads and exceljs would expand cell by cell
 * (data validations and merges over whole columns take minutes and gigabytes there), and answers
 * the merged ranges of each sheet by sheet name, to be reported.
 */
function sanitize(files: Map<string, Buffer>): Map<string, string[]> {
  const workbookXml = files.get('xl/workbook.xml')?.toString('utf8');
  const relsXml = files.get('xl/_rels/workbook.xml.rels')?.toString('utf8') ?? '';
  const targets = new Map<string, string>();
  for (const rel of relsXml.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = attribute(rel[0], 'Id');
    const target = attribute(rel[0], 'Target');
    if (id && target) targets.set(id, partName(target));
  }
  const sheetOfPart = new Map<string, string>();
  if (workbookXml !== undefined) {
    for (const sheet of workbookXml.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
      const name = attribute(sheet[0], 'name');
      const id = attribute(sheet[0], 'r:id');
      const part = id ? targets.get(id) : undefined;
      if (name !== undefined && part) sheetOfPart.set(part, unescapeXml(name));
    }
    files.set(
      'xl/workbook.xml',
      Buffer.from(workbookXml.replace(/<definedNames\b[\s\S]*?<\/definedNames>|<definedNames\s*\/>/g, '')),
    );
  }
  const merges = new Map<string, string[]>();
  for (const [name, content] of files) {
    if (!/^xl\/worksheets\/[^/]+\.xml$/.test(name)) continue;
    const xml = content.toString('utf8');
    const ranges = [...xml.matchAll(/<mergeCell\b[^>]*\bref="([^"]*)"/g)].map((m) => m[1]!);
    const sheet = sheetOfPart.get(name);
    if (sheet !== undefined && ranges.length > 0) merges.set(sheet, ranges);
    const cleaned = xml.replace(
      /<(mergeCells|dataValidations|conditionalFormatting|extLst)\b[\s\S]*?<\/\1>|<(mergeCells|dataValidations)\b[^>]*\/>/g,
      '',
    );
    if (cleaned.length !== xml.length) files.set(name, Buffer.from(cleaned));
  }
  return merges;
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name.replace(':', '\\:')}="([^"]*)"`).exec(tag);
  return match?.[1];
}

/** `worksheets/sheet1.xml` or `/xl/worksheets/sheet1.xml` → `xl/worksheets/sheet1.xml`. */
function partName(target: string): string {
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The first non-empty row is the header; the rows below are records, blank ones skipped. */
function readSheet(
  name: SetupSheetName,
  worksheet: Worksheet,
  problems: WorkbookProblem[],
  merged: readonly Box[],
): SetupSheetRead {
  const spec = SHEET_BY_NAME[name];
  const fields = Object.fromEntries(spec.fields.map((f) => [f.name, f]));
  const read: SetupSheetRead = { name, title: worksheet.name, complete: true, rows: [] };
  let columns: Map<number, string> | undefined;
  worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = row.values as ExcelCellValue[];
    if (columns === undefined) {
      const header: CellValue[] = [];
      values.forEach((value, column) => {
        header[column - 1] = headerText(value);
      });
      if (header.every((cell) => cellText(cell) === '')) return;
      const match = matchHeader(fields, header);
      columns = match.columns;
      for (const field of match.twice) {
        problems.push({
          sheet: name,
          row: rowNumber,
          column: field,
          message: `表头有两列都是 ${field}：请删掉一列`,
          messageEn: `two columns are ${field}: remove one`,
        });
        read.complete = false;
      }
      for (const field of match.missing) {
        const f = fields[field]!;
        problems.push({
          sheet: name,
          row: rowNumber,
          column: field,
          message: `缺少必填列 ${field}（${f.zh}）；表头可写 ${[field, ...f.aliases.slice(0, 3)].join('、')}`,
          messageEn: `the required column ${field} is missing (${f.en})`,
        });
        read.complete = false;
      }
      return;
    }
    const record: SetupRow = { row: rowNumber, values: {}, invalid: new Set() };
    let blank = true;
    for (const [index, field] of columns) {
      if (merged.length > 0 && covered(merged, rowNumber, index + 1)) {
        record.invalid.add(field);
        continue;
      }
      const raw = values[index + 1];
      if (isBlankCell(raw)) continue;
      blank = false;
      const converted = convertCell(fields[field]!, raw);
      if ('value' in converted) record.values[field] = converted.value;
      else {
        record.invalid.add(field);
        const address = `${columnLetter(index + 1)}${rowNumber}`;
        problems.push({
          sheet: name,
          row: rowNumber,
          column: field,
          message: `单元格 ${address}：${converted.zh}`,
          messageEn: `cell ${address}: ${converted.en}`,
        });
      }
    }
    if (!blank) read.rows.push(record);
  });
  return read;
}

function headerText(value: ExcelCellValue): CellValue {
  const read = plain(value);
  return 'value' in read ? (read.value as CellValue) : undefined;
}

function isBlankCell(value: ExcelCellValue): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (typeof value === 'object' && 'richText' in value)
    return value.richText.every((r) => r.text.trim() === '');
  return false;
}

type Converted = { value: unknown } | { zh: string; en: string };
type Plain = { value: string | number | boolean | Date | undefined } | { zh: string; en: string };

/** A cell as JavaScript: a formula's cached result, rich text and hyperlinks as their text. */
function plain(value: ExcelCellValue): Plain {
  if (value === null || value === undefined) return { value: undefined };
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return { value };
  if (value instanceof Date) return { value };
  if ('error' in value) {
    return { zh: `是错误值 ${value.error}`, en: `holds the error ${value.error}` };
  }
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: ExcelCellValue }).result;
    if (result === undefined || result === null) {
      const formula = 'formula' in value && value.formula ? `=${value.formula} ` : '';
      return {
        zh: `公式 ${formula}没有计算结果：请在 Excel 中打开并保存一次，或复制后“选择性粘贴 → 数值”`,
        en: `the formula ${formula}has no cached result: open and save the workbook in Excel, or paste values`,
      };
    }
    return plain(result);
  }
  if ('richText' in value) return { value: value.richText.map((run) => run.text).join('') };
  if ('text' in value) return plain(value.text as ExcelCellValue);
  return { zh: '无法识别的单元格内容', en: 'unrecognised cell content' };
}

const NUMBER = /^([-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)\s*(%?)$/i;
const GROUPED = /^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/;
const DATE_TEXT = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/;

function convertCell(field: SetupField, raw: ExcelCellValue): Converted {
  const read = plain(raw);
  if (!('value' in read)) return read;
  const value = read.value;
  if (typeof value === 'boolean') {
    return { zh: `是 ${value ? 'TRUE' : 'FALSE'}，不是有效的值`, en: `holds ${value}, not a valid value` };
  }
  if (typeof value === 'string' && value.includes('\u0000')) {
    return { zh: '含有不可见的控制字符（NUL）', en: 'contains the NUL character' };
  }
  switch (field.kind) {
    case 'text':
      return text(value);
    case 'number':
    case 'integer': {
      const n = number(value);
      if ('zh' in n) return n;
      if (field.kind === 'integer' && !Number.isInteger(n.value)) {
        return { zh: `应为整数，不是 ${n.value}`, en: `must be a whole number, got ${n.value}` };
      }
      return n;
    }
    case 'date':
      return date(value);
    case 'choice': {
      const t = text(value);
      if ('zh' in t) return t;
      const chosen = choiceValue(field.choices ?? {}, t.value as string);
      return chosen === undefined ? badChoice(field, t.value as string) : { value: chosen };
    }
    case 'list': {
      const t = text(value);
      if ('zh' in t) return t;
      const parts = (t.value as string)
        .split(/[,，、;；\n]+/)
        .map((part) => part.trim())
        .filter(Boolean);
      const out: string[] = [];
      for (const part of parts) {
        const chosen = field.choices ? choiceValue(field.choices, part) : part;
        if (chosen === undefined) return badChoice(field, part);
        if (!out.includes(chosen)) out.push(chosen);
      }
      return { value: out };
    }
  }
}

function text(value: string | number | Date | undefined): Converted {
  if (value instanceof Date) {
    return {
      zh: `是日期 ${isoDate(value)}，这里应填文本：请把该列设为“文本”格式后重新输入`,
      en: `holds the date ${isoDate(value)} where text belongs: format the column as text and type it again`,
    };
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || Math.abs(value) >= 1e15) {
      return {
        zh: `数字 ${value} 太长，Excel 已丢失位数：请把该列设为“文本”格式后重新输入`,
        en: `the number ${value} is too long and Excel dropped digits: format the column as text and type it again`,
      };
    }
    return { value: String(value) };
  }
  return { value: (value ?? '').trim() };
}

function number(value: string | number | Date | undefined): { value: number } | { zh: string; en: string } {
  if (value instanceof Date) {
    return {
      zh: `是日期 ${isoDate(value)}，应为数字：请把该列设为“常规”或“数值”格式`,
      en: `holds the date ${isoDate(value)} where a number belongs: format the column as a number`,
    };
  }
  if (typeof value === 'number') {
    return Number.isFinite(value) ? { value } : { zh: '不是有效的数字', en: 'not a valid number' };
  }
  const source = (value ?? '').normalize('NFKC').trim();
  const plainText = GROUPED.test(source) ? source.replaceAll(',', '') : source;
  const match = NUMBER.exec(plainText);
  const n = match ? Number(match[1]) : Number.NaN;
  if (!match || !Number.isFinite(n)) {
    return { zh: `「${clip(source)}」不是数字`, en: `'${clip(source)}' is not a number` };
  }
  return { value: match[2] === '%' ? Number((n / 100).toPrecision(15)) : n };
}

function date(value: string | number | Date | undefined): Converted {
  if (value instanceof Date) {
    return Number.isNaN(value.getTime())
      ? { zh: '不是有效的日期', en: 'not a valid date' }
      : { value: isoDate(value) };
  }
  if (typeof value === 'number') {
    const serial =
      Number.isInteger(value) && value > 0 && value < 2958466
        ? isoDate(new Date(Date.UTC(1899, 11, 30) + value * 86_400_000))
        : undefined;
    return {
      zh: `是数字 ${value}，日期应写成 2026-07-01${serial ? `（若是 Excel 日期序号，即 ${serial}）` : ''}`,
      en: `holds the number ${value}; write dates as 2026-07-01${serial ? ` (as an Excel date serial it is ${serial})` : ''}`,
    };
  }
  const source = (value ?? '').normalize('NFKC').trim();
  const parts = DATE_TEXT.exec(source);
  if (parts) {
    const iso = `${parts[1]}-${parts[2]!.padStart(2, '0')}-${parts[3]!.padStart(2, '0')}`;
    const check = new Date(`${iso}T00:00:00Z`);
    if (!Number.isNaN(check.getTime()) && check.toISOString().slice(0, 10) === iso) return { value: iso };
  }
  return {
    zh: `「${clip(source)}」不是日期，应写成 2026-07-01`,
    en: `'${clip(source)}' is not a date: write 2026-07-01`,
  };
}

function badChoice(field: SetupField, given: string): Converted {
  const values = [...new Set(Object.values(field.choices ?? {}))];
  // One Chinese spelling per value is enough to show the way; all of them are accepted.
  const chinese = values.flatMap(
    (v) =>
      Object.entries(field.choices ?? {}).find(([k, to]) => to === v && /[\u4e00-\u9fff]/.test(k))?.[0] ?? [],
  );
  return {
    zh: `「${clip(given)}」不是有效的 ${field.name}：可填 ${values.join('、')}${chinese.length ? `，或 ${chinese.join('、')}` : ''}`,
    en: `'${clip(given)}' is not a valid ${field.name}: use ${values.join(', ')}`,
  };
}

const clip = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);

/** 1 → A, 27 → AA. */
export function columnLetter(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}
