import { WorkOrder, WorkOrderNo } from '@shopfloor/sdk';
import { sql } from 'kysely';
import type { ResumeStatus, WorkOrderStatus } from '../../db/schema.js';
import { badRequest, conflict, notFound } from '../../http/problem.js';
import { type Db, defineRoute, z } from '../../http/route.js';
import type { Principal } from '../../http/session.js';
import { audit } from '../../shared/audit.js';
import { emitEvent } from '../../shared/events.js';
import { decide, type LifecycleAction, type LifecycleState, REASON_MAX } from './lifecycle-rules.js';
import { findWorkOrder } from './work-order-store.js';
import { toWorkOrder } from './work-order-view.js';

const NoParams = z.object({ no: WorkOrderNo });
const Reason = z
  .string()
  .trim()
  .min(1, 'a reason is required')
  .max(REASON_MAX, `at most ${REASON_MAX} characters`)
  .describe('Why: shown to the floor and kept in the audit log');
const ReasonInput = z.object({ reason: Reason });
const CloseInput = z.object({
  reason: Reason.optional(),
  short: z
    .boolean()
    .optional()
    .describe(
      'Close short: fewer than planned were made (needs a reason); a done work order closes without one',
    ),
});
type CloseInput = z.infer<typeof CloseInput>;

const TOPIC: Record<LifecycleAction, string> = {
  hold: 'work-order.held',
  resume: 'work-order.resumed',
  cancel: 'work-order.cancelled',
  close: 'work-order.closed',
};

interface Locked {
  status: WorkOrderStatus;
  resume_status: ResumeStatus | null;
  status_reason: string | null;
  reported: boolean;
  material_out: boolean;
}

/**
 * The work order and what the transition needs to know, with its operation rows locked (seq
 * descending, the order reports lock them in): a report in flight finishes first, and a report
 * that comes after waits and then reads the new status.
 */
async function lockForTransition(db: Db, orgId: string, no: string, postgres: boolean): Promise<Locked> {
  if (postgres) {
    await sql`select seq from work_order_operations where org_id = ${orgId} and work_order_no = ${no}
              order by seq desc for update`.execute(db);
  }
  const { rows } = await sql<Locked>`
    select w.status, w.resume_status, w.status_reason,
           exists (select 1 from operation_reports r where r.org_id = w.org_id and r.work_order_no = w.no) as reported,
           (exists (select 1 from issue_requests r where r.org_id = w.org_id and r.work_order_no = w.no
                      and r.status in ('draft', 'pending'))
            or coalesce((select bool_or(net > 0) from (
                 select sum(case when r.kind = 'issue' then coalesce(l.approved_qty, l.qty) else -l.approved_qty end) as net
                 from issue_requests r join issue_request_lines l on l.org_id = r.org_id and l.request_id = r.id
                 where r.org_id = w.org_id and r.work_order_no = w.no and r.kind in ('issue', 'return')
                   and (r.status in ('approved', 'partially-approved') and l.approved_qty is not null
                        or r.posted_at is not null)
                 group by l.item) issued), false)) as material_out
    from work_orders w
    where w.org_id = ${orgId} and w.no = ${no}
    ${postgres ? sql`for update of w` : sql``}`.execute(db);
  const row = rows[0];
  if (!row) throw notFound(`work order ${no} does not exist`, 'work-order-not-found', { workOrderNo: no });
  return row;
}

