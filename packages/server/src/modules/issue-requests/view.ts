import type { IssueRequest } from '@shopfloor/sdk';
import type { Selectable } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Db } from '../../http/route.js';
import type { Principal } from '../../http/session.js';
import { optionalQty, qty } from '../../shared/numbers.js';
import { isoShanghai } from '../../shared/time.js';

export type RequestRow = Selectable<Database['issue_requests']>;

/** Who sees a request: its requester, admins and planners, and approvers/storekeepers of its warehouse. */
export function canSee(user: Principal, row: Pick<RequestRow, 'requester' | 'warehouse'>): boolean {
  return seesAll(user) || row.requester === user.userId || keepsWarehouse(user, row.warehouse);
}

export const seesAll = (user: Principal) => user.roles.includes('admin') || user.roles.includes('planner');

/** Approvers and storekeepers act for their warehouses; an admin for all of them. */
export function keepsWarehouse(user: Principal, warehouse: string): boolean {
  if (user.roles.includes('admin')) return true;
  return (
    (user.roles.includes('approver') || user.roles.includes('storekeeper')) &&
    user.warehouses.includes(warehouse)
  );
}

/** Requests with their lines, approvals and people's names, in the order of `rows`: four queries whatever the count. */
export async function requestViews(
  db: Db,
  orgId: string,
  rows: readonly RequestRow[],
): Promise<IssueRequest[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const lines = await db
    .selectFrom('issue_request_lines as l')
    .innerJoin('items as i', (j) => j.onRef('i.org_id', '=', 'l.org_id').onRef('i.code', '=', 'l.item'))
    .select([
      'l.request_id',
      'l.line_no',
      'l.item',
      'l.qty',
      'l.lot',
      'l.location',
      'l.reason',
      'l.bom_requirement',
      'l.already_issued',
      'l.approved_qty',
      'i.precision',
    ])
    .where('l.org_id', '=', orgId)
    .where('l.request_id', 'in', ids)
    .orderBy('l.request_id')
    .orderBy('l.line_no')
    .execute();
  const approvals = await db
    .selectFrom('approvals')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('request_id', 'in', ids)
    .orderBy('at')
    .execute();
  const people = [...new Set([...rows.map((r) => r.requester), ...approvals.map((a) => a.approver)])];
  const names = new Map(
    (
      await db
        .selectFrom('users')
        .select(['id', 'name'])
        .where('org_id', '=', orgId)
        .where('id', 'in', people)
        .execute()
    ).map((u) => [u.id, u.name]),
  );
  const warehouses = new Map(
    (
      await db
        .selectFrom('warehouses')
        .select(['code', 'name'])
        .where('org_id', '=', orgId)
        .where('code', 'in', [...new Set(rows.map((r) => r.warehouse))])
        .execute()
    ).map((w) => [w.code, w.name]),
  );
  return rows.map((r) => ({
    id: r.id,
    no: r.no,
    kind: r.kind,
    warehouse: r.warehouse,
    ...(warehouses.get(r.warehouse) ? { warehouseName: warehouses.get(r.warehouse)! } : {}),
    ...(r.work_order_no ? { workOrderNo: r.work_order_no } : {}),
    requester: r.requester,
    ...(names.get(r.requester) ? { requesterName: names.get(r.requester)! } : {}),
    status: r.status,
    ...(r.comment ? { comment: r.comment } : {}),
    ...(r.emergency ? { emergency: true } : {}),
    ...(r.posted_at ? { postedAt: isoShanghai(r.posted_at)! } : {}),
    lines: lines
      .filter((l) => l.request_id === r.id)
      .map((l) => ({
        line: l.line_no,
        item: l.item,
        qty: qty(l.qty, l.precision),
        ...(l.lot ? { lot: l.lot } : {}),
        location: l.location,
        ...(l.reason ? { reason: l.reason } : {}),
        ...(l.approved_qty !== null ? { approvedQty: qty(l.approved_qty, l.precision) } : {}),
        ...(l.bom_requirement !== null
          ? { bomRequirement: optionalQty(l.bom_requirement, l.precision) }
          : {}),
        ...(l.already_issued !== null ? { alreadyIssued: optionalQty(l.already_issued, l.precision) } : {}),
      })),
    approvals: approvals
      .filter((a) => a.request_id === r.id)
      .map((a) => ({
        approver: a.approver,
        ...(names.get(a.approver) ? { approverName: names.get(a.approver)! } : {}),
        at: isoShanghai(a.at)!,
        decision: a.decision,
        ...(a.comment ? { comment: a.comment } : {}),
        lines: (a.lines ?? []).map((l) => ({ line: l.lineNo, qty: l.approvedQty })),
      })),
    createdAt: isoShanghai(r.created_at)!,
    ...(r.decided_at ? { updatedAt: isoShanghai(r.decided_at)! } : {}),
  }));
}
