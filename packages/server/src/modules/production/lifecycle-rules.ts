import type { WorkOrderStatus } from '../../db/schema.js';

/**
 * The work-order lifecycle as a pure state machine (issue 13), shared by the routes and the tests.
 *
 *   draft ──release──▶ released ──first report──▶ in-progress ──last report──▶ done ──close──▶ closed
 *                        │  ▲                        │  ▲                                    ▲
 *                   hold │  │ resume            hold │  │ resume                             │
 *                        ▼  │                        ▼  │                                    │
 *                        on-hold ─────────────────── on-hold ──close short (reason)──────────┘
 *   draft | released | on-hold (nothing reported, no material out) ──cancel (reason)──▶ cancelled
 */
export type LifecycleAction = 'hold' | 'resume' | 'cancel' | 'close';

/** Statuses in which operations take reports. */
export const REPORTABLE_STATUSES: readonly WorkOrderStatus[] = ['released', 'in-progress'];
/** Statuses in which reports are refused with `work-order-stopped` (the floor sees 暂停/已取消/已关闭). */
export const STOPPED_STATUSES: readonly WorkOrderStatus[] = ['on-hold', 'cancelled', 'closed'];
export const REASON_MAX = 500;

export interface LifecycleState {
  status: WorkOrderStatus;
  /** Any operation report exists. */
  reported: boolean;
  /** Material is out to the work order (net of returns) or an issue request for it is still open. */
  materialOut: boolean;
  /** What a held work order resumes to. */
  resumeStatus: 'released' | 'in-progress' | null;
}

export interface LifecycleRequest {
  action: LifecycleAction;
  /** Close only: fewer than planned were made. */
  short?: boolean;
}

export type LifecycleDecision =
  | { ok: true; to: WorkOrderStatus; needsReason: boolean }
  | { ok: false; code: string; message: string };

/** Whether `request` may happen in `state`, and to what status; refusals carry the code and the reason. */
export function decide(no: string, state: LifecycleState, request: LifecycleRequest): LifecycleDecision {
  const { status } = state;
  const refuse = (code: string, message: string): LifecycleDecision => ({
    ok: false,
    code,
    message: `work order ${no} is ${status}: ${message}`,
  });
  switch (request.action) {
    case 'hold':
      if (status === 'released' || status === 'in-progress')
        return { ok: true, to: 'on-hold', needsReason: true };
      return refuse(
        'work-order-not-holdable',
        'only a released or in-progress work order can be put on hold',
      );
    case 'resume':
      if (status === 'on-hold') return { ok: true, to: state.resumeStatus ?? 'released', needsReason: false };
      return refuse('work-order-not-on-hold', 'only a work order on hold can be resumed');
    case 'cancel':
      if (status === 'cancelled' || status === 'closed' || status === 'done' || status === 'in-progress') {
        if (status === 'in-progress')
          return refuse(
            'work-order-reported',
            'operations were reported, so it can no longer be cancelled: close it short instead',
          );
        return refuse(
          'work-order-not-cancellable',
          'only a draft, released or held work order can be cancelled',
        );
      }
      if (state.reported)
        return refuse(
          'work-order-reported',
          'operations were reported, so it can no longer be cancelled: close it short instead',
        );
      if (state.materialOut)
        return refuse(
          'work-order-material-out',
          'material was issued to it (or an issue request for it is open): return the material or settle the requests before cancelling',
        );
      return { ok: true, to: 'cancelled', needsReason: true };
    case 'close':
      if (status === 'done') return { ok: true, to: 'closed', needsReason: false };
      if (status === 'released' || status === 'in-progress' || status === 'on-hold') {
        if (request.short) return { ok: true, to: 'closed', needsReason: true };
        return refuse('work-order-not-done', 'it is not done: close it short (short: true) with a reason');
      }
      if (status === 'draft') return refuse('work-order-not-closable', 'a draft is cancelled, not closed');
      return refuse('work-order-not-closable', `it is already ${status}`);
  }
}
