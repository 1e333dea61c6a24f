import type { CycleCount } from '@shopfloor/sdk';
import { sql } from 'kysely';
import type { Principal } from '../../http/session.js';
import { qty } from '../../shared/numbers.js';
import { isoShanghai } from '../../shared/time.js';
import { withinTolerance } from './policy.js';
import type { CountDb, CountRow } from './tables.js';

/** Approvers and storekeepers act for their warehouses; admins and planners see every warehouse. */
export function seesWarehouse(user: Principal, warehouse: string): boolean {
  if (user.roles.includes('admin') || user.roles.includes('planner')) return true;
  return (
    (user.roles.includes('approver') || user.roles.includes('storekeeper')) &&
    user.warehouses.includes(warehouse)
  );
}

/** Who may approve, reject or recount: an approver or storekeeper of the warehouse (or an admin). */
export function decidesFor(user: Principal, warehouse: string): boolean {
  if (user.roles.includes('admin')) return true;
  return (
    (user.roles.includes('approver') || user.roles.includes('storekeeper')) &&
    user.warehouses.includes(warehouse)
  );
}

/** Blind counting: the book is shown only to someone who could decide the count and did not count it. */
export const seesBook = (user: Principal, row: CountRow) =>
  row.counted_by !== user.userId && decidesFor(user, row.warehouse);

/**
 * Tasks as the API answers them, with item names. `onHand` is the balance now, shown instead of a
 * book quantity on open tasks that are not blind.
 */
export async function countViews(
  db: CountDb,
  user: Principal,
  rows: readonly CountRow[],
): Promise<CycleCount[]> {
  if (rows.length === 0) return [];
  const items = await db
    .selectFrom('items')
    .select(['code', 'name', 'precision'])
    .where('org_id', '=', user.orgId)
    .where('code', 'in', [...new Set(rows.map((r) => r.item))])
    .execute();
  const byCode = new Map(items.map((i) => [i.code, i]));
  // People read names: 孙仓管, not demo-storekeeper.
  const people = [...new Set(rows.flatMap((r) => [r.counted_by, r.decided_by]).filter((u) => u !== null))];
  const names = new Map(
    people.length === 0
      ? []
      : (
          await db
            .selectFrom('users')
            .select(['id', 'name'])
            .where('org_id', '=', user.orgId)
            .where('id', 'in', people)
            .execute()
        ).map((u) => [u.id, u.name]),
  );
  const last = await lastCounted(db, user.orgId, rows);
  // Open tasks that are not blind show the balance now: one query for the page, not one per task.
  const openSeen = rows.filter((r) => r.status === 'open' && !r.blind);
  const balances =
    openSeen.length === 0
      ? []
      : await db
          .selectFrom('stock_balances')
          .select(['item', 'location', 'lot', 'qty'])
          .where('org_id', '=', user.orgId)
          .where((eb) =>
            eb.or(
              openSeen.map((r) =>
                eb.and([eb('item', '=', r.item), eb('location', '=', r.location), eb('lot', '=', r.lot)]),
              ),
            ),
          )
          .execute();
  const balanceKey = (b: { item: string; location: string; lot: string }) =>
    `${b.item}\u0000${b.location}\u0000${b.lot}`;
  const held = new Map(balances.map((b) => [balanceKey(b), Number(b.qty)]));
  const onHand = new Map(openSeen.map((r) => [r.id, held.get(balanceKey(r)) ?? 0]));
  return rows.map((r) => {
    const item = byCode.get(r.item);
    const places = item?.precision ?? 6;
    const pct = Number(r.tolerance_pct);
    const view: CycleCount = {
      id: r.id,
      planId: r.plan_id,
      item: r.item,
      itemName: item?.name ?? r.item,
      location: r.location,
      warehouse: r.warehouse,
      lot: r.lot === '' ? null : r.lot,
      abcClass: r.abc_class,
      status: r.status,
      blind: r.blind,
      countedQty: r.counted_qty === null ? null : qty(r.counted_qty, places),
      countedBy: r.counted_by,
      countedByName: r.counted_by === null ? null : (names.get(r.counted_by) ?? r.counted_by),
      countedAt: isoShanghai(r.counted_at),
      lastCountedAt: isoShanghai(last.get(r.id)),
      tolerancePct: pct,
      decidedBy: r.decided_by,
      decidedByName: r.decided_by === null ? null : (names.get(r.decided_by) ?? r.decided_by),
      decidedAt: isoShanghai(r.decided_at),
      comment: r.comment,
      createdAt: isoShanghai(r.created_at)!,
    };
    if (r.status === 'open') {
      if (!r.blind) view.bookQty = qty(onHand.get(r.id) ?? 0, places);
    } else if (seesBook(user, r) || !r.blind) {
      const book = qty(r.book_qty, places);
      const variance = qty(Number(r.counted_qty) - Number(r.book_qty), places);
      view.bookQty = book;
      view.variance = variance;
      view.withinTolerance = withinTolerance(book, variance, pct);
    }
    return view;
  });
}

/** Per task, the newest accepted count of its balance made before the task: one query for the page. */
async function lastCounted(db: CountDb, orgId: string, rows: readonly CountRow[]) {
  const r = await sql<{ id: string; at: Date | null }>`
    select t.id, (select max(c.counted_at) from cycle_counts c
      where c.org_id = t.org_id and c.item = t.item and c.location = t.location and c.lot = t.lot
        and c.status = 'done' and c.id <> t.id and c.counted_at < t.created_at) as at
    from cycle_counts t
    where t.org_id = ${orgId} and t.id in (${sql.join(rows.map((row) => row.id))})`.execute(db);
  return new Map(r.rows.map((x) => [x.id, x.at]));
}
