import type { WorkOrder, WorkOrderOperation } from '@shopfloor/sdk';
import type { OperationStatus, WorkOrderStatus } from '../../db/schema.js';
import { qty } from '../../shared/numbers.js';
import { isoShanghai } from '../../shared/time.js';
import type { Readiness } from './readiness.js';

export interface WorkOrderRow {
  no: string;
  item: string;
  qty: string;
  due: string;
  status: WorkOrderStatus;
  lot: string | null;
  location: string | null;
  issue_location: string | null;
  backflush: boolean;
  created_at: Date;
  released_at: Date | null;
  closed_at: Date | null;
  /** 0020: why it is on hold, cancelled or closed short. */
  status_reason?: string | null;
  uom: string | null;
  precision: number | null;
  item_name?: string | null;
}

export interface OperationRow {
  work_order_no: string;
  seq: number;
  name: string;
  workshop: string;
  workshop_name?: string | null;
  work_center: string | null;
  standard_minutes: string;
  status: OperationStatus;
  good_qty: string;
  scrap_qty: string;
  /** Already as the API shows them (isoShanghai), formatted in SQL: work-order-store.ts shanghaiText. */
  planned_start: string | null;
  planned_end: string | null;
  actual_start: string | null;
  actual_end: string | null;
  /** 0019: the owner (负责人) and their name. */
  owner?: string | null;
  owner_name?: string | null;
}

const REPORTABLE: readonly WorkOrderStatus[] = ['released', 'in-progress'];

/**
 * The API shape of a work order; `ops` in seq order; `readiness` puts 齐套 on its consuming operation;
 * `keep` leaves operations out of `operations` (progress still counts them all).
 */
export function toWorkOrder(
  wo: WorkOrderRow,
  ops: readonly OperationRow[],
  readiness?: Readiness,
  keep?: (op: OperationRow) => boolean,
): WorkOrder {
  const places = wo.precision ?? 6;
  return workOrderOf(
    wo,
    {
      createdAt: isoShanghai(wo.created_at)!,
      releasedAt: isoShanghai(wo.released_at),
      closedAt: isoShanghai(wo.closed_at),
    },
    qty(ops.at(-1)?.good_qty, places),
    ops.reduce((sum, op) => sum + Number(op.scrap_qty), 0),
    operationsShown(wo, ops, places, readiness, keep),
  );
}

/** A work order's row with its times as the API shows them (formatted in SQL, like operations'). */
export type ShownWorkOrderRow = Omit<WorkOrderRow, 'created_at' | 'released_at' | 'closed_at'> & {
  created_at: string;
  released_at: string | null;
  closed_at: string | null;
};

/**
 * toWorkOrder from only the operations shown (each with the good quantity of the one before it)
 * and the progress of all: the home view reads no other operation.
 */
export function toWorkOrderShown(
  wo: ShownWorkOrderRow,
  shown: readonly { op: OperationRow; previousGood: string | undefined }[],
  progress: { lastGood: string; scrap: string },
  readiness?: Readiness,
): WorkOrder {
  const places = wo.precision ?? 6;
  const operations: WorkOrderOperation[] = [];
  for (const { op, previousGood } of shown)
    operations.push(
      withMaterial(
        toOperation(wo, op, previousGood === undefined ? undefined : { good_qty: previousGood }, places),
        op,
        readiness,
      ),
    );
  return workOrderOf(
    wo,
    { createdAt: wo.created_at, releasedAt: wo.released_at, closedAt: wo.closed_at },
    qty(progress.lastGood, places),
    Number(progress.scrap),
    operations,
  );
}

