import { sql } from 'kysely';
import type { AppDeps } from '../../deps.js';
import { qty } from '../../shared/numbers.js';
import { isoShanghai } from '../../shared/time.js';
import type { Worker } from '../../shared/worker.js';
import { openAlert, resolveAlert } from '../alerts/store.js';

const HOUR_MS = 3_600_000;
/** Later than this, an overdue operation is critical rather than a warning. */
const CRITICAL_AFTER_MS = 24 * HOUR_MS;

interface OverdueRow {
  org_id: string;
  work_order_no: string;
  seq: number;
  name: string;
  good_qty: string;
  wo_qty: string;
  deadline: Date;
}

/**
 * Raises overdue-operation alerts and resolves them when the operation is reported. An operation is
 * overdue when its work order is released or in progress, it is not done, and its planned end (or,
 * without one, the end of the work order's due day in Asia/Shanghai) has passed.
 */
export function createOverdueWorker(deps: AppDeps): Worker {
  return {
    name: 'overdue',
    async tick() {
      const now = deps.clock.now();
      return deps.db.transaction().execute(async (tx) => {
        const overdue = await sql<OverdueRow>`
          select o.org_id, o.work_order_no, o.seq, o.name, o.good_qty, wo.qty as wo_qty,
                 coalesce(o.planned_end, ((wo.due + 1)::text || ' 00:00:00+08')::timestamptz) as deadline
          from work_order_operations o
          join work_orders wo on wo.org_id = o.org_id and wo.no = o.work_order_no
          where wo.status in ('released', 'in-progress') and o.status <> 'done'
            and coalesce(o.planned_end, ((wo.due + 1)::text || ' 00:00:00+08')::timestamptz) < ${now}
          order by o.org_id, o.work_order_no, o.seq`.execute(tx);
        let changed = 0;
        const live = new Set<string>();
        for (const row of overdue.rows) {
          const subject = `${row.work_order_no}:${row.seq}`;
          live.add(`${row.org_id}\u0000${subject}`);
          const late = now.getTime() - row.deadline.getTime();
          const opened = await openAlert(tx, {
            orgId: row.org_id,
            kind: 'overdue-operation',
            severity: late > CRITICAL_AFTER_MS ? 'critical' : 'warning',
            subject,
            message: overdueMessage(row, late),
            params: {
              workOrderNo: row.work_order_no,
              seq: row.seq,
              operation: row.name,
              lateMinutes: Math.floor(late / 60_000),
              deadline: isoShanghai(row.deadline)!.slice(0, 16).replace('T', ' '),
              good: qty(row.good_qty),
              qty: qty(row.wo_qty),
            },
          });
          if (opened.opened) changed++;
        }
        const open = await tx
          .selectFrom('alerts')
          .select(['org_id', 'subject'])
          .where('kind', '=', 'overdue-operation')
          .where('status', '<>', 'resolved')
          .execute();
        for (const alert of open) {
          if (live.has(`${alert.org_id}\u0000${alert.subject}`)) continue;
          if (await resolveAlert(tx, alert.org_id, 'overdue-operation', alert.subject, now)) changed++;
        }
        return changed;
      });
    },
  };
}

/** 工单 WO-1 工序 20（焊接）已逾期 5 小时：应于 2026-11-26 00:00 完成，合格 3 / 10 */
function overdueMessage(row: OverdueRow, lateMs: number): string {
  const hours = Math.floor(lateMs / HOUR_MS);
  const late =
    hours >= 48
      ? `${Math.floor(hours / 24)} 天`
      : hours >= 1
        ? `${hours} 小时`
        : `${Math.max(1, Math.floor(lateMs / 60_000))} 分钟`;
  const deadline = isoShanghai(row.deadline)!.slice(0, 16).replace('T', ' ');
  return `工单 ${row.work_order_no} 工序 ${row.seq}（${row.name}）已逾期 ${late}：应于 ${deadline} 完成，合格 ${qty(row.good_qty)} / ${qty(row.wo_qty)}`;
}
