import type { StockBalance, StockBalanceQuery, StockMovement, StockMovementQuery } from '@shopfloor/sdk';
import { sql } from 'kysely';
import type { Db } from '../../http/route.js';
import { decodeCursor, page } from '../../shared/cursor.js';
import { qty } from '../../shared/numbers.js';
import { isoShanghai } from '../../shared/time.js';
import { decodeTimeCursor } from './time-cursor.js';

/** Balances by item, location and lot, keyset-paged in that order; warehouse from the location. */
export async function listBalances(db: Db, orgId: string, query: StockBalanceQuery) {
  const limit = query.limit ?? 100;
  const after = decodeCursor(query.cursor, 3);
  let q = db
    .selectFrom('stock_balances as b')
    .innerJoin('locations as l', (j) =>
      j.onRef('l.org_id', '=', 'b.org_id').onRef('l.code', '=', 'b.location'),
    )
    .innerJoin('items as i', (j) => j.onRef('i.org_id', '=', 'b.org_id').onRef('i.code', '=', 'b.item'))
    .select([
      'b.item',
      'b.location',
      'b.lot',
      'b.qty',
      'b.updated_at',
      'l.warehouse',
      'i.uom',
      'i.safety_stock',
      'i.precision',
    ])
    .where('b.org_id', '=', orgId);
  if (query.item) q = q.where('b.item', '=', query.item);
  if (query.warehouse) q = q.where('l.warehouse', '=', query.warehouse);
  if (query.lot) q = q.where('b.lot', '=', query.lot);
  if (query.belowSafetyStock) {
    // Safety stock is org-wide: compare the item's total over every location and lot.
    q = q.where(
      sql<boolean>`i.safety_stock > 0 and (select sum(t.qty) from stock_balances t where t.org_id = b.org_id and t.item = b.item) < i.safety_stock`,
    );
  }
  if (after)
    q = q.where(
      sql<boolean>`(b.item, b.location, b.lot) > (${String(after[0])}, ${String(after[1])}, ${String(after[2])})`,
    );
  const rows = await q
    .orderBy('b.item')
    .orderBy('b.location')
    .orderBy('b.lot')
    .limit(limit + 1)
    .execute();
  const { rows: shown, nextCursor } = page(rows, limit, (r) => [r.item, r.location, r.lot]);
  const items: StockBalance[] = shown.map((r) => ({
    item: r.item,
    warehouse: r.warehouse,
    location: r.location,
    ...(r.lot ? { lot: r.lot } : {}),
    qty: qty(r.qty, r.precision),
    uom: r.uom,
    safetyStock: qty(r.safety_stock, r.precision),
    updatedAt: isoShanghai(r.updated_at)!,
  }));
  return { items, nextCursor };
}

/** Ledger lines, newest first; `from`/`to` are calendar days in Asia/Shanghai, both included. */
export async function listMovements(db: Db, orgId: string, query: StockMovementQuery) {
  const limit = query.limit ?? 100;
  const after = decodeTimeCursor(query.cursor, 'serial');
  let q = movementSelect(db, orgId);
  if (query.item) q = q.where('m.item', '=', query.item);
  if (query.warehouse) q = q.where('l.warehouse', '=', query.warehouse);
  if (query.lot) q = q.where('m.lot', '=', query.lot);
  if (query.kind) q = q.where('m.kind', '=', query.kind);
  if (query.from) q = q.where('m.at', '>=', new Date(`${query.from}T00:00:00+08:00`));
  if (query.to)
    q = q.where('m.at', '<', new Date(new Date(`${query.to}T00:00:00+08:00`).getTime() + 86_400_000));
  if (after) q = q.where(sql<boolean>`(m.at, m.id) < (${after[0]}::timestamptz, ${after[1]}::bigint)`);
  const rows = await q
    .orderBy('m.at', 'desc')
    .orderBy('m.id', 'desc')
    .limit(limit + 1)
    .execute();
  const { rows: shown, nextCursor } = page(rows, limit, (r) => [r.at_key, r.id]);
  return { items: shown.map(movementView), nextCursor };
}

/** The movements one document posted, in ledger order. */
export async function movementsOf(db: Db, orgId: string, sourceType: string, sourceId: string) {
  const rows = await movementSelect(db, orgId)
    .where('m.source_type', '=', sourceType as never)
    .where('m.source_id', '=', sourceId)
    .orderBy('m.id')
    .execute();
  return rows.map(movementView);
}

function movementSelect(db: Db, orgId: string) {
  return db
    .selectFrom('stock_movements as m')
    .innerJoin('locations as l', (j) =>
      j.onRef('l.org_id', '=', 'm.org_id').onRef('l.code', '=', 'm.location'),
    )
    .innerJoin('items as i', (j) => j.onRef('i.org_id', '=', 'm.org_id').onRef('i.code', '=', 'm.item'))
    .select([
      'm.id',
      'm.kind',
      'm.item',
      'm.location',
      'm.lot',
      'm.qty',
      'm.source_type',
      'm.source_id',
      'm.at',
      'm.actor',
      'l.warehouse',
      'i.uom',
      'i.precision',
    ])
    .select(sql<string>`m.at::text`.as('at_key'))
    .where('m.org_id', '=', orgId);
}

type MovementRow = Awaited<ReturnType<ReturnType<typeof movementSelect>['execute']>>[number];

function movementView(r: MovementRow): StockMovement {
  return {
    id: String(r.id),
    kind: r.kind,
    item: r.item,
    qty: qty(r.qty, r.precision),
    uom: r.uom,
    warehouse: r.warehouse,
    location: r.location,
    ...(r.lot ? { lot: r.lot } : {}),
    sourceDocument: { type: r.source_type, id: r.source_id },
    at: isoShanghai(r.at)!,
    by: r.actor,
  };
}
