import { sql } from 'kysely';
import type { Db } from '../../http/route.js';
import type { ComparedRow, OurStock, OurWorkOrder } from './compare.js';

const UNIT = '\u001f';
const RECORD = '\u001e';

/**
 * Items whose precision is not the default 6. Read apart from the balances: joined to them, a
 * planner without fresh statistics (100,000 balances just written) loops over items per balance.
 */
async function precisions(db: Db, orgId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('items')
    .select(['code', 'precision'])
    .where('org_id', '=', orgId)
    .where('precision', '<>', 6)
    .execute();
  return new Map(rows.map((r) => [r.code, Number(r.precision)]));
}

/**
 * Our stock balances with their item's precision: one query answering one text (row by row, a
 * 100,000-balance answer costs PGlite seconds; one aggregated text, a fraction of one).
 */
export async function ourStock(db: Db, orgId: string): Promise<OurStock[]> {
  const [places, r] = await Promise.all([
    precisions(db, orgId),
    sql<{ t: string | null }>`
      select string_agg(item || chr(31) || location || chr(31) || lot || chr(31) || qty::text, chr(30)) as t
      from stock_balances where org_id = ${orgId}`.execute(db),
  ]);
  const text = r.rows[0]?.t;
  if (!text) return [];
  return text.split(RECORD).map((line) => {
    const [item, location, lot, qty] = line.split(UNIT) as [string, string, string, string];
    return { item, location, lot, qty, precision: places.get(item) ?? 6 };
  });
}

/** Our work orders with their item's precision: one query, one text (as ourStock). */
export async function ourWorkOrders(db: Db, orgId: string): Promise<OurWorkOrder[]> {
  const [places, r] = await Promise.all([
    precisions(db, orgId),
    sql<{ t: string | null }>`
      select string_agg(no || chr(31) || item || chr(31) || qty::text || chr(31) || status, chr(30)) as t
      from work_orders where org_id = ${orgId}`.execute(db),
  ]);
  const text = r.rows[0]?.t;
  if (!text) return [];
  return text.split(RECORD).map((line) => {
    const [no, item, qty, status] = line.split(UNIT) as [string, string, string, string];
    return { no, item, qty, status, precision: places.get(item) ?? 6 };
  });
}

export interface Owner {
  userId: string;
  name: string;
  /** storekeeper of the location's warehouse, lastMover of the balance, creator (planner) or supervisor of a work order. */
  role: 'storekeeper' | 'lastMover' | 'creator' | 'supervisor';
}

/** Owners are looked up for this many rows that differ or are missing, at most, per run. */
export const MAX_OWNED_ROWS = 10_000;

/**
 * Who owns each differing or missing row (the monthly audit's question): for stock the
 * storekeepers of the location's warehouse and whoever moved the balance last; for a work order
 * the planner who created it and the supervisors of the workshops it runs through.
 */
export async function ownersOf(
  db: Db,
  orgId: string,
  kind: 'stock' | 'workOrders',
  rows: readonly ComparedRow[],
): Promise<Map<ComparedRow, Owner[]>> {
  const owned = rows.filter((r) => r.status !== 'matched').slice(0, MAX_OWNED_ROWS);
  const result = new Map<ComparedRow, Owner[]>();
  if (owned.length === 0) return result;
  const users = await db
    .selectFrom('users')
    .select(['id', 'name', 'roles', 'warehouses', 'active'])
    .where('org_id', '=', orgId)
    .execute();
  const nameOf = new Map(users.map((u) => [u.id, u.name]));
  const person = (userId: string, role: Owner['role']): Owner => ({
    userId,
    name: nameOf.get(userId) ?? userId,
    role,
  });
  if (kind === 'stock') {
    const locations = [...new Set(owned.map((r) => r.location!))];
    const items = [...new Set(owned.map((r) => r.item!))];
    const [warehouses, movers] = await Promise.all([
      db
        .selectFrom('locations')
        .select(['code', 'warehouse'])
        .where('org_id', '=', orgId)
        .where('code', 'in', locations)
        .execute(),
      sql<{ item: string; location: string; lot: string; actor: string }>`
        select distinct on (item, location, lot) item, location, lot, actor from stock_movements
        where org_id = ${orgId} and item = any(${items}::text[]) and location = any(${locations}::text[])
        order by item, location, lot, at desc, id desc`.execute(db),
    ]);
    const warehouseOf = new Map(warehouses.map((w) => [w.code, w.warehouse]));
    const moverOf = new Map(movers.rows.map((m) => [`${m.item}\u0001${m.location}\u0001${m.lot}`, m.actor]));
    const keepers = users.filter((u) => u.active && u.roles.includes('storekeeper'));
    for (const row of owned) {
      const warehouse = warehouseOf.get(row.location!);
      const list = warehouse
        ? keepers.filter((u) => u.warehouses.includes(warehouse)).map((u) => person(u.id, 'storekeeper'))
        : [];
      const mover = moverOf.get(`${row.item}\u0001${row.location}\u0001${row.lot}`);
      if (mover) list.push(person(mover, 'lastMover'));
      result.set(row, list);
    }
    return result;
  }
  const nos = owned.map((r) => r.no!);
  const [creators, supervisors] = await Promise.all([
    sql<{ no: string; by: string | null }>`
      select aggregate_id as no, payload->>'by' as by from outbox_events
      where org_id = ${orgId} and topic = 'work-order.created' and aggregate_id = any(${nos}::text[])`.execute(
      db,
    ),
    sql<{ no: string; supervisor: string }>`
      select distinct o.work_order_no as no, w.supervisor from work_order_operations o
      join workshops w on w.org_id = o.org_id and w.code = o.workshop
      where o.org_id = ${orgId} and o.work_order_no = any(${nos}::text[]) and w.supervisor is not null`.execute(
      db,
    ),
  ]);
  const creatorOf = new Map(creators.rows.filter((r) => r.by).map((r) => [r.no, r.by!]));
  const supervisorsOf = new Map<string, string[]>();
  for (const s of supervisors.rows)
    supervisorsOf.set(s.no, [...(supervisorsOf.get(s.no) ?? []), s.supervisor]);
  for (const row of owned) {
    const list: Owner[] = [];
    const creator = creatorOf.get(row.no!);
    if (creator) list.push(person(creator, 'creator'));
    for (const s of supervisorsOf.get(row.no!) ?? []) list.push(person(s, 'supervisor'));
    result.set(row, list);
  }
  return result;
}
