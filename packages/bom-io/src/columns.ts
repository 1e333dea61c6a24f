import type { BomDocument, BomItemInput, BomLineInput, UomConversionInput } from '@shopfloor/bom-engine';
import { BomFileError, type ListName, type LoadedBom } from './source.js';

export type { ListName } from './source.js';

/**
 * What CSV files and XLSX sheets have in common: named lists of rows with a header.
 * Header names and sheet/file names are matched loosely (case, spaces, `_`, `-`), and the common
 * Chinese names used in Chinese ERP exports are accepted beside the field names.
 */

export const LIST_NAMES: Record<ListName, readonly string[]> = {
  items: ['items', 'item', '物料', '物料主数据', '物料表'],
  bomLines: ['bomLines', 'bom', 'lines', '物料清单', 'BOM清单', '物料清单明细'],
  uomConversions: ['uomConversions', 'uom', 'conversions', '单位换算', '换算'],
};

export type FieldKind = 'text' | 'number' | 'date' | 'itemType';

export interface FieldSpec {
  kind: FieldKind;
  required?: boolean;
  aliases: readonly string[];
}

const ITEM_FIELDS: Record<keyof BomItemInput, FieldSpec> = {
  code: {
    kind: 'text',
    required: true,
    aliases: ['item', 'itemCode', '料号', '物料编码', '物料代码', '物料号', '编码'],
  },
  name: { kind: 'text', aliases: ['itemName', 'description', '名称', '物料名称', '品名'] },
  uom: { kind: 'text', required: true, aliases: ['unit', '单位', '计量单位', '基本单位'] },
  type: { kind: 'itemType', required: true, aliases: ['itemType', '类型', '物料类型', '物料属性', '属性'] },
  leadTime: { kind: 'number', aliases: ['leadTimeDays', '提前期', '提前期天', '提前期(天)'] },
  cost: { kind: 'number', aliases: ['unitCost', '成本', '单价', '单位成本'] },
  precision: { kind: 'number', aliases: ['decimals', '精度', '小数位数'] },
};

const LINE_FIELDS: Record<keyof BomLineInput, FieldSpec> = {
  parent: {
    kind: 'text',
    required: true,
    aliases: ['parentItem', 'parentCode', '父项', '父件', '父项料号', '父项物料编码', '父件编码', '母件'],
  },
  child: {
    kind: 'text',
    required: true,
    aliases: ['component', 'childItem', 'childCode', '子项', '子件', '子项料号', '子项物料编码', '子件编码'],
  },
  qty: {
    kind: 'number',
    required: true,
    aliases: ['quantity', 'qtyPer', '用量', '数量', '单位用量', '单耗'],
  },
  uom: { kind: 'text', aliases: ['unit', '单位', '用量单位'] },
  scrapRate: { kind: 'number', aliases: ['scrap', '损耗率', '损耗', '损耗率%'] },
  setupQty: { kind: 'number', aliases: ['setup', '固定损耗', '固定用量', '调机损耗'] },
  roundingMultiple: { kind: 'number', aliases: ['rounding', '舍入倍数', '批量倍数', '最小包装'] },
  effectiveFrom: { kind: 'date', aliases: ['from', 'validFrom', '生效日期', '生效日'] },
  effectiveTo: { kind: 'date', aliases: ['to', 'validTo', '失效日期', '失效日'] },
};

const CONVERSION_FIELDS: Record<keyof UomConversionInput, FieldSpec> = {
  from: { kind: 'text', required: true, aliases: ['fromUom', '源单位', '原单位', '从'] },
  to: { kind: 'text', required: true, aliases: ['toUom', '目标单位', '到'] },
  factor: { kind: 'number', required: true, aliases: ['rate', '系数', '换算系数', '换算率'] },
  item: { kind: 'text', aliases: ['code', '料号', '物料编码'] },
};

/** The BOM lists' fields with their aliases; the setup workbook (workbook/sheets.ts) reuses them. */
export const FIELDS: Record<ListName, Record<string, FieldSpec>> = {
  items: ITEM_FIELDS,
  bomLines: LINE_FIELDS,
  uomConversions: CONVERSION_FIELDS,
};

/** 自制/外购/虚拟件 and friends, as Chinese ERPs label item types. */
export const ITEM_TYPES: Record<string, BomItemInput['type']> = {
  make: 'make',
  manufactured: 'make',
  自制: 'make',
  自制件: 'make',
  生产: 'make',
  buy: 'buy',
  purchased: 'buy',
  外购: 'buy',
  外购件: 'buy',
  采购: 'buy',
  采购件: 'buy',
  phantom: 'phantom',
  虚拟: 'phantom',
  虚拟件: 'phantom',
};

export function normalizeName(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-（）()]/g, '');
}

export function matchListName(name: string): ListName | undefined {
  const key = normalizeName(name);
  for (const list of Object.keys(LIST_NAMES) as ListName[]) {
    if (LIST_NAMES[list].some((alias) => normalizeName(alias) === key)) return list;
  }
  return undefined;
}

/** A cell as the readers deliver it: CSV gives strings, XLSX also numbers, booleans and dates. */
export type CellValue = string | number | boolean | Date | null | undefined;

export interface RawRow {
  /** Where the row is, e.g. `bomLines.csv line 14` or `sheet BOM row 14`. */
  location: string;
  cells: CellValue[];
}

export interface RawList {
  /** The file or sheet, for messages: `items.csv`, `sheet 物料`. */
  source: string;
  header: CellValue[];
  rows: RawRow[];
}

