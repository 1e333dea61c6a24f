import { sql } from 'kysely';
import type { AppDeps } from '../../deps.js';
import { qty } from '../../shared/numbers.js';
import { TURN_LOCKS, takeTurn } from '../../shared/take-turn.js';
import { isoShanghai } from '../../shared/time.js';
import type { Worker } from '../../shared/worker.js';
import { openAlert, resolveAlert } from '../alerts/store.js';
import { loadWorkCenters } from '../planning/planner.js';
import { type Lateness, lateness } from '../scheduling/index.js';

const HOUR_MS = 3_600_000;
/** Later than this, an overdue operation is critical rather than a warning. */
const CRITICAL_AFTER_MS = 24 * HOUR_MS;

interface OpenRow {
  org_id: string;
  work_order_no: string;
  seq: number;
  name: string;
  workshop: string;
  work_center: string | null;
  owner: string | null;
  good_qty: string;
  scrap_qty: string;
  setup_minutes: string;
  standard_minutes: string;
  wo_qty: string;
  deadline: Date;
  actual_start: Date | null;
}

/**
 * Raises overdue-operation alerts (one per operation: alerts are deduplicated by subject
 * `<no>:<seq>`) and resolves them when the operation is done or no longer late. An operation of a
 * released or in-progress work order is late (docs/planning.md) when
 * - its planned end (or, without one, the end of the work order's due day in Asia/Shanghai) has
 *   passed: `reason` 'past-planned-end'; or
 * - it has started (the start scan, or its first report) and the working minutes since then on its
 *   work center's calendar exceed (setup + standard × quantity so far) × the tolerance (the work
 *   center's, else SHOPFLOOR_LATE_TOLERANCE, 1.5): `reason` 'slow'.
 */
export function createOverdueWorker(deps: AppDeps): Worker {
  return {
    name: 'overdue',
    async tick() {
      return deps.db.transaction().execute(async (tx) => {
        // Replicas take turns: a tick that overlapped another one would resolve the alerts it opened.
        if (!(await takeTurn(tx, TURN_LOCKS.overdue))) return 0;
        const now = deps.clock.now();
        const open = await sql<OpenRow>`
          select o.org_id, o.work_order_no, o.seq, o.name, o.workshop, o.work_center, o.owner,
                 o.good_qty, o.scrap_qty, o.setup_minutes, o.standard_minutes, wo.qty as wo_qty,
                 coalesce(o.planned_end, ((wo.due + 1)::text || ' 00:00:00+08')::timestamptz) as deadline,
                 coalesce(o.actual_start,
                          (select min(coalesce(r.device_time, r.created_at)) from operation_reports r
                           where r.org_id = o.org_id and r.work_order_no = o.work_order_no and r.seq = o.seq)
                 ) as actual_start
          from work_order_operations o
          join work_orders wo on wo.org_id = o.org_id and wo.no = o.work_order_no
          where wo.status in ('released', 'in-progress') and o.status <> 'done'
            and (o.actual_start is not null
                 or coalesce(o.planned_end, ((wo.due + 1)::text || ' 00:00:00+08')::timestamptz) < ${now})
          order by o.org_id, o.work_order_no, o.seq`.execute(tx);
        // The live overdue alerts, read once: an alert already open is rewritten only when what it
        // says has moved on (refresh below), not on every tick — at a year that was 12,000 updates
        // (two statements each) every few seconds.
        const stored = await tx
          .selectFrom('alerts')
          .select(['org_id', 'subject', 'severity', 'owner', 'message', 'params'])
          .where('kind', '=', 'overdue-operation')
          .where('status', '<>', 'resolved')
          .execute();
        const storedBy = new Map(stored.map((a) => [`${a.org_id}\u0000${a.subject}`, a]));
        const centersByOrg = new Map<string, Awaited<ReturnType<typeof loadWorkCenters>>>();
        let changed = 0;
        const live = new Set<string>();
        for (const row of open.rows) {
          let centers = centersByOrg.get(row.org_id);
          if (!centers) {
            const codes = open.rows.filter((r) => r.org_id === row.org_id).map((r) => r.work_center);
            centers = await loadWorkCenters(tx, deps, row.org_id, [
              ...new Set(codes.filter((c): c is string => c !== null)),
            ]);
            centersByOrg.set(row.org_id, centers);
          }
          const center = centers.get(row.work_center);
          const late = lateness(
            {
              done: false,
              plannedEnd: row.deadline,
              actualStart: row.actual_start,
              setupMinutes: Number(row.setup_minutes),
              standardMinutes: Number(row.standard_minutes),
              quantity: Number(row.wo_qty),
              reported: Number(row.good_qty) + Number(row.scrap_qty),
              stations: center.stations,
            },
            now,
            center.calendar,
            center.lateTolerance,
          );
          if (!late.late) continue;
          const subject = `${row.work_order_no}:${row.seq}`;
          const key = `${row.org_id}\u0000${subject}`;
          live.add(key);
          const alert = alertOf(row, late, now, center.lateTolerance);
          const before = storedBy.get(key);
          if (before && !refresh(before, alert)) continue;
          const opened = await openAlert(tx, alert);
          if (opened.opened) changed++;
        }
        for (const alert of stored) {
          if (live.has(`${alert.org_id}\u0000${alert.subject}`)) continue;
          if (await resolveAlert(tx, alert.org_id, 'overdue-operation', alert.subject, now)) changed++;
        }
        return changed;
      });
    },
  };
}

