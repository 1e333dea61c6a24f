import * as z from 'zod/mini';
import {
  code,
  described,
  IsoDate,
  IsoDateTime,
  int,
  NonNegativeQuantity,
  named,
  OperationSeq,
  PositiveQuantity,
  pageQueryFields,
  Quantity,
  text,
  WorkOrderNo,
} from './common.js';
import { Precision, UomCode } from './item.js';
import { OperationQr } from './operation-qr.js';
import { Page } from './page.js';

export const WorkOrderStatus = z.enum([
  'draft',
  'released',
  'in-progress',
  'on-hold',
  'done',
  'closed',
  'cancelled',
]);
export type WorkOrderStatus = z.infer<typeof WorkOrderStatus>;

export const OperationStatus = described(
  z.enum(['pending', 'ready', 'in-progress', 'done']),
  'ready: the previous operation reported enough good quantity to start',
);
export type OperationStatus = z.infer<typeof OperationStatus>;

const maybeTime = z.optional(z.nullable(IsoDateTime));

/** An operation of one work order, with its progress (工单工序). */
export const WorkOrderOperation = named(
  z.object({
    seq: OperationSeq,
    name: text(100),
    workCenter: z.optional(code(32)),
    workshop: code(32),
    workshopName: z.optional(described(text(100), 'Name of the workshop, e.g. 总装车间')),
    owner: z.optional(code(64)),
    status: OperationStatus,
    standardMinutes: z.optional(z.number().check(z.minimum(0))),
    plannedStart: maybeTime,
    plannedEnd: maybeTime,
    actualStart: maybeTime,
    actualEnd: maybeTime,
    goodQty: described(NonNegativeQuantity, 'Good quantity reported so far'),
    scrapQty: described(NonNegativeQuantity, 'Scrap quantity reported so far'),
    qr: z.optional(described(OperationQr, 'Text of the operation QR label')),
    material: z.optional(
      described(z.enum(['ready', 'waiting']), '齐套: components issued (or line-side for backflush)'),
    ),
    missing: z.optional(
      z.array(
        z.object({
          item: code(),
          name: z.optional(z.string()),
          short: Quantity,
          uom: z.optional(z.string()),
        }),
      ),
    ),
  }),
  'WorkOrderOperation',
);
export type WorkOrderOperation = z.infer<typeof WorkOrderOperation>;

/** 工单: make `qty` of `item` by `due`. */
export const WorkOrder = named(
  z.object({
    no: WorkOrderNo,
    item: code(),
    itemName: z.optional(described(text(200), 'Name of the item, e.g. 餐桌')),
    qty: PositiveQuantity,
    uom: z.optional(UomCode),
    precision: z.optional(
      described(
        Precision,
        "Decimals the item's quantities take (0 = whole units); reports finer are refused",
      ),
    ),
    due: IsoDate,
    status: WorkOrderStatus,
    statusReason: z.optional(z.string()),
    lot: z.optional(described(code(64), 'Lot the finished goods are received into')),
    location: z.optional(described(code(), 'Location the finished goods are received into')),
    issueLocation: z.optional(described(code(), 'Location components are backflushed from')),
    backflush: z.optional(
      described(z.boolean(), 'Consume components per BOM when the last operation reports'),
    ),
    progress: z.optional(
      described(
        z.object({ goodQty: NonNegativeQuantity, scrapQty: NonNegativeQuantity, ratio: NonNegativeQuantity }),
        'Output of the last operation: good and scrap so far, ratio = good / qty',
      ),
    ),
    operations: z.array(WorkOrderOperation),
    createdAt: z.optional(IsoDateTime),
    releasedAt: maybeTime,
    closedAt: maybeTime,
  }),
  'WorkOrder',
);
export type WorkOrder = z.infer<typeof WorkOrder>;

/** Body of `POST /work-orders`: operations are copied from the item's routing; `no` is assigned if absent. */
export const WorkOrderInput = named(
  z.object({
    no: z.optional(WorkOrderNo),
    item: code(),
    qty: PositiveQuantity,
    due: IsoDate,
    lot: z.optional(code(64)),
    location: z.optional(described(code(), 'Receipt location; default: the first finished-goods location')),
    backflush: z.optional(z.boolean()),
    issueLocation: z.optional(
      described(code(), 'Backflush location; default: the first raw-material location'),
    ),
  }),
  'WorkOrderInput',
);
export type WorkOrderInput = z.infer<typeof WorkOrderInput>;

export const WorkOrderQuery = z.object({
  status: z.optional(WorkOrderStatus),
  item: z.optional(code()),
  workshop: z.optional(described(code(32), 'Only work orders with an operation in this workshop')),
  dueBefore: z.optional(IsoDate),
  /** board (看板): what the floor needs now; home (首页): only the operations the home lists. GET /work-orders documents both. */
  view: z.optional(z.enum(['board', 'home'])),
  ...pageQueryFields,
});
export type WorkOrderQuery = z.infer<typeof WorkOrderQuery>;

/** How many orders a board selection holds, shown or not (`view=board`; overdue: due before today). */
export const WorkOrderBoardCounts = z.object({
  'in-progress': int(0),
  released: int(0),
  'on-hold': int(0),
  overdue: int(0),
});
export type WorkOrderBoardCounts = z.infer<typeof WorkOrderBoardCounts>;

/** A page of work orders; with `view=board` also the selection's `total` and `counts`. */
export const WorkOrderPage = named(
  z.object({
    ...Page(WorkOrder).shape,
    total: z.optional(int(0)),
    counts: z.optional(WorkOrderBoardCounts),
  }),
  'WorkOrderPage',
);
export type WorkOrderPage = z.infer<typeof WorkOrderPage>;

/** One component a work order needs, with what was issued to it and what the warehouses hold. */
export const MaterialRequirement = named(
  z.object({
    item: code(),
    name: text(200),
    uom: UomCode,
    type: z.enum(['make', 'buy']),
    required: described(NonNegativeQuantity, 'Gross requirement of the work order quantity by the BOM'),
    issued: described(Quantity, 'Approved issues minus approved returns to the work order so far'),
    remaining: described(NonNegativeQuantity, 'required − issued, never below 0'),
    onHand: described(
      z.array(z.object({ warehouse: code(32), qty: Quantity })),
      'Stock per warehouse, warehouses holding none left out',
    ),
  }),
  'MaterialRequirement',
);
export type MaterialRequirement = z.infer<typeof MaterialRequirement>;

/** Answer of `GET /work-orders/{no}/materials`: what to prefill an issue request (领料) with. */
export const WorkOrderMaterials = named(
  z.object({
    workOrderNo: WorkOrderNo,
    item: code(),
    qty: PositiveQuantity,
    date: described(IsoDate, 'Effectivity date of the explosion (today in Shanghai)'),
    lines: z.array(MaterialRequirement),
  }),
  'WorkOrderMaterials',
);
export type WorkOrderMaterials = z.infer<typeof WorkOrderMaterials>;
