import type { LocationView, WarehouseView, WorkCenterView, WorkshopView } from '@shopfloor/sdk/admin';
import { sql } from 'kysely';
import { badRequest, conflict } from '../../http/problem.js';
import type { Db } from '../../http/route.js';

export type PlantTable = 'warehouses' | 'locations' | 'workshops' | 'work_centers';

export const warehouseView = (r: { code: string; name: string; active: boolean }): WarehouseView => ({
  code: r.code,
  name: r.name,
  active: r.active,
});

export const locationView = (r: {
  warehouse: string;
  code: string;
  name: string;
  kind: LocationView['kind'];
  active: boolean;
}): LocationView => ({ warehouse: r.warehouse, code: r.code, name: r.name, kind: r.kind, active: r.active });

export const workshopView = (r: {
  code: string;
  name: string;
  supervisor: string | null;
  active: boolean;
}): WorkshopView => ({ code: r.code, name: r.name, supervisor: r.supervisor, active: r.active });

export const workCenterView = (r: {
  code: string;
  name: string;
  workshop: string;
  stations: number;
  calendar: WorkCenterView['calendar'];
  active: boolean;
  owner?: string | null;
  late_tolerance?: string | number | null;
}): WorkCenterView => ({
  code: r.code,
  name: r.name,
  workshop: r.workshop,
  stations: r.stations,
  calendar: r.calendar,
  active: r.active,
  owner: r.owner ?? null,
  lateTolerance: r.late_tolerance == null ? null : Number(r.late_tolerance),
});

/** A code that must name an active record of `table`; 400 with the field path otherwise. */
export async function requireActive(
  db: Db,
  orgId: string,
  table: 'warehouses' | 'workshops',
  code: string,
  path: string,
): Promise<void> {
  const row = await db
    .selectFrom(table)
    .select('active')
    .where('org_id', '=', orgId)
    .where('code', '=', code)
    .executeTakeFirst();
  const what = table === 'warehouses' ? 'warehouse' : 'workshop';
  if (!row) throw badRequest(`no ${what} '${code}'`, [{ path, message: `no ${what} '${code}'` }]);
  if (!row.active) {
    throw badRequest(`${what} '${code}' is deactivated`, [
      { path, message: `${what} '${code}' is deactivated` },
    ]);
  }
}

/** The user id, when it names an active user; 400 on `path` otherwise. */
export async function requireUser(db: Db, orgId: string, id: string, path: string): Promise<void> {
  const row = await db
    .selectFrom('users')
    .select('active')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row?.active) throw badRequest(`no active user '${id}'`, [{ path, message: `no active user '${id}'` }]);
}

/**
 * What still points at a record, as `table.column` names (empty when nothing does). A record that
 * anything points at is deactivated, not deleted: its history keeps its name.
 */
export async function referencesTo(
  db: Db,
  orgId: string,
  table: PlantTable,
  code: string,
): Promise<string[]> {
  const checks: Record<PlantTable, ReturnType<typeof sql<{ used: string }>>[]> = {
    warehouses: [
      sql`select 'locations' as used from locations where org_id = ${orgId} and warehouse = ${code} limit 1`,
      sql`select 'issue_requests' as used from issue_requests where org_id = ${orgId} and warehouse = ${code} limit 1`,
      sql`select 'stock_receipts' as used from stock_receipts where org_id = ${orgId} and warehouse = ${code} limit 1`,
      sql`select 'users' as used from users where org_id = ${orgId} and ${code} = any(warehouses) limit 1`,
    ],
    locations: [
      sql`select 'stock_movements' as used from stock_movements where org_id = ${orgId} and location = ${code} limit 1`,
      sql`select 'work_orders' as used from work_orders where org_id = ${orgId} and (location = ${code} or issue_location = ${code}) limit 1`,
      sql`select 'issue_request_lines' as used from issue_request_lines where org_id = ${orgId} and location = ${code} limit 1`,
      sql`select 'stock_receipt_lines' as used from stock_receipt_lines where org_id = ${orgId} and location = ${code} limit 1`,
    ],
    workshops: [
      sql`select 'routings' as used from routings where org_id = ${orgId} and workshop = ${code} limit 1`,
      sql`select 'work_order_operations' as used from work_order_operations where org_id = ${orgId} and workshop = ${code} limit 1`,
      sql`select 'work_centers' as used from work_centers where org_id = ${orgId} and workshop = ${code} limit 1`,
      sql`select 'users' as used from users where org_id = ${orgId} and ${code} = any(workshops) limit 1`,
    ],
    work_centers: [
      sql`select 'routings' as used from routings where org_id = ${orgId} and work_center = ${code} limit 1`,
      sql`select 'work_order_operations' as used from work_order_operations where org_id = ${orgId} and work_center = ${code} limit 1`,
    ],
  };
  const found: string[] = [];
  for (const check of checks[table]) {
    const rows = await check.execute(db);
    if (rows.rows[0]) found.push(rows.rows[0].used);
  }
  return found;
}

/** Deletes an unreferenced record; 409 `in-use` naming what refers to it otherwise. */
export async function deleteUnreferenced(
  db: Db,
  orgId: string,
  table: PlantTable,
  code: string,
): Promise<void> {
  const used = await referencesTo(db, orgId, table, code);
  if (used.length > 0) {
    throw conflict(
      'in-use',
      `'${code}' is referenced by ${used.join(', ')}: deactivate it instead (active: false)`,
      { code, referencedBy: used.join(',') },
    );
  }
  await db.deleteFrom(table).where('org_id', '=', orgId).where('code', '=', code).execute();
}

/** Stock on hand in the given locations (any lot), to refuse deactivating a place that holds goods. */
export async function stockOnHand(db: Db, orgId: string, locations: string[]): Promise<number> {
  if (locations.length === 0) return 0;
  const row = await db
    .selectFrom('stock_balances')
    .select((eb) => eb.fn.count<string>('item').as('n'))
    .where('org_id', '=', orgId)
    .where('location', 'in', locations)
    .where('qty', '<>', '0')
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** A unique-key clash on create: 409 `exists`, the field named. */
export function alreadyExists(what: string, code: string) {
  return conflict('exists', `${what} '${code}' already exists`, { code });
}