/** A list's header lacks a required column or names one field twice (becomes a BomFileError). */
class ColumnError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ColumnError';
  }
}

export interface HeaderMatch {
  /** Column index (0-based) → field name. */
  columns: Map<number, string>;
  /** Fields named by more than one column (the first one is kept in `columns`). */
  twice: string[];
  /** Required fields no column names. */
  missing: string[];
}

/**
 * Matches header cells to fields by name or alias (loosely, see normalizeName); columns nobody
 * knows (规格, 备注 …) are ignored. Shared by the BOM lists and the setup workbook's sheets.
 */
export function matchHeader(
  fields: Record<string, { required?: boolean; aliases: readonly string[] }>,
  header: readonly CellValue[],
): HeaderMatch {
  const lookup = new Map<string, string>();
  for (const [field, spec] of Object.entries(fields)) {
    lookup.set(normalizeName(field), field);
    for (const alias of spec.aliases) lookup.set(normalizeName(alias), field);
  }
  const columns = new Map<number, string>();
  const seen = new Set<string>();
  const twice: string[] = [];
  header.forEach((cell, index) => {
    const field = lookup.get(normalizeName(cellText(cell)));
    if (field === undefined) return;
    if (seen.has(field)) twice.push(field);
    else columns.set(index, field);
    seen.add(field);
  });
  const missing = Object.entries(fields)
    .filter(([field, spec]) => spec.required && !seen.has(field))
    .map(([field]) => field);
  return { columns, twice, missing };
}

function mapHeader(list: ListName, raw: RawList): Map<number, string> {
  const { columns, twice, missing } = matchHeader(FIELDS[list], raw.header);
  if (twice.length > 0) throw new ColumnError(`${raw.source} has two columns for ${twice[0]}`);
  if (missing.length > 0) {
    const headers = raw.header.map(cellText).filter((h) => h !== '');
    throw new ColumnError(
      `${raw.source} has no column for ${missing[0]} (headers: ${headers.join(', ') || 'none'})`,
    );
  }
  return columns;
}

export function cellText(cell: CellValue): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return isoDate(cell);
  return String(cell).trim();
}

/** exceljs stores a date cell as the UTC instant of its calendar date: its UTC parts are the date. */
export function isoDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/**
 * Turns a cell into the field's value. Values that cannot be converted are passed through
 * unchanged so the engine's validation reports them against their line, like any other bad value.
 */
function convert(kind: FieldKind, cell: CellValue): unknown {
  if (cell instanceof Date) return isoDate(cell);
  if (typeof cell === 'number') return kind === 'text' ? String(cell) : cell;
  const text = cellText(cell);
  switch (kind) {
    case 'text':
      return text;
    case 'number': {
      // Decimal notation only: Number() alone would also take '0x10', '' and 'Infinity'.
      const match = /^([-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)\s*(%?)$/i.exec(text);
      if (!match) return text;
      return match[2] === '%' ? Number(match[1]) / 100 : Number(match[1]);
    }
    case 'date': {
      const parts = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text);
      return parts ? `${parts[1]}-${parts[2].padStart(2, '0')}-${parts[3].padStart(2, '0')}` : text;
    }
    case 'itemType':
      return ITEM_TYPES[normalizeName(text)] ?? text;
  }
}

function isBlank(cell: CellValue): boolean {
  return cellText(cell) === '';
}

export interface ConvertedList<T> {
  records: T[];
  locations: string[];
}

export function convertList<T>(list: ListName, raw: RawList): ConvertedList<T> {
  const columns = mapHeader(list, raw);
  const specs = FIELDS[list];
  const records: T[] = [];
  const locations: string[] = [];
  for (const row of raw.rows) {
    if (row.cells.every(isBlank)) continue;
    const record: Record<string, unknown> = {};
    for (const [index, field] of columns) {
      const cell = row.cells[index];
      // Empty cells mean "not given": defaults apply, effectivity stays open.
      if (isBlank(cell)) continue;
      record[field] = convert(specs[field].kind, cell);
    }
    records.push(record as T);
    locations.push(row.location);
  }
  return { records, locations };
}

export interface RawLists {
  items: RawList;
  bomLines: RawList;
  uomConversions?: RawList;
}

/**
 * Builds the document and its source map from the three lists of a CSV folder or a workbook.
 * Throws BomFileError when a header lacks a required column or names a field twice.
 */
export function documentFromLists(file: string, lists: RawLists): LoadedBom {
  try {
    return buildDocument(file, lists);
  } catch (error) {
    if (error instanceof ColumnError) throw new BomFileError(file, error.message);
    throw error;
  }
}

function buildDocument(file: string, lists: RawLists): LoadedBom {
  const items = convertList<BomItemInput>('items', lists.items);
  const lines = convertList<BomLineInput>('bomLines', lists.bomLines);
  const conversions =
    lists.uomConversions && convertList<UomConversionInput>('uomConversions', lists.uomConversions);
  const document: BomDocument = { items: items.records, bomLines: lines.records };
  if (conversions) document.uomConversions = conversions.records;

  const locations: Record<ListName, string[]> = {
    items: items.locations,
    bomLines: lines.locations,
    uomConversions: conversions?.locations ?? [],
  };
  const itemLocations = new Map<string, string>();
  items.records.forEach((item, i) => {
    if (typeof item.code === 'string' && !itemLocations.has(item.code))
      itemLocations.set(item.code, items.locations[i]);
  });
  return {
    file,
    document,
    locate: (list, index) => locations[list][index],
    itemLocation: (code) => itemLocations.get(code),
  };
}
