import { formatOperationQr, type WorkOrder, type WorkOrderOperation } from '@shopfloor/sdk';
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
  planned_start: Date | null;
  planned_end: Date | null;
  actual_start: Date | null;
  actual_end: Date | null;
  /** 0019: the owner (负责人) and their name. */
  owner?: string | null;
  owner_name?: string | null;
}

const REPORTABLE: readonly WorkOrderStatus[] = ['released', 'in-progress'];

/** The API shape of a work order; `ops` in seq order; `readiness` puts 齐套 on its consuming operation. */
export function toWorkOrder(
  wo: WorkOrderRow,
  ops: readonly OperationRow[],
  readiness?: Readiness,
): WorkOrder {
  const places = wo.precision ?? 6;
  const last = ops.at(-1);
  const good = qty(last?.good_qty, places);
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
      scrapQty: qty(
        ops.reduce((sum, op) => sum + Number(op.scrap_qty), 0),
        places,
      ),
      ratio: qty(good / Number(wo.qty), 4),
    },
    operations: ops.map((op, i) => {
      const shown = toOperation(wo, op, ops[i - 1], places);
      if (readiness?.seq !== op.seq) return shown;
      return {
        ...shown,
        material: readiness.material,
        ...(readiness.missing.length ? { missing: readiness.missing } : {}),
      };
    }),
    createdAt: isoShanghai(wo.created_at)!,
    releasedAt: isoShanghai(wo.released_at),
    closedAt: isoShanghai(wo.closed_at),
  };
}

function toOperation(
  wo: WorkOrderRow,
  op: OperationRow,
  previous: OperationRow | undefined,
  places: number,
): WorkOrderOperation {
  return {
    seq: op.seq,
    name: op.name,
    ...(op.work_center ? { workCenter: op.work_center } : {}),
    workshop: op.workshop,
    ...(op.workshop_name ? { workshopName: op.workshop_name } : {}),
    ...(op.owner ? { owner: op.owner } : {}),
    // Not in the SDK schema (the core is at its size budget): docs/planning.md documents it.
    ...(op.owner ? { ownerName: op.owner_name ?? op.owner } : {}),
    status: displayStatus(wo.status, op, previous),
    standardMinutes: qty(op.standard_minutes),
    plannedStart: isoShanghai(op.planned_start),
    plannedEnd: isoShanghai(op.planned_end),
    actualStart: isoShanghai(op.actual_start),
    actualEnd: isoShanghai(op.actual_end),
    goodQty: qty(op.good_qty, places),
    scrapQty: qty(op.scrap_qty, places),
    qr: formatOperationQr({ workOrderNo: wo.no, seq: op.seq }),
  };
}

/** 'ready' is derived, never stored: a pending operation whose input is there (first op, or output upstream). */
function displayStatus(
  woStatus: WorkOrderStatus,
  op: OperationRow,
  previous: OperationRow | undefined,
): OperationStatus {
  if (op.status !== 'pending' || !REPORTABLE.includes(woStatus)) return op.status;
  return previous === undefined || Number(previous.good_qty) > 0 ? 'ready' : 'pending';
}
