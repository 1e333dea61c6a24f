import type { TransferQuery } from '@shopfloor/sdk';
import { sql } from 'kysely';
import type { Db } from '../../http/route.js';
import type { Principal } from '../../http/session.js';
import { page } from '../../shared/cursor.js';
import { decodeTimeCursor } from '../stock/time-cursor.js';
import { seesAllTransfers, transferViews } from './view.js';

/**
 * Transfers the caller may see, newest first: admins and planners all; approvers and storekeepers
 * those touching their warehouses and their own; everyone else their own.
 */
export async function listTransfers(db: Db, user: Principal, query: TransferQuery) {
  const limit = query.limit ?? 50;
  const after = decodeTimeCursor(query.cursor, 'uuid');
  const keeper = user.roles.includes('approver') || user.roles.includes('storekeeper');
  let q = db
    .selectFrom('transfers')
    .selectAll()
    .select(sql<string>`created_at::text`.as('created_key'))
    .where('org_id', '=', user.orgId);
  if (!seesAllTransfers(user)) {
    q = q.where((eb) =>
      keeper && user.warehouses.length > 0
        ? eb.or([
            eb('requester', '=', user.userId),
            eb('from_warehouse', 'in', user.warehouses),
            eb('to_warehouse', 'in', user.warehouses),
          ])
        : eb('requester', '=', user.userId),
    );
  }
  if (query.status) q = q.where('status', '=', query.status);
  const warehouse = query.warehouse;
  if (warehouse)
    q = q.where((eb) => eb.or([eb('from_warehouse', '=', warehouse), eb('to_warehouse', '=', warehouse)]));
  if (after) q = q.where(sql<boolean>`(created_at, id) < (${after[0]}::timestamptz, ${after[1]}::uuid)`);
  const rows = await q
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const { rows: shown, nextCursor } = page(rows, limit, (r) => [r.created_key, r.id]);
  return { items: await transferViews(db, user.orgId, shown), nextCursor };
}
