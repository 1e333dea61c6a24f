import {
  type CellValue,
  CsvSyntaxError,
  cellText,
  matchHeader,
  normalizeName,
  parseCsv,
  plainValue,
  unzipGuarded,
  WorkbookFileError,
} from '@shopfloor/bom-io';
import type { FieldError } from '@shopfloor/sdk';
import type { Context } from 'hono';
import { readBody } from '../../http/body.js';
import { badRequest, HttpProblem } from '../../http/problem.js';
import { requestHeader } from '../../http/request-header.js';
import { isDecimalText } from './decimal.js';
import { SNAPSHOT_FIELDS, WORK_ORDER_STATUS_WORDS } from './fields.js';
import type { MapInbound } from './mapping.js';
import type { ReconciliationKind } from './tables.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** A snapshot of 100,000 rows is 4 MB of CSV: the 1 MB API body limit does not apply to it. */
export const SNAPSHOT_MAX_BYTES = 32 * 1024 * 1024;
const FILE_TYPES = ['text/csv', 'text/plain', XLSX_TYPE, 'application/octet-stream', 'multipart/form-data'];
/** Problems listed in one 400; the rest are counted. */
const MAX_ERRORS = 50;

/** A snapshot as read from the file or the connector, before its columns are named our way. */
export interface RawSnapshot {
  fileName: string | null;
  /** Header cells as the file has them (for a mapping, their field names). */
  header: string[];
  rows: { at: number; cells: CellValue[] }[];
  /** What `at` counts: a CSV line, an Excel row, or a pulled record. */
  unit: 'line' | 'row' | 'record';
}

export interface StockSnapshotRow {
  item: string;
  location: string;
  lot: string;
  qty: string | number;
  at: number;
}

export interface WorkOrderSnapshotRow {
  no: string;
  item: string;
  qty: string | number;
  status: string | null;
  at: number;
}

export type SnapshotRows =
  | { kind: 'stock'; rows: StockSnapshotRow[] }
  | { kind: 'workOrders'; rows: WorkOrderSnapshotRow[] };

/** True for a snapshot upload, which the app's 1 MB body limit lets through (SNAPSHOT_MAX_BYTES applies). */
export function isSnapshotUpload(c: Context): boolean {
  if (c.req.method !== 'POST' || !/\/reconciliations\/?$/.test(c.req.path)) return false;
  const type = (requestHeader(c, 'content-type') ?? '').toLowerCase();
  return FILE_TYPES.some((t) => type.startsWith(t));
}

const tooLarge = () =>
  new HttpProblem(
    413,
    'too-large',
    'Body too large',
    `a snapshot file is limited to ${SNAPSHOT_MAX_BYTES / 1024 / 1024} MB: split it by warehouse`,
  );

/** Whether the request carries a body at all (a connector run sends none). */
export function hasFile(c: Context): boolean {
  return (
    Number(requestHeader(c, 'content-length') ?? 0) > 0 || requestHeader(c, 'transfer-encoding') !== undefined
  );
}

/**
 * The snapshot file of `POST /reconciliations`: a CSV or XLSX body (by Content-Type: text/csv,
 * the .xlsx type, or application/octet-stream told apart by its zip signature) or a multipart
 * `file` field (.csv or .xlsx by name or signature).
 */