function workOrderOf(
  wo: Omit<WorkOrderRow, 'created_at' | 'released_at' | 'closed_at'>,
  times: Pick<WorkOrder, 'createdAt' | 'releasedAt' | 'closedAt'>,
  good: number,
  scrap: number,
  operations: WorkOrderOperation[],
): WorkOrder {
  const places = wo.precision ?? 6;
  return {
    no: wo.no,
    item: wo.item,
    ...(wo.item_name ? { itemName: wo.item_name } : {}),
    qty: qty(wo.qty, places),
    ...(wo.uom ? { uom: wo.uom } : {}),
    ...(wo.precision != null ? { precision: Number(wo.precision) } : {}),
    due: wo.due,
    status: wo.status,
    ...(wo.status_reason ? { statusReason: wo.status_reason } : {}),
    ...(wo.lot ? { lot: wo.lot } : {}),
    ...(wo.location ? { location: wo.location } : {}),
    ...(wo.issue_location ? { issueLocation: wo.issue_location } : {}),
    backflush: wo.backflush,
    progress: {
      goodQty: good,
      scrapQty: qty(scrap, places),
      ratio: qty(good / Number(wo.qty), 4),
    },
    operations,
    createdAt: times.createdAt,
    releasedAt: times.releasedAt,
    closedAt: times.closedAt,
  };
}

/** 齐套 on its consuming operation. */
function withMaterial(shown: WorkOrderOperation, op: OperationRow, readiness: Readiness | undefined) {
  if (readiness?.seq === op.seq) {
    shown.material = readiness.material;
    if (readiness.missing.length) shown.missing = readiness.missing;
  }
  return shown;
}

function operationsShown(
  wo: WorkOrderRow,
  ops: readonly OperationRow[],
  places: number,
  readiness: Readiness | undefined,
  keep: ((op: OperationRow) => boolean) | undefined,
): WorkOrderOperation[] {
  const shown: WorkOrderOperation[] = [];
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    if (keep && !keep(op)) continue;
    shown.push(withMaterial(toOperation(wo, op, ops[i - 1], places), op, readiness));
  }
  return shown;
}

/**
 * The QR payload `SF1:OP:<no>:<seq>` (formatOperationQr's format) without its zod check: the number
 * and seq come from stored rows, checked when written, and the check took 4 % of a home page's CPU.
 */
function operationQr(no: string, seq: number): string {
  return `SF1:OP:${no}:${seq}`;
}

/** Built by assignment in the contract's key order: conditional spreads allocated an object per field. */
function toOperation(
  wo: Pick<WorkOrderRow, 'no' | 'status'>,
  op: OperationRow,
  previous: Pick<OperationRow, 'good_qty'> | undefined,
  places: number,
): WorkOrderOperation {
  const shown: WorkOrderOperation = { seq: op.seq, name: op.name } as WorkOrderOperation;
  if (op.work_center) shown.workCenter = op.work_center;
  shown.workshop = op.workshop;
  if (op.workshop_name) shown.workshopName = op.workshop_name;
  if (op.owner) {
    shown.owner = op.owner;
    // Not in the SDK schema (the core is at its size budget): docs/planning.md documents it.
    (shown as WorkOrderOperation & { ownerName: string }).ownerName = op.owner_name ?? op.owner;
  }
  shown.status = displayStatus(wo.status, op, previous);
  shown.standardMinutes = qty(op.standard_minutes);
  shown.plannedStart = op.planned_start;
  shown.plannedEnd = op.planned_end;
  shown.actualStart = op.actual_start;
  shown.actualEnd = op.actual_end;
  shown.goodQty = qty(op.good_qty, places);
  shown.scrapQty = qty(op.scrap_qty, places);
  shown.qr = operationQr(wo.no, op.seq);
  return shown;
}

/** 'ready' is derived, never stored: a pending operation whose input is there (first op, or output upstream). */
export function displayStatus(
  woStatus: WorkOrderStatus,
  op: Pick<OperationRow, 'status'>,
  previous: Pick<OperationRow, 'good_qty'> | undefined,
): OperationStatus {
  if (op.status !== 'pending' || !REPORTABLE.includes(woStatus)) return op.status;
  return previous === undefined || Number(previous.good_qty) > 0 ? 'ready' : 'pending';
}