async function transition(
  {
    db,
    user,
    deps,
    no,
  }: { db: Db; user: Principal; deps: { clock: { now(): Date }; dbKind: string }; no: string },
  action: LifecycleAction,
  body: { reason?: string; short?: boolean },
) {
  const locked = await lockForTransition(db, user.orgId, no, deps.dbKind !== 'pglite');
  const state: LifecycleState = {
    status: locked.status,
    reported: locked.reported,
    materialOut: locked.material_out,
    resumeStatus: locked.resume_status,
  };
  const decision = decide(no, state, { action, short: body.short });
  if (!decision.ok) {
    throw conflict(decision.code, decision.message, { workOrderNo: no, status: locked.status, action });
  }
  if (decision.needsReason && !body.reason) {
    const why = action === 'close' ? 'closing short needs a reason' : `${action} needs a reason`;
    throw badRequest(`reason: ${why}`, [{ path: 'reason', message: why }]);
  }
  const now = deps.clock.now();
  const reason = body.reason ?? null;
  const to = decision.to;
  const changes =
    action === 'hold'
      ? {
          status: to,
          status_reason: reason,
          held_at: now,
          held_by: user.userId,
          resume_status: locked.status as ResumeStatus,
        }
      : action === 'resume'
        ? { status: to, status_reason: null, held_at: null, held_by: null, resume_status: null }
        : action === 'cancel'
          ? {
              status: to,
              status_reason: reason,
              cancelled_at: now,
              cancelled_by: user.userId,
              resume_status: null,
            }
          : {
              status: to,
              status_reason: reason,
              closed_at: now,
              closed_by: user.userId,
              closed_short: locked.status !== 'done',
              resume_status: null,
            };
  await db
    .updateTable('work_orders')
    .set(changes)
    .where('org_id', '=', user.orgId)
    .where('no', '=', no)
    .execute();
  const short = action === 'close' ? locked.status !== 'done' : undefined;
  await audit(db, {
    orgId: user.orgId,
    actor: user.userId,
    action: `work-order.${action}`,
    subjectType: 'work-order',
    subjectId: no,
    before: { status: locked.status, reason: locked.status_reason },
    after: { status: to, reason, ...(short !== undefined ? { short } : {}) },
  });
  await emitEvent(db, {
    orgId: user.orgId,
    topic: TOPIC[action],
    aggregateType: 'work-order',
    aggregateId: no,
    payload: {
      no,
      from: locked.status,
      status: to,
      ...(reason ? { reason } : {}),
      ...(short !== undefined ? { short } : {}),
      by: user.userId,
      at: now.toISOString(),
    },
  });
  const found = await findWorkOrder(db, user.orgId, no);
  return toWorkOrder(found!.wo, found!.ops);
}

const common = {
  method: 'post' as const,
  tags: ['work-orders'],
  auth: ['planner' as const],
  params: NoParams,
  response: WorkOrder,
  status: 200 as const,
  errors: [400, 404, 409],
};

/** 暂停 / 恢复 / 取消 / 短关: the lifecycle of a work order after release (docs/work-orders.md). */
export const lifecycleRoutes = [
  defineRoute({
    ...common,
    path: '/work-orders/{no}/hold',
    summary:
      'Put a released or in-progress work order on hold (暂停): reports are refused until it is resumed',
    body: ReasonInput,
    async handler({ params, body, user, db, deps }) {
      return transition({ db, user, deps, no: params.no }, 'hold', body);
    },
  }),
  defineRoute({
    ...common,
    path: '/work-orders/{no}/resume',
    summary: 'Resume a work order on hold (恢复): back to the status it was held in',
    async handler({ params, user, db, deps }) {
      return transition({ db, user, deps, no: params.no }, 'resume', {});
    },
  }),
  defineRoute({
    ...common,
    path: '/work-orders/{no}/cancel',
    summary: 'Cancel a work order (取消) before anything was reported or issued to it',
    description:
      'Refused (409) once an operation was reported (close it short instead), and while material is out to it (issued and not returned) or an issue request for it is draft or pending.',
    body: ReasonInput,
    async handler({ params, body, user, db, deps }) {
      return transition({ db, user, deps, no: params.no }, 'cancel', body);
    },
  }),
  defineRoute({
    ...common,
    path: '/work-orders/{no}/close',
    summary: 'Close a work order (关闭): a done one as is, an unfinished one short (短关) with a reason',
    body: CloseInput,
    async handler({ params, body, user, db, deps }) {
      const input: CloseInput = body;
      return transition({ db, user, deps, no: params.no }, 'close', input);
    },
  }),
];
