import { type AdminClient, createAdminClient, type SetupReport } from '@shopfloor/sdk/admin';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import type { TestServer } from './harness.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function adminOf(server: TestServer, userId = 'admin'): Promise<AdminClient> {
  return createAdminClient({ baseUrl: server.url, token: await server.token(userId) });
}

/** Opens a workbook, lets `edit` change it, answers the saved bytes (on their own ArrayBuffer). */
export async function editWorkbook(
  bytes: Uint8Array,
  edit: (workbook: ExcelJS.Workbook) => void | Promise<void>,
): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as never);
  await edit(workbook);
  return new Uint8Array(await workbook.xlsx.writeBuffer()).slice();
}

/** A sheet of the workbook by its name; throws when there is none, so a test says which. */
export function sheet(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const found = workbook.getWorksheet(name);
  if (!found) throw new Error(`no sheet ${name}`);
  return found;
}

/** The cells of a sheet below its header, as plain values. */
export function rowsOf(workbook: ExcelJS.Workbook, name: string): unknown[][] {
  const rows: unknown[][] = [];
  sheet(workbook, name).eachRow((row, n) => {
    if (n > 1) rows.push((row.values as unknown[]).slice(1));
  });
  return rows;
}

/** Row counts of every table: equal before and after a refused import, or something was written. */
export async function tableCounts(server: TestServer): Promise<Record<string, number>> {
  const db = server.database.db;
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`.execute(db);
  const select = tables.rows.map((t) => `(select count(*) from "${t.name}")::int as "${t.name}"`).join(', ');
  const counts = await sql.raw<Record<string, number>>(`select ${select}`).execute(db);
  return counts.rows[0]!;
}

/** POSTs a workbook as the raw body; answers status and the JSON (report or problem). */
export async function postWorkbook(
  server: TestServer,
  token: string,
  body: BodyInit,
  options: { dryRun?: boolean; contentType?: string | null } = {},
): Promise<{ status: number; type: string; json: SetupReport & Record<string, unknown> }> {
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  const type = options.contentType === undefined ? XLSX_TYPE : options.contentType;
  if (type !== null) headers['Content-Type'] = type;
  const response = await fetch(`${server.url}/api/v1/setup/workbook${options.dryRun ? '?dryRun=true' : ''}`, {
    method: 'POST',
    headers,
    body,
  });
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    json: JSON.parse(text),
  };
}

/** Where the problems are: `sheet!row!column`, sorted. */
export const places = (report: SetupReport) =>
  report.problems.map((p) => `${p.sheet}!${p.row}!${p.column}`).sort();

export const countsOf = (report: SetupReport) =>
  Object.fromEntries(report.sheets.map((s) => [s.sheet, [s.created, s.updated, s.unchanged]]));