export async function readSnapshotUpload(c: Context): Promise<RawSnapshot> {
  const header = requestHeader(c, 'content-type') ?? '';
  // The media type is case-insensitive; the multipart boundary is not (browsers mix cases).
  const type = header.toLowerCase();
  if (!FILE_TYPES.some((t) => type.startsWith(t))) {
    throw new HttpProblem(
      415,
      'unsupported-media-type',
      'Unsupported media type',
      `send the snapshot as text/csv, as ${XLSX_TYPE}, or as the multipart/form-data field 'file'`,
    );
  }
  if (Number(requestHeader(c, 'content-length') ?? 0) > SNAPSHOT_MAX_BYTES) throw tooLarge();
  let body: Buffer;
  try {
    body = await readBody(c, SNAPSHOT_MAX_BYTES);
  } catch (error) {
    if (error instanceof HttpProblem && error.status === 413) throw tooLarge();
    throw badRequest('the upload could not be read', [{ path: 'file', message: 'unreadable body' }]);
  }
  if (!type.startsWith('multipart/form-data')) {
    const name = type.startsWith(XLSX_TYPE) ? 'snapshot.xlsx' : 'snapshot.csv';
    return readFileBytes(new Uint8Array(body), null, type.startsWith(XLSX_TYPE) ? 'xlsx' : undefined, name);
  }
  let file: FormDataEntryValue | null;
  try {
    const form = await new Response(new Uint8Array(body), { headers: { 'content-type': header } }).formData();
    file = form.get('file');
  } catch {
    throw badRequest('the multipart body cannot be read', [{ path: 'file', message: 'unreadable form' }]);
  }
  if (file === null) {
    throw badRequest("the multipart body has no field named 'file'", [{ path: 'file', message: 'missing' }]);
  }
  if (typeof file === 'string')
    return readFileBytes(new TextEncoder().encode(file), null, 'csv', 'snapshot.csv');
  const name = file.name || 'snapshot';
  const extension = /\.([^.]+)$/.exec(name.toLowerCase())?.[1];
  const as = extension === 'xlsx' ? 'xlsx' : extension === 'csv' || extension === 'txt' ? 'csv' : undefined;
  return readFileBytes(new Uint8Array(await file.arrayBuffer()), name, as, name);
}

const isZip = (bytes: Uint8Array) => bytes[0] === 0x50 && bytes[1] === 0x4b;

async function readFileBytes(
  bytes: Uint8Array,
  fileName: string | null,
  as: 'csv' | 'xlsx' | undefined,
  label: string,
): Promise<RawSnapshot> {
  if (bytes.length === 0)
    throw badRequest('the snapshot file is empty', [{ path: 'file', message: 'empty' }]);
  if (as === 'xlsx' || (as === undefined && isZip(bytes))) return readXlsx(bytes, fileName, label);
  return readCsv(
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'),
    fileName,
    label,
  );
}

export function readCsv(text: string, fileName: string | null, label = 'snapshot.csv'): RawSnapshot {
  if (text.includes('\u0000') || text.includes('\uFFFD')) {
    throw badRequest(`${label} is not UTF-8 CSV text: save it as "CSV UTF-8" in Excel or WPS`, [
      { path: 'file', message: 'not UTF-8 text' },
    ]);
  }
  let records: ReturnType<typeof parseCsv>;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) {
      throw badRequest(`${label}: ${error.message}`, [
        { path: `rows.${error.line}`, message: error.message, params: { row: error.line } },
      ]);
    }
    throw error;
  }
  const start = records.findIndex((r) => r.fields.some((f) => f.trim() !== ''));
  if (start < 0) throw badRequest(`${label} has no header row`, [{ path: 'file', message: 'no header' }]);
  const header = records[start]!.fields.map((f) => f.trim());
  const rows = new Array<{ at: number; cells: CellValue[] }>(records.length - start - 1);
  for (let i = start + 1; i < records.length; i++) {
    const r = records[i]!;
    rows[i - start - 1] = { at: r.line, cells: r.fields };
  }
  return { fileName, header, rows, unit: 'line' };
}

async function readXlsx(bytes: Uint8Array, fileName: string | null, label: string): Promise<RawSnapshot> {
  try {
    unzipGuarded(bytes);
  } catch (error) {
    if (error instanceof WorkbookFileError) {
      throw new HttpProblem(
        error.reason === 'too-large' ? 413 : 400,
        error.reason === 'too-large' ? 'too-large' : 'validation',
        error.reason === 'too-large' ? 'Body too large' : 'Bad request',
        `${label}: ${error.en}`,
        [{ path: 'file', message: error.en }],
      );
    }
    throw error;
  }
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as never);
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 200);
    throw badRequest(`${label} is not a readable .xlsx workbook (${reason})`, [
      { path: 'file', message: 'unreadable workbook' },
    ]);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw badRequest(`${label} has no sheet`, [{ path: 'file', message: 'no sheet' }]);
  let header: string[] | undefined;
  const rows: { at: number; cells: CellValue[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: CellValue[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      cells[column - 1] = plainValue(cell.value);
    });
    if (header === undefined) header = Array.from(cells, (cell) => cellText(cell));
    else rows.push({ at: rowNumber, cells });
  });
  if (!header)
    throw badRequest(`${label}: sheet ${sheet.name} is empty`, [{ path: 'file', message: 'empty sheet' }]);
  return { fileName, header, rows, unit: 'row' };
}

