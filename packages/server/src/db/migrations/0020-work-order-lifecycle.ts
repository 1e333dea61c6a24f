/**
 * The work-order lifecycle (issue 13): a released or running work order can be put on hold (暂停)
 * and resumed, cancelled (取消) before anything was reported, or closed short (短关) with a reason.
 * `status_reason` is the reason of the current hold, cancellation or short close; `resume_status`
 * the status a held work order goes back to.
 */
export const workOrderLifecycleSchema = `
alter table work_orders drop constraint work_orders_status_check;
alter table work_orders add constraint work_orders_status_check
  check (status in ('draft', 'released', 'in-progress', 'on-hold', 'done', 'closed', 'cancelled'));
alter table work_orders add column status_reason text;
alter table work_orders add column held_at timestamptz;
alter table work_orders add column held_by text;
alter table work_orders add column resume_status text check (resume_status in ('released', 'in-progress'));
alter table work_orders add column cancelled_at timestamptz;
alter table work_orders add column cancelled_by text;
alter table work_orders add column closed_by text;
alter table work_orders add column closed_short boolean not null default false;
alter table work_orders add constraint work_orders_hold_resumes
  check (status <> 'on-hold' or resume_status is not null)
`;
