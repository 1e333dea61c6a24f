import type { WorkOrder, WorkOrderOperation } from '@shopfloor/sdk';
import { waitsForMaterial } from './material';

export interface OpenOperation {
  order: WorkOrder;
  op: WorkOrderOperation;
}

const WEEK_MS = 7 * 24 * 3600_000;

/** Ready or running, of a work order not on hold: the operator can report it now. */
const startable = (order: WorkOrder, op: WorkOrderOperation) =>
  order.status !== 'on-hold' && (op.status === 'ready' || op.status === 'in-progress');

/** 0 startable, 1 startable but waiting for material (待齐套), 2 waiting on an earlier operation or held. */
const rank = ({ order, op }: OpenOperation) => (!startable(order, op) ? 2 : waitsForMaterial(op) ? 1 : 0);

/**
 * Not-done operations in the given workshops (any workshop when none given) planned to start within
 * a week of `now` (or unplanned): the startable ones first, then those waiting for material (待齐套),
 * then those waiting on an earlier operation; each group earliest planned first.
 */
export function openOperations(orders: WorkOrder[], workshops: string[], now: number): OpenOperation[] {
  const seen = new Set<string>();
  const open: OpenOperation[] = [];
  const horizon = now + WEEK_MS;
  for (const order of orders) {
    for (const op of order.operations) {
      // An order comes once a workshop asked; the home view's copies may each hold other operations.
      if (seen.has(`${order.no}:${op.seq}`)) continue;
      seen.add(`${order.no}:${op.seq}`);
      if (op.status === 'done') continue;
      if (workshops.length > 0 && !workshops.includes(op.workshop)) continue;
      if (op.plannedStart && Date.parse(op.plannedStart) > horizon) continue;
      open.push({ order, op });
    }
  }
  const key = ({ order, op }: OpenOperation) => op.plannedStart ?? `${order.due}T99`;
  return open.sort((a, b) => rank(a) - rank(b) || key(a).localeCompare(key(b)) || a.op.seq - b.op.seq);
}
