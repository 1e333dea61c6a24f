import { sql } from 'kysely';
import type { AppDeps } from '../../deps.js';
import { TURN_LOCKS, takeTurn } from '../../shared/take-turn.js';
import { isoShanghai } from '../../shared/time.js';
import type { Worker } from '../../shared/worker.js';
import { openAlert, resolveAlert } from '../alerts/store.js';

const HOUR_MS = 3_600_000;

interface UnapprovedRow {
  org_id: string;
  no: string;
  warehouse: string;
  work_order_no: string | null;
  requester: string;
  requester_name: string | null;
  posted_at: Date;
}

/**
 * Raises an 'emergency-unapproved' alert for each emergency issue (紧急领料) still unapproved
 * SHOPFLOOR_EMERGENCY_APPROVAL_HOURS after it was posted (critical after twice that), and
 * resolves it once the request is approved or rejected.
 */
export function createEmergencyWorker(deps: AppDeps): Worker {
  const hours = deps.config.emergencyApprovalHours;
  return {
    name: 'emergency-approvals',
    async tick() {
      return deps.db.transaction().execute(async (tx) => {
        // Replicas take turns: a tick that overlapped another one would resolve the alerts it opened.
        if (!(await takeTurn(tx, TURN_LOCKS.emergency))) return 0;
        const now = deps.clock.now();
        const due = new Date(now.getTime() - hours * HOUR_MS);
        const unapproved = await sql<UnapprovedRow>`
          select r.org_id, r.no, r.warehouse, r.work_order_no, r.requester, u.name as requester_name, r.posted_at
          from issue_requests r
          left join users u on u.org_id = r.org_id and u.id = r.requester
          where r.emergency and r.status = 'pending' and r.posted_at <= ${due}
          order by r.org_id, r.posted_at, r.no`.execute(tx);
        let changed = 0;
        const live = new Set<string>();
        for (const row of unapproved.rows) {
          live.add(`${row.org_id}\u0000${row.no}`);
          const waited = Math.floor((now.getTime() - row.posted_at.getTime()) / HOUR_MS);
          const postedAt = isoShanghai(row.posted_at)!.slice(0, 16).replace('T', ' ');
          const opened = await openAlert(tx, {
            orgId: row.org_id,
            kind: 'emergency-unapproved',
            severity: waited >= 2 * hours ? 'critical' : 'warning',
            subject: row.no,
            message: `紧急领料 ${row.no}（仓库 ${row.warehouse}${row.work_order_no ? `，工单 ${row.work_order_no}` : ''}）已过账 ${waited} 小时仍未审批：${postedAt} 由 ${row.requester_name ?? row.requester} 领出`,
            params: {
              request: row.no,
              warehouse: row.warehouse,
              workOrderNo: row.work_order_no,
              requester: row.requester_name ?? row.requester,
              postedAt,
              hours: waited,
            },
            at: now,
            warehouse: row.warehouse,
          });
          if (opened.opened) changed++;
        }
        const open = await tx
          .selectFrom('alerts')
          .select(['org_id', 'subject'])
          .where('kind', '=', 'emergency-unapproved')
          .where('status', '<>', 'resolved')
          .execute();
        for (const alert of open) {
          if (live.has(`${alert.org_id}\u0000${alert.subject}`)) continue;
          if (await resolveAlert(tx, alert.org_id, 'emergency-unapproved', alert.subject, now)) changed++;
        }
        return changed;
      });
    },
  };
}
