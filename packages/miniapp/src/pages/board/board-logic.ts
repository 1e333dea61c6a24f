import type { WorkOrder, WorkOrderBoardCounts, WorkOrderOperation } from '@shopfloor/sdk';
import { daysBetween, shanghaiDate } from '../../shared/shanghai-time';

/** Work orders the board shows: on the floor now or about to be. */
export const BOARD_STATUSES = ['in-progress', 'released', 'on-hold'] as const;

/**
 * At most this many cards, most urgent (earliest due) first, from one request: a wall screen shows
 * what the floor needs now, and the rest are counted in a line below the cards.
 */
export const BOARD_LIMIT = 200;

const MINUTE_MS = 60_000;

/** Days a work order is past its due date (due before today in Shanghai, not done); 0 when on time. */
export function overdueDays(order: WorkOrder, now: Date): number {
  if (order.status === 'done' || order.status === 'closed') return 0;
  return Math.max(0, daysBetween(order.due, shanghaiDate(now)));
}

/** Minutes an operation is past its planned end without being done; 0 when on time or unplanned. */
export function lateMinutes(op: WorkOrderOperation, now: Date): number {
  if (op.status === 'done' || !op.plannedEnd) return 0;
  const late = now.getTime() - Date.parse(op.plannedEnd);
  return late > 0 ? Math.floor(late / MINUTE_MS) : 0;
}

export type Lateness = { unit: 'minutes' | 'hours' | 'days'; n: number };

/** How late, in the unit a person reads at a glance: "40 分钟", "7 小时", "3 天" (rounded down). */
export function lateness(minutes: number): Lateness {
  if (minutes < 60) return { unit: 'minutes', n: Math.max(1, minutes) };
  if (minutes < 24 * 60) return { unit: 'hours', n: Math.floor(minutes / 60) };
  return { unit: 'days', n: Math.floor(minutes / (24 * 60)) };
}

/** Good and scrap as percentages of the order quantity for one operation's bar (never over 100 in all). */
export function progressShares(op: WorkOrderOperation, qty: number): { good: number; scrap: number } {
  if (!(qty > 0)) return { good: 0, scrap: 0 };
  const good = Math.min(100, (op.goodQty / qty) * 100);
  const scrap = Math.min(100 - good, (op.scrapQty / qty) * 100);
  return { good: round1(good), scrap: round1(scrap) };
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

export interface BoardSummary {
  inProgress: number;
  released: number;
  overdue: number;
  lateOps: number;
  doneToday: number;
}

/**
 * The counters at the top of the board. `doneToday` and `lateOps` count operations among the shown
 * work orders; the order counts come from the server's `counts` of the whole selection when given
 * (the board shows at most BOARD_LIMIT cards), else from the shown orders.
 */
export function summarize(
  orders: readonly WorkOrder[],
  now: Date,
  workshop?: string,
  counts?: WorkOrderBoardCounts,
): BoardSummary {
  const today = shanghaiDate(now);
  const summary: BoardSummary = { inProgress: 0, released: 0, overdue: 0, lateOps: 0, doneToday: 0 };
  for (const order of orders) {
    if (order.status === 'in-progress') summary.inProgress += 1;
    if (order.status === 'released') summary.released += 1;
    if (overdueDays(order, now) > 0) summary.overdue += 1;
  }
  if (counts) {
    summary.inProgress = counts['in-progress'];
    summary.released = counts.released;
    summary.overdue = counts.overdue;
  }
  for (const order of orders) {
    for (const op of order.operations) {
      if (workshop && op.workshop !== workshop) continue;
      if (lateMinutes(op, now) > 0) summary.lateOps += 1;
      if (op.status === 'done' && op.actualEnd && shanghaiDate(op.actualEnd) === today)
        summary.doneToday += 1;
    }
  }
  return summary;
}

/** Work orders with an operation in `workshop` (all when none), each once, by due date then number. */
export function boardOrders(orders: readonly WorkOrder[], workshop?: string): WorkOrder[] {
  const seen = new Set<string>();
  const shown: WorkOrder[] = [];
  for (const order of orders) {
    if (seen.has(order.no)) continue;
    seen.add(order.no);
    if (workshop && !order.operations.some((op) => op.workshop === workshop)) continue;
    shown.push(order);
  }
  return shown.sort((a, b) => a.due.localeCompare(b.due) || a.no.localeCompare(b.no));
}

/** The workshops the work orders go through, in order of first appearance by operation sequence. */
export function workshopsOf(orders: readonly WorkOrder[]): string[] {
  const bySeq = new Map<string, number>();
  for (const order of orders) {
    for (const op of order.operations) {
      const seen = bySeq.get(op.workshop);
      if (seen === undefined || op.seq < seen) bySeq.set(op.workshop, op.seq);
    }
  }
  return [...bySeq.entries()].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0])).map(([code]) => code);
}

/** Work orders of the selection not on the board (beyond its cap); never below zero. */
export function notShown(total: number | undefined, shown: number): number {
  return Math.max(0, (total ?? shown) - shown);
}

/**
 * The workshop chips: those seen before stay (a filtered load must not drop the other chips). The
 * same array when nothing is new, so React's state does not change.
 */
export function mergeWorkshops<T extends readonly string[]>(known: T, seen: readonly string[]): T | string[] {
  const added = seen.filter((code, i) => !known.includes(code) && seen.indexOf(code) === i);
  return added.length === 0 ? known : [...known, ...added];
}

/** Whether a work order belongs on the board at all: on the floor or about to be (not a draft, not finished). */
export function onTheBoard(order: WorkOrder): boolean {
  return (BOARD_STATUSES as readonly string[]).includes(order.status);
}
