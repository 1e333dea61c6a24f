import { randomUUID } from 'node:crypto';
import { CompiledCalendar } from '../modules/scheduling/index.js';
import type { DemoCalendar } from './calendar.js';
import { type DemoItem, routingOf } from './catalog-builder.js';
import { DEMO_USERS, WORK_CENTERS } from './plant.js';
import { type DemoWorkOrders, operationOf } from './work-orders.js';

/**
 * The team comparison's history (班组对比, docs/team-comparison.md): closed work orders of the last
 * weeks, every operation reported by one team of its workshop at that team's pace, in two batches
 * with a start scan, on the work centers' working time. The second team of the cutting and the
 * assembly workshops works slower, so the demo shows a spread from its first day.
 */
const HISTORY: { item: string; qty: number; daysAgo: number }[] = [
  { item: 'FG-DT160', qty: 12, daysAgo: 26 },
  { item: 'FG-CH-OAK', qty: 24, daysAgo: 24 },
  { item: 'FG-DT160', qty: 10, daysAgo: 21 },
  { item: 'FG-CH-OAK', qty: 30, daysAgo: 19 },
  { item: 'FG-DT160', qty: 14, daysAgo: 16 },
  { item: 'FG-CH-OAK', qty: 20, daysAgo: 13 },
  { item: 'FG-DT160', qty: 8, daysAgo: 10 },
  { item: 'FG-CH-OAK', qty: 26, daysAgo: 8 },
];

/** One operation nobody reported while the next ones were (跳过): the 7th order's drilling. */
const SKIPPED = { order: 6, seq: 30 };

/** Minutes a team takes per standard minute: 一班 near standard, 二班 about a third longer. */
const PACE = [1.02, 1.34];

const teamOperators = (workshop: string) =>
  DEMO_USERS.filter((u) => u.roles.includes('operator') && u.workshops.includes(workshop));

export function historyWorkOrderNo(cal: DemoCalendar, n: number): string {
  return `WO-${cal.today.slice(0, 4)}-H${String(n).padStart(2, '0')}`;
}

export function planTeamHistory(
  orgId: string,
  items: ReadonlyMap<string, DemoItem>,
  cal: DemoCalendar,
): DemoWorkOrders {
  const out: DemoWorkOrders = { orders: [], operations: [], reports: [] };
  const calendars = new Map(WORK_CENTERS.map((c) => [c.code, new CompiledCalendar(c.calendar)]));
  HISTORY.forEach((plan, index) => {
    const item = items.get(plan.item);
    if (!item) throw new Error(`demo history for unknown item ${plan.item}`);
    const no = historyWorkOrderNo(cal, index + 1);
    const steps = routingOf(item);
    const released = cal.at(-plan.daysAgo, '07:30');
    let at = released.getTime() / 60_000;
    for (const step of steps) {
      if (index === SKIPPED.order && step.seq === SKIPPED.seq) {
        out.operations.push({ ...operationOf(orgId, no, step), status: 'pending' });
        continue;
      }
      const calendar = calendars.get(step.workCenter)!;
      const operators = teamOperators(step.workshop);
      // Teams take turns every two orders, assembly a beat later than cutting, as rosters do. The
      // items alternate by order, so a turn by order alone gave each item's cutting to one team
      // only, and the cutting spread (same item, same operation) showed on some days only.
      const turn = step.workshop === 'WS-ASM' ? Math.floor((index + 1) / 2) : Math.floor(index / 2);
      const team = turn % operators.length;
      const reporter = operators[team]!;
      // A little noise per order and operation, fixed so the demo is the same every day.
      const noise = (((index * 7 + step.seq) % 5) - 2) / 50;
      const pace = (PACE[team] ?? 1) + noise;
      const start = calendar.nextWorking(at);
      const first = Math.ceil(plan.qty * 0.6);
      const middle = calendar.addWorking(start, step.standardMinutes * first * pace);
      const end = calendar.addWorking(middle, step.standardMinutes * (plan.qty - first) * pace);
      const asDate = (m: number) => new Date(Math.round(m) * 60_000);
      out.operations.push({
        ...operationOf(orgId, no, step),
        status: 'done',
        good_qty: plan.qty,
        scrap_qty: 0,
        planned_start: asDate(start),
        planned_end: asDate(start + step.standardMinutes * plan.qty),
        actual_start: asDate(start),
        actual_end: asDate(end),
      });
      for (const [qty, from, to] of [
        [first, start, middle],
        [plan.qty - first, middle, end],
      ] as const) {
        out.reports.push({
          id: randomUUID(),
          org_id: orgId,
          work_order_no: no,
          seq: step.seq,
          good_qty: qty,
          scrap_qty: 0,
          scrap_reason: null,
          produced_lot: null,
          reporter: reporter.id,
          device_time: asDate(to),
          created_at: asDate(to),
          started_at: asDate(from),
        });
      }
      at = end + 30;
    }
    const closed = new Date(Math.round(at) * 60_000);
    out.orders.push({
      org_id: orgId,
      no,
      item: plan.item,
      qty: plan.qty,
      due: cal.day(-plan.daysAgo + 3),
      status: 'closed',
      lot: null,
      location: 'FG-01',
      created_at: new Date(released.getTime() - 86_400_000),
      released_at: released,
      closed_at: closed,
    });
  });
  return out;
}
