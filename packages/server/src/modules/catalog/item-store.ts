import type { Item, ItemInput, ItemQuery } from '@shopfloor/sdk';
import type { Selectable } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Db } from '../../http/route.js';
import { decodeCursor, page } from '../../shared/cursor.js';
import { optionalQty, qty } from '../../shared/numbers.js';
import { isoShanghai } from '../../shared/time.js';

export type ItemRow = Selectable<Database['items']>;

/** The fields `PUT /items/{code}` may change; undefined = leave as is, null = clear. */
export interface ItemChanges {
  name?: string;
  safetyStock?: number;
  leadTime?: number;
  cost?: number | null;
  abcClass?: 'A' | 'B' | 'C' | null;
  spec?: string | null;
}

export function itemFromRow(row: ItemRow): Item {
  const item: Item = {
    code: row.code,
    // Items imported from a file without a name show their code rather than nothing.
    name: row.name || row.code,
    uom: row.uom,
    type: row.type,
    safetyStock: qty(row.safety_stock, row.precision),
    leadTime: qty(row.lead_time),
    precision: row.precision,
    createdAt: isoShanghai(row.created_at)!,
    updatedAt: isoShanghai(row.updated_at)!,
  };
  if (row.abc_class !== null) item.abcClass = row.abc_class;
  const cost = optionalQty(row.cost);
  if (cost !== undefined) item.cost = cost;
  if (row.spec) item.spec = row.spec;
  return item;
}

export async function findItem(db: Db, orgId: string, code: string): Promise<ItemRow | undefined> {
  return db
    .selectFrom('items')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('code', '=', code)
    .executeTakeFirst();
}

/** Keyset page by code; `q` matches code or name anywhere, case-insensitively. */
export async function listItems(db: Db, orgId: string, query: ItemQuery) {
  const limit = query.limit ?? 50;
  const after = decodeCursor(query.cursor, 1);
  let select = db.selectFrom('items').selectAll().where('org_id', '=', orgId);
  if (query.type) select = select.where('type', '=', query.type);
  if (query.abcClass) select = select.where('abc_class', '=', query.abcClass);
  if (query.q?.trim()) {
    const pattern = `%${query.q.trim().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    select = select.where((eb) => eb.or([eb('code', 'ilike', pattern), eb('name', 'ilike', pattern)]));
  }
  if (after) select = select.where('code', '>', String(after[0]));
  const rows = await select
    .orderBy('code')
    .limit(limit + 1)
    .execute();
  const shown = page(rows, limit, (row) => [row.code]);
  return { items: shown.rows.map(itemFromRow), nextCursor: shown.nextCursor };
}

/** Inserts a new item; undefined when the code is taken. */
export async function insertItem(
  db: Db,
  orgId: string,
  input: ItemInput,
  at: Date,
): Promise<ItemRow | undefined> {
  return db
    .insertInto('items')
    .values({
      org_id: orgId,
      code: input.code,
      name: input.name,
      uom: input.uom,
      type: input.type,
      safety_stock: input.safetyStock ?? 0,
      lead_time: input.leadTime ?? 0,
      abc_class: input.abcClass ?? null,
      cost: input.cost ?? null,
      precision: input.precision ?? 6,
      spec: input.spec ?? null,
      created_at: at,
      updated_at: at,
    })
    .onConflict((oc) => oc.columns(['org_id', 'code']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function updateItem(
  db: Db,
  orgId: string,
  code: string,
  changes: ItemChanges,
  at: Date,
): Promise<ItemRow> {
  return db
    .updateTable('items')
    .set({
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.safetyStock !== undefined ? { safety_stock: changes.safetyStock } : {}),
      ...(changes.leadTime !== undefined ? { lead_time: changes.leadTime } : {}),
      ...(changes.cost !== undefined ? { cost: changes.cost } : {}),
      ...(changes.abcClass !== undefined ? { abc_class: changes.abcClass } : {}),
      ...(changes.spec !== undefined ? { spec: changes.spec } : {}),
      updated_at: at,
    })
    .where('org_id', '=', orgId)
    .where('code', '=', code)
    .returningAll()
    .executeTakeFirstOrThrow();
}
