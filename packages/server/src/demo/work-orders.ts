import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { Database, OperationStatus, WorkOrderStatus } from '../db/schema.js';
import type { DemoCalendar } from './calendar.js';
import { type DemoItem, type RoutingStep, routingOf } from './catalog-builder.js';
import { operatorOf } from './plant.js';

interface WorkOrderPlan {
  item: string;
  qty: number;
  status: WorkOrderStatus;
  /** Due date in days from today (negative: in the past). */
  due: number;
  /** Operations fully reported, then the fraction of the next one reported so far. */
  doneOps?: number;
  partial?: number;
}

/** The demo's order book: finished, running (one overdue), released and planned work. */
const PLAN: WorkOrderPlan[] = [
  { item: 'FG-DT160', qty: 20, status: 'done', due: -5, doneOps: 99 },
  { item: 'FG-CH-OAK', qty: 80, status: 'done', due: -3, doneOps: 99 },
  { item: 'FG-WR2', qty: 15, status: 'in-progress', due: 2, doneOps: 3, partial: 0.6 },
  { item: 'FG-DT160', qty: 30, status: 'in-progress', due: -2, doneOps: 1, partial: 0.6 },
  { item: 'FG-DK120', qty: 25, status: 'released', due: 5 },
  { item: 'FG-NS2', qty: 40, status: 'released', due: 7 },
  { item: 'FG-OC-MESH', qty: 50, status: 'released', due: 4 },
  { item: 'PT-WR-SIDE', qty: 60, status: 'in-progress', due: 3, doneOps: 1, partial: 0.5 },
  { item: 'FG-WR3', qty: 10, status: 'released', due: 10 },
  { item: 'FG-TV180', qty: 12, status: 'draft', due: 14 },
  { item: 'FG-DR5', qty: 8, status: 'draft', due: 20 },
  { item: 'FG-CH-SOFT', qty: 60, status: 'in-progress', due: 1, doneOps: 2, partial: 0.4 },
];

export interface DemoWorkOrders {
  orders: Insertable<Database['work_orders']>[];
  operations: Insertable<Database['work_order_operations']>[];
  reports: Insertable<Database['operation_reports']>[];
}

export function workOrderNo(cal: DemoCalendar, n: number): string {
  return `WO-${cal.today.slice(0, 4)}-${String(n).padStart(4, '0')}`;
}

/**
 * Work orders with operations copied from the routings, and for the running ones the operation
 * reports whose sums are exactly the operations' good and scrap quantities.
 */
export function planWorkOrders(
  orgId: string,
  items: ReadonlyMap<string, DemoItem>,
  cal: DemoCalendar,
): DemoWorkOrders {
  const out: DemoWorkOrders = { orders: [], operations: [], reports: [] };
  PLAN.forEach((plan, index) => {
    const no = workOrderNo(cal, index + 1);
    const item = items.get(plan.item);
    if (!item) throw new Error(`demo work order for unknown item ${plan.item}`);
    const steps = routingOf(item);
    const created = cal.at(plan.due - steps.length - 6, '09:00');
    const finished = plan.status === 'done';
    out.orders.push({
      org_id: orgId,
      no,
      item: plan.item,
      qty: plan.qty,
      due: cal.day(plan.due),
      status: plan.status,
      lot: finished ? finishedLot(plan.item, cal, plan.due) : null,
      location: item.group === 'product' ? 'FG-01' : 'WIP-01',
      created_at: created,
      released_at: plan.status === 'draft' ? null : new Date(created.getTime() + 3_600_000),
    });
    const reported = Math.min(plan.doneOps ?? 0, steps.length);
    let previousGood = 0;
    steps.forEach((step, i) => {
      // Scheduled one operation a day, ending on the due date.
      const day = plan.due - (steps.length - 1 - i);
      const done = i < reported;
      const partial = i === reported && plan.partial !== undefined;
      const good = done ? plan.qty : partial ? Math.round(plan.qty * plan.partial!) : 0;
      // Cutting loses a piece now and then to chipped edges; it was cut with one spare.
      const scrap = done && step.seq === 10 ? 1 : 0;
      // An operation may start once the one before it has output (the first once released).
      const startable = i === 0 ? plan.status !== 'draft' : previousGood > 0;
      const status: OperationStatus = done
        ? 'done'
        : partial
          ? 'in-progress'
          : startable
            ? 'ready'
            : 'pending';
      previousGood = good;
      // Reports happened over the last days, oldest operation first, always before now.
      const hoursBack = (reported + (plan.partial === undefined ? 0 : 1) - i) * 20;
      const started = finished ? cal.at(day, '08:30') : cal.hoursAgo(hoursBack + 4);
      const ended = finished ? cal.at(day, '16:30') : cal.hoursAgo(hoursBack);
      out.operations.push({
        ...operationOf(orgId, no, step),
        status,
        good_qty: good,
        scrap_qty: scrap,
        planned_start: cal.at(day, '08:00'),
        planned_end: cal.at(day, '17:30'),
        actual_start: good > 0 ? started : null,
        actual_end: done ? ended : null,
      });
      if (good === 0) return;
      // Two reports per operation: a first batch before lunch, the rest later.
      const first = Math.ceil(good * 0.6);
      const last = i === steps.length - 1;
      const reporter = operatorOf(step.workshop);
      const batches: [number, number, Date][] = [[first, scrap, started]];
      if (good > first) batches.push([good - first, 0, new Date((started.getTime() + ended.getTime()) / 2)]);
      for (const [goodQty, scrapQty, at] of batches) {
        out.reports.push({
          id: randomUUID(),
          org_id: orgId,
          work_order_no: no,
          seq: step.seq,
          good_qty: goodQty,
          scrap_qty: scrapQty,
          scrap_reason: scrapQty > 0 ? '开料崩边' : null,
          produced_lot: finished && last ? finishedLot(plan.item, cal, plan.due) : null,
          reporter,
          device_time: at,
          created_at: at,
        });
      }
    });
  });
  return out;
}

/** The columns an operation takes from its routing step (the demo's work orders and its history). */
export function operationOf(orgId: string, no: string, step: RoutingStep) {
  return {
    org_id: orgId,
    work_order_no: no,
    seq: step.seq,
    name: step.name,
    workshop: step.workshop,
    work_center: step.workCenter,
    standard_minutes: step.standardMinutes,
  };
}

/** The lot a finished work order received its goods into. */
export function finishedLot(item: string, cal: DemoCalendar, dueDays: number): string {
  return `${item}-${cal.stamp(dueDays)}`;
}
