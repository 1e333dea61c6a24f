import type { IssueRequestInput } from '@shopfloor/sdk';
import { badRequest, forbidden } from '../../http/problem.js';
import type { Db } from '../../http/route.js';
import type { Principal } from '../../http/session.js';

/**
 * 紧急领料 is posted before anyone approves it, so only people who answer for the material may
 * post one: admins, storekeepers of the warehouse, and the supervisors of a workshop that has an
 * operation of the work order (workshops.supervisor). Only an issue, submitted at once.
 */
export async function checkEmergencyRight(db: Db, user: Principal, body: IssueRequestInput): Promise<void> {
  if ((body.kind ?? 'issue') !== 'issue' || body.submit === false) {
    throw badRequest('only an issue submitted at once can be an emergency', [
      {
        path: 'emergency',
        message: 'an emergency is an issue, submitted at once (not a return, scrap or draft)',
      },
    ]);
  }
  if (user.roles.includes('admin')) return;
  if (user.roles.includes('storekeeper') && user.warehouses.includes(body.warehouse)) return;
  if (body.workOrderNo !== undefined) {
    const supervised = await db
      .selectFrom('work_order_operations as o')
      .innerJoin('workshops as w', (j) =>
        j.onRef('w.org_id', '=', 'o.org_id').onRef('w.code', '=', 'o.workshop'),
      )
      .select('w.code')
      .where('o.org_id', '=', user.orgId)
      .where('o.work_order_no', '=', body.workOrderNo)
      .where('w.supervisor', '=', user.userId)
      .executeTakeFirst();
    if (supervised) return;
  }
  throw forbidden(
    'an emergency issue is posted by a storekeeper of the warehouse, a supervisor of the work order’s workshop or an admin',
    { warehouse: body.warehouse, workOrderNo: body.workOrderNo ?? null },
    'emergency-not-allowed',
  );
}