/** Records pulled through a connector (their field names) as a snapshot to be read like a file. */
export function fromRecords(records: readonly Record<string, unknown>[]): RawSnapshot {
  const names = new Map<string, number>();
  for (const record of records)
    for (const name of Object.keys(record)) if (!names.has(name)) names.set(name, names.size);
  const header = [...names.keys()];
  const rows = records.map((record, i) => {
    const cells: CellValue[] = new Array(header.length);
    for (const [name, value] of Object.entries(record)) cells[names.get(name)!] = cellOf(value);
    return { at: i + 1, cells };
  });
  return { fileName: null, header, rows, unit: 'record' };
}

const cellOf = (value: unknown): CellValue =>
  value === null ||
  value === undefined ||
  typeof value === 'string' ||
  typeof value === 'number' ||
  typeof value === 'boolean' ||
  value instanceof Date
    ? value
    : JSON.stringify(value);

class RowErrors {
  readonly list: FieldError[] = [];
  count = 0;
  constructor(private readonly unit: RawSnapshot['unit']) {}
  add(at: number, column: string, message: string) {
    this.count++;
    if (this.list.length < MAX_ERRORS) {
      this.list.push({
        path: `rows.${at}.${column}`,
        message: `${this.unit} ${at}: ${message}`,
        params: { row: at, column },
      });
    }
  }
  throwIfAny(label: string) {
    if (this.count === 0) return;
    const first = this.list[0]!;
    const more = this.count > 1 ? ` (and ${this.count - 1} more)` : '';
    throw badRequest(`${label}: ${first.message}${more}; nothing was stored`, this.list);
  }
}

/**
 * The snapshot's rows with our field names, checked: without a mapping the header is matched by
 * name or alias (fields.ts); with one, each row goes through the connector's mapping. Any bad row
 * answers 400 naming its line or row and column; nothing is stored.
 */
export function snapshotRows(
  kind: ReconciliationKind,
  raw: RawSnapshot,
  mapInbound: MapInbound | null,
): SnapshotRows {
  const label = raw.fileName ?? (raw.unit === 'record' ? 'the pulled snapshot' : 'the snapshot');
  const errors = new RowErrors(raw.unit);
  const records = mapInbound
    ? mappedRecords(kind, raw, mapInbound, errors)
    : aliasedRecords(kind, raw, label);
  errors.throwIfAny(label);
  if (kind === 'stock') {
    const rows: StockSnapshotRow[] = [];
    for (const { at, get } of records) {
      const item = code(get('item'), at, 'item', errors, true);
      const location = code(get('location'), at, 'location', errors, true);
      const lot = code(get('lot'), at, 'lot', errors, false);
      const qty = quantity(get('qty'), at, errors);
      if (item !== null && location !== null && lot !== null && qty !== null) {
        rows.push({ item, location, lot, qty, at });
      }
    }
    errors.throwIfAny(label);
    return { kind, rows };
  }
  const rows: WorkOrderSnapshotRow[] = [];
  const seen = new Map<string, number>();
  for (const { at, get } of records) {
    const no = code(get('no'), at, 'no', errors, true);
    const item = code(get('item'), at, 'item', errors, true);
    const qty = quantity(get('qty'), at, errors);
    const statusText = code(get('status'), at, 'status', errors, false);
    if (no !== null && seen.has(no)) {
      errors.add(at, 'no', `work order ${no} is listed twice (also on ${raw.unit} ${seen.get(no)})`);
      continue;
    }
    if (no !== null) seen.set(no, at);
    if (no !== null && item !== null && qty !== null && statusText !== null) {
      const status =
        statusText === '' ? null : (WORK_ORDER_STATUS_WORDS[normalizeName(statusText)] ?? statusText);
      rows.push({ no, item, qty, status, at });
    }
  }
  errors.throwIfAny(label);
  return { kind, rows };
}

