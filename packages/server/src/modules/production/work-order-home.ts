import type { WorkOrder, WorkOrderPage, WorkOrderQuery } from '@shopfloor/sdk';
import type { OperationStatus, WorkOrderStatus } from '../../db/schema.js';
import type { AppDeps } from '../../deps.js';
import { badRequest } from '../../http/problem.js';
import type { Db } from '../../http/route.js';
import type { Principal } from '../../http/session.js';
import { materialReadiness, type Readiness } from './readiness.js';
import { firstOfEachStatus, type OperationBrief, operationsOf } from './work-order-store.js';
import { displayStatus, toWorkOrder } from './work-order-view.js';

/** The home page lists operations planned to start within this long (the app's 今日工序 horizon). */
export const HOME_HORIZON_MS = 7 * 24 * 3600_000;

/** The orders whose operations the home lists; on hold too, so the operator sees 暂停 on them. */
export const HOME_STATUSES = ['in-progress', 'released', 'on-hold'] as const;

/** At most this many operations a `view=home` answer: the home shows 10, then 10 more a tap. */
export const HOME_OPERATIONS = 30;

/**
 * An operation the home page (首页, 今日工序) lists: not done, in one of the caller's workshops
 * (any when unscoped), planned to start by `horizon` or unplanned — the app's openOperations rule.
 */
export function listedOnHome(
  op: Pick<OperationBrief, 'status' | 'workshop' | 'planned_start'>,
  scope: readonly string[] | null,
  horizon: number,
): boolean {
  if (op.status === 'done') return false;
  if (scope && !scope.includes(op.workshop)) return false;
  return op.planned_start === null || Date.parse(op.planned_start) <= horizon;
}

/**
 * `view=home`: of one page (the first `limit` by due) of each of HOME_STATUSES — or of `status` —
 * the first HOME_OPERATIONS operations the home page lists, in its order, each order carrying only
 * those; orders left without are left out, and there is no cursor. The home page asked three pages
 * of 50 orders with ~1,000 operations (400 kB) to show 10: their rows, JSON and GC were its server
 * CPU under load. Progress and 齐套 are still judged on every operation (the first consumes).
 */
export async function homeWorkOrders(
  db: Db,
  deps: AppDeps,
  user: Principal,
  query: WorkOrderQuery,
  scope: readonly string[] | null,
  today: string,
): Promise<WorkOrderPage> {
  if (query.cursor || query.item || query.dueBefore)
    throw badRequest('view=home takes status, workshop and limit only', [{ path: 'view', message: 'home' }]);
  // Without a status, the three the home lists, each its own page (as three requests had them).
  const statuses = query.status ? [query.status] : HOME_STATUSES;
  const scopes = [query.workshop ? [query.workshop] : null, scope].filter((s) => s !== null);
  const { rows, ops } = await firstOfEachStatus(db, user.orgId, statuses, query.limit ?? 50, scopes);
  const horizon = deps.clock.now().getTime() + HOME_HORIZON_MS;
  const listed = (op: OperationBrief) => listedOnHome(op, scope, horizon);
  const orders = rows
    .map((wo) => ({ wo, ops: ops.get(wo.no) ?? [] }))
    .filter((order) => order.ops.some(listed));
  // 齐套 sits on the first operation: judged only where the home lists that one.
  const judged = orders.filter((order) => listed(order.ops[0]!));
  const bom = judged.length > 0 ? await deps.services.boms.compiled(db, user.orgId) : undefined;
  const ready = bom
    ? await materialReadiness(db, bom, user.orgId, judged, today)
    : new Map<string, Readiness>();
  const candidates: Candidate[] = [];
  for (const { wo, ops } of orders)
    ops.forEach((op, i) => {
      if (!listed(op)) return;
      const readiness = ready.get(wo.no);
      candidates.push({
        no: wo.no,
        seq: op.seq,
        rank: homeRank(
          wo.status,
          displayStatus(wo.status, op, ops[i - 1]),
          readiness?.seq === op.seq ? readiness.material : undefined,
        ),
        key: op.planned_start ?? `${wo.due}T99`,
      });
    });
  const first = new Set(
    candidates
      .sort((a, b) => a.rank - b.rank || a.key.localeCompare(b.key) || a.seq - b.seq)
      .slice(0, HOME_OPERATIONS)
      .map(({ no, seq }) => `${no}:${seq}`),
  );
  const shown = orders.filter(({ wo }) =>
    candidates.some((c) => c.no === wo.no && first.has(`${c.no}:${c.seq}`)),
  );
  // Only the orders sent are read whole, names and times included.
  const whole = await operationsOf(
    db,
    user.orgId,
    shown.map(({ wo }) => wo.no),
  );
  const items: WorkOrder[] = shown.map(({ wo }) =>
    toWorkOrder(wo, whole.get(wo.no) ?? [], ready.get(wo.no), (op) => first.has(`${wo.no}:${op.seq}`)),
  );
  return { items, nextCursor: null };
}

interface Candidate {
  no: string;
  seq: number;
  rank: number;
  /** Planned start as the API shows it, or the due day after any time of it. */
  key: string;
}

/**
 * The home's groups (the app's openOperations): 0 startable (ready or running, not held), 1 startable
 * but waiting for material (待齐套), 2 waiting on an earlier operation or held.
 */
export function homeRank(
  orderStatus: WorkOrderStatus,
  opStatus: OperationStatus,
  material: 'ready' | 'waiting' | undefined,
): number {
  if (orderStatus === 'on-hold' || (opStatus !== 'ready' && opStatus !== 'in-progress')) return 2;
  return material === 'waiting' ? 1 : 0;
}
