/**
 * Owners and planned schedules of operations (issue 13): a work center's owner (负责人) and its
 * lateness tolerance (null = SHOPFLOOR_LATE_TOLERANCE); a work order operation's owner (copied from
 * the routing operation, else its work center, at creation; changeable), its setup minutes (copied
 * from the routing: the planner and the lateness check need them) and the direction it was planned
 * in ('forward' | 'backward' | 'replan').
 */
export const ownersSchedulesSchema = `
alter table work_centers add column if not exists owner text;
alter table work_centers add column if not exists late_tolerance numeric check (late_tolerance is null or (late_tolerance >= 1 and late_tolerance <= 10));
alter table work_order_operations add column if not exists owner text;
alter table work_order_operations add column if not exists setup_minutes numeric not null default 0;
alter table work_order_operations add column if not exists plan_direction text check (plan_direction in ('forward', 'backward', 'replan'));
create index if not exists work_order_operations_by_plan on work_order_operations (org_id, planned_start) where planned_start is not null
`;