interface ReadRecord {
  at: number;
  get(field: string): unknown;
}

function aliasedRecords(kind: ReconciliationKind, raw: RawSnapshot, label: string): ReadRecord[] {
  const fields = SNAPSHOT_FIELDS[kind];
  const { columns, twice, missing } = matchHeader(fields, raw.header);
  const found = raw.header.filter((h) => h !== '').join(', ') || 'none';
  if (missing.length > 0) {
    throw badRequest(
      `${label} has no column for ${missing.join(', ')} (headers: ${found}); see docs/reconciliation.md`,
      missing.map((field) => ({
        path: `columns.${field}`,
        message: 'missing column',
        params: { column: field },
      })),
    );
  }
  if (twice.length > 0) {
    throw badRequest(`${label} has two columns for ${twice[0]} (headers: ${found})`, [
      { path: `columns.${twice[0]}`, message: 'two columns', params: { column: twice[0]! } },
    ]);
  }
  const index = new Map<string, number>();
  for (const [i, field] of columns) index.set(field, i);
  const out: ReadRecord[] = [];
  for (const row of raw.rows) {
    if (row.cells.every((cell) => cellText(cell) === '')) continue;
    out.push({
      at: row.at,
      get: (field) => {
        const i = index.get(field);
        return i === undefined ? undefined : row.cells[i];
      },
    });
  }
  return out;
}

function mappedRecords(
  kind: ReconciliationKind,
  raw: RawSnapshot,
  mapInbound: MapInbound,
  errors: RowErrors,
): ReadRecord[] {
  const out: ReadRecord[] = [];
  for (const row of raw.rows) {
    if (row.cells.every((cell) => cellText(cell) === '')) continue;
    const source: Record<string, unknown> = {};
    raw.header.forEach((name, i) => {
      const cell = row.cells[i];
      if (name !== '' && cell !== undefined && cell !== null && cellText(cell) !== '') {
        // A header like FMaterialId.FNumber is read by the mapping's dotted path as it is.
        source[name] = cell instanceof Date ? cellText(cell) : cell;
      }
    });
    const mapped = mapInbound(kind, source);
    if (!mapped.ok) {
      for (const problem of mapped.errors) errors.add(row.at, problem.path || '(record)', problem.message);
      continue;
    }
    const record = mapped.record;
    out.push({ at: row.at, get: (field) => record[field] });
  }
  return out;
}

const MAX_CODE = 100;

/** A code cell as text; null (and a problem) when it cannot be one. Absent optional cells are ''. */
function code(
  value: unknown,
  at: number,
  column: string,
  errors: RowErrors,
  required: boolean,
): string | null {
  const text =
    value === undefined || value === null
      ? ''
      : typeof value === 'object' && !(value instanceof Date)
        ? null
        : cellText(value as CellValue);
  if (text === null) {
    errors.add(at, column, `${column} must be text`);
    return null;
  }
  if (required && text === '') {
    errors.add(at, column, `${column} is empty`);
    return null;
  }
  if (text.length > MAX_CODE) {
    errors.add(at, column, `${column} is longer than ${MAX_CODE} characters`);
    return null;
  }
  if (text.includes('\u0000')) {
    errors.add(at, column, `${column} holds a NUL character`);
    return null;
  }
  return text;
}

function quantity(value: unknown, at: number, errors: RowErrors): string | number | null {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && Math.abs(value) <= 1e15) return value;
    errors.add(at, 'qty', `qty ${value} is out of range`);
    return null;
  }
  const text =
    value === undefined || value === null ? '' : typeof value === 'string' ? value.trim() : String(value);
  if (text === '') {
    errors.add(at, 'qty', 'qty is empty');
    return null;
  }
  if (!isDecimalText(text) || Math.abs(Number(text)) > 1e15) {
    errors.add(
      at,
      'qty',
      `qty '${text.slice(0, 40)}' is not a number (write 1234.5, without thousands separators)`,
    );
    return null;
  }
  return text;
}
