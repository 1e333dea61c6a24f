import type { IssueRequestQuery } from '@shopfloor/sdk';
import { sql } from 'kysely';
import type { Db } from '../../http/route.js';
import type { Principal } from '../../http/session.js';
import { page } from '../../shared/cursor.js';
import { decodeTimeCursor } from '../stock/time-cursor.js';
import { requestViews, seesAll } from './view.js';

/**
 * Requests the caller may see, newest first: admins and planners see all; approvers and
 * storekeepers their warehouses' requests and their own; everyone else only their own.
 */
export async function listRequests(db: Db, user: Principal, query: IssueRequestQuery) {
  const limit = query.limit ?? 50;
  const after = decodeTimeCursor(query.cursor, 'uuid');
  const keeper = user.roles.includes('approver') || user.roles.includes('storekeeper');
  let q = db
    .selectFrom('issue_requests')
    .selectAll()
    .select(sql<string>`created_at::text`.as('created_key'))
    .where('org_id', '=', user.orgId);
  if (!seesAll(user)) {
    q = q.where((eb) =>
      keeper && user.warehouses.length > 0
        ? eb.or([eb('requester', '=', user.userId), eb('warehouse', 'in', user.warehouses)])
        : eb('requester', '=', user.userId),
    );
  }
  if (query.status) q = q.where('status', '=', query.status);
  if (query.warehouse) q = q.where('warehouse', '=', query.warehouse);
  if (query.workOrderNo) q = q.where('work_order_no', '=', query.workOrderNo);
  if (query.emergency !== undefined) q = q.where('emergency', '=', query.emergency);
  if (query.mine) q = q.where('requester', '=', user.userId);
  if (query.awaitingMe) {
    q = q.where('status', '=', 'pending').where('requester', '<>', user.userId);
    if (!user.roles.includes('admin')) {
      q =
        keeper && user.warehouses.length > 0
          ? q.where('warehouse', 'in', user.warehouses)
          : q.where(sql<boolean>`false`);
    }
  }
  if (after) q = q.where(sql<boolean>`(created_at, id) < (${after[0]}::timestamptz, ${after[1]}::uuid)`);
  const rows = await q
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const { rows: shown, nextCursor } = page(rows, limit, (r) => [r.created_key, r.id]);
  return { items: await requestViews(db, user.orgId, shown), nextCursor };
}