const wall = (at: Date): string => isoShanghai(at)!.slice(0, 16).replace('T', ' ');

type OverdueAlert = ReturnType<typeof alertOf>;

/**
 * Whether a live alert is to be rewritten: its severity, owner or reason changed, or its words did
 * and the lateness moved by 5 minutes within the first hour late, by an hour after that (the
 * words count hours and days then).
 */
export function refresh(
  before: { severity: string; owner: string | null; message: string; params: unknown },
  next: OverdueAlert,
): boolean {
  const was = (before.params ?? {}) as { reason?: string; lateMinutes?: number };
  if (before.severity !== next.severity || before.owner !== next.owner) return true;
  if (was.reason !== next.params.reason) return true;
  if (before.message === next.message) return false;
  const late = next.params.lateMinutes;
  return Math.abs(late - (was.lateMinutes ?? 0)) >= (late < 60 ? 5 : 60);
}

function alertOf(row: OpenRow, late: Lateness, now: Date, tolerance: number) {
  const common = {
    workOrderNo: row.work_order_no,
    seq: row.seq,
    operation: row.name,
    workshop: row.workshop,
    ...(row.work_center ? { workCenter: row.work_center } : {}),
    ...(row.owner ? { owner: row.owner } : {}),
    good: qty(row.good_qty),
    qty: qty(row.wo_qty),
  };
  if (late.reason === 'past-planned-end') {
    const lateMs = now.getTime() - row.deadline.getTime();
    return {
      orgId: row.org_id,
      workshop: row.workshop,
      owner: row.owner,
      kind: 'overdue-operation' as const,
      severity: lateMs > CRITICAL_AFTER_MS ? ('critical' as const) : ('warning' as const),
      subject: `${row.work_order_no}:${row.seq}`,
      message: overdueMessage(row, lateMs),
      params: {
        ...common,
        reason: 'past-planned-end',
        lateMinutes: Math.floor(lateMs / 60_000),
        deadline: wall(row.deadline),
      },
    };
  }
  const allowed = Math.ceil(late.allowedMinutes ?? 0);
  return {
    orgId: row.org_id,
    workshop: row.workshop,
    owner: row.owner,
    kind: 'overdue-operation' as const,
    severity: 'warning' as const,
    subject: `${row.work_order_no}:${row.seq}`,
    message: `工单 ${row.work_order_no} 工序 ${row.seq}（${row.name}）用时超标：自 ${wall(row.actual_start!)} 开工已用 ${late.elapsedMinutes} 工作分钟，按标准工时 × ${tolerance} 应在 ${allowed} 分钟内，合格 ${qty(row.good_qty)} / ${qty(row.wo_qty)}`,
    params: {
      ...common,
      reason: 'slow',
      // lateMinutes and deadline keep the words of a past-planned-end alert meaningful.
      lateMinutes: Math.max(1, late.elapsedMinutes - allowed),
      deadline: wall(row.deadline),
      startedAt: wall(row.actual_start!),
      elapsedMinutes: late.elapsedMinutes,
      allowedMinutes: allowed,
      tolerance,
    },
  };
}

/** 工单 WO-1 工序 20（焊接）已逾期 5 小时：应于 2026-11-26 00:00 完成，合格 3 / 10 */
function overdueMessage(row: OpenRow, lateMs: number): string {
  const hours = Math.floor(lateMs / HOUR_MS);
  const late =
    hours >= 48
      ? `${Math.floor(hours / 24)} 天`
      : hours >= 1
        ? `${hours} 小时`
        : `${Math.max(1, Math.floor(lateMs / 60_000))} 分钟`;
  return `工单 ${row.work_order_no} 工序 ${row.seq}（${row.name}）已逾期 ${late}：应于 ${wall(row.deadline)} 完成，合格 ${qty(row.good_qty)} / ${qty(row.wo_qty)}`;
}
