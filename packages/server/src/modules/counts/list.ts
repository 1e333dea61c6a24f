import type { CycleCountQuery } from '@shopfloor/sdk';
import { sql } from 'kysely';
import type { Principal } from '../../http/session.js';
import { page } from '../../shared/cursor.js';
import { decodeTimeCursor } from '../stock/time-cursor.js';
import type { CountDb } from './tables.js';
import { countViews } from './view.js';

/**
 * Count tasks of the warehouses the caller keeps (admins and planners: all), oldest first, so the
 * list reads as a to-do list.
 */
export async function listCounts(db: CountDb, user: Principal, query: CycleCountQuery) {
  const limit = query.limit ?? 50;
  const after = decodeTimeCursor(query.cursor, 'uuid');
  let q = db
    .selectFrom('cycle_counts')
    .selectAll()
    .select(sql<string>`created_at::text`.as('created_key'))
    .where('org_id', '=', user.orgId);
  if (!(user.roles.includes('admin') || user.roles.includes('planner'))) {
    q =
      user.warehouses.length > 0 ? q.where('warehouse', 'in', user.warehouses) : q.where(sql<boolean>`false`);
  }
  if (query.status) q = q.where('status', '=', query.status);
  if (query.warehouse) q = q.where('warehouse', '=', query.warehouse);
  if (query.item) q = q.where('item', '=', query.item);
  if (query.location) q = q.where('location', '=', query.location);
  if (after) q = q.where(sql<boolean>`(created_at, id) > (${after[0]}::timestamptz, ${after[1]}::uuid)`);
  const rows = await q
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit + 1)
    .execute();
  const { rows: shown, nextCursor } = page(rows, limit, (r) => [r.created_key, r.id]);
  return { items: await countViews(db, user, shown), nextCursor };
}
