import type { Transfer } from '@shopfloor/sdk';
import type { Selectable } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Db } from '../../http/route.js';
import type { Principal } from '../../http/session.js';
import { qty } from '../../shared/numbers.js';
import { isoShanghai } from '../../shared/time.js';

export type TransferRow = Selectable<Database['transfers']>;

/** Storekeepers receive for their warehouses; an admin for all of them. */
export function receivesFor(user: Principal, warehouse: string): boolean {
  if (user.roles.includes('admin')) return true;
  return user.roles.includes('storekeeper') && user.warehouses.includes(warehouse);
}

export const seesAllTransfers = (user: Principal) =>
  user.roles.includes('admin') || user.roles.includes('planner');

/** Who sees a transfer: its requester, admins and planners, approvers/storekeepers of either end. */
export function canSeeTransfer(
  user: Principal,
  row: Pick<TransferRow, 'requester' | 'from_warehouse' | 'to_warehouse'>,
): boolean {
  if (seesAllTransfers(user) || row.requester === user.userId) return true;
  const keeper = user.roles.includes('storekeeper') || user.roles.includes('approver');
  return (
    keeper && (user.warehouses.includes(row.from_warehouse) || user.warehouses.includes(row.to_warehouse))
  );
}

/** Transfers with their lines, in the order of `rows`: one query for all the lines. */
export async function transferViews(
  db: Db,
  orgId: string,
  rows: readonly TransferRow[],
): Promise<Transfer[]> {
  if (rows.length === 0) return [];
  const lines = await db
    .selectFrom('transfer_lines as l')
    .innerJoin('items as i', (j) => j.onRef('i.org_id', '=', 'l.org_id').onRef('i.code', '=', 'l.item'))
    .select([
      'l.transfer_id',
      'l.line_no',
      'l.item',
      'l.qty',
      'l.lot',
      'l.from_location',
      'l.to_location',
      'i.precision',
    ])
    .where('l.org_id', '=', orgId)
    .where(
      'l.transfer_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('l.transfer_id')
    .orderBy('l.line_no')
    .execute();
  // People read names: 孙仓管, not demo-storekeeper.
  const people = [...new Set(rows.flatMap((r) => [r.requester, r.decided_by]).filter((u) => u !== null))];
  const names = new Map(
    (people.length === 0
      ? []
      : await db
          .selectFrom('users')
          .select(['id', 'name'])
          .where('org_id', '=', orgId)
          .where('id', 'in', people)
          .execute()
    ).map((u) => [u.id, u.name]),
  );
  return rows.map((r) => ({
    id: r.id,
    no: r.no,
    fromWarehouse: r.from_warehouse,
    toWarehouse: r.to_warehouse,
    requester: r.requester,
    requesterName: names.get(r.requester) ?? r.requester,
    status: r.status,
    ...(r.comment ? { comment: r.comment } : {}),
    lines: lines
      .filter((l) => l.transfer_id === r.id)
      .map((l) => ({
        line: l.line_no,
        item: l.item,
        qty: qty(l.qty, l.precision),
        from: l.from_location,
        to: l.to_location,
        ...(l.lot ? { lot: l.lot } : {}),
      })),
    createdAt: isoShanghai(r.created_at)!,
    ...(r.decided_by
      ? { decidedBy: r.decided_by, decidedByName: names.get(r.decided_by) ?? r.decided_by }
      : {}),
    ...(r.decided_at ? { decidedAt: isoShanghai(r.decided_at)! } : {}),
    ...(r.decision_comment ? { decisionComment: r.decision_comment } : {}),
  }));
}
