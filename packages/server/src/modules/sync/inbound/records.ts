import {
  BomLine,
  fieldErrors,
  IsoDate,
  IsoDateTime,
  ItemInput,
  NonNegativeQuantity,
  PositiveQuantity,
  WorkOrderNo,
} from '@shopfloor/sdk';
import * as z from 'zod/mini';
import type { InboundKind } from '../../../db/schema.js';
import { dateShanghai, isoShanghai } from '../../../shared/time.js';

/**
 * Our canonical records (docs/sync-inbound.md): what a mapping turns the other system's records
 * into and what the applier checks before it applies them. Field rules are the API's own: item
 * codes, units and quantities as `POST /items`, BOM lines as `PUT /boms`, work-order numbers as
 * `POST /work-orders`; dates are years 2000–2099.
 */
export const RECORD_KINDS = ['item', 'bomLine', 'workOrder', 'purchaseReceipt', 'stockSnapshot'] as const;
export type RecordKind = InboundKind;

const code = (max = 64) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

/** A calendar date of this century: the other system's 0001-01-01 "no date" is refused, not stored. */
const Day = IsoDate.check(
  z.refine(
    (v: string) => v >= '2000-01-01' && v <= '2099-12-31',
    'must be between 2000-01-01 and 2099-12-31',
  ),
);

export const ItemRecord = ItemInput;
export type ItemRecord = z.infer<typeof ItemRecord>;

export const BomLineRecord = z.object({
  ...BomLine.shape,
  effectiveFrom: z.optional(z.nullable(Day)),
  effectiveTo: z.optional(z.nullable(Day)),
});
export type BomLineRecord = z.infer<typeof BomLineRecord>;

/** Statuses another system may set: in-progress and done follow from operation reports here. */
export const InboundWorkOrderStatus = z.enum(['draft', 'released', 'closed']);

export const WorkOrderRecord = z.object({
  no: WorkOrderNo,
  item: code(),
  qty: PositiveQuantity,
  dueDate: Day,
  workshop: z.optional(code(32)),
  status: z.optional(InboundWorkOrderStatus),
});
export type WorkOrderRecord = z.infer<typeof WorkOrderRecord>;

export const PurchaseReceiptRecord = z.object({
  no: code(100),
  line: z.optional(z.union([z.int().check(z.minimum(0), z.maximum(1_000_000)), code(32)])),
  item: code(),
  qty: PositiveQuantity,
  location: code(32),
  lot: z.optional(code(64)),
  receivedAt: z.optional(IsoDateTime),
});
export type PurchaseReceiptRecord = z.infer<typeof PurchaseReceiptRecord>;

export const StockSnapshotRecord = z.object({
  item: code(),
  location: code(32),
  lot: z.optional(code(64)),
  qty: NonNegativeQuantity,
});
export type StockSnapshotRecord = z.infer<typeof StockSnapshotRecord>;

export const recordSchemas = {
  item: ItemRecord,
  bomLine: BomLineRecord,
  workOrder: WorkOrderRecord,
  purchaseReceipt: PurchaseReceiptRecord,
  stockSnapshot: StockSnapshotRecord,
} satisfies Record<RecordKind, z.ZodMiniType>;

export interface RecordsByKind {
  item: ItemRecord;
  bomLine: BomLineRecord;
  workOrder: WorkOrderRecord;
  purchaseReceipt: PurchaseReceiptRecord;
  stockSnapshot: StockSnapshotRecord;
}

export interface RecordProblem {
  path: string;
  message: string;
  code?: string;
  params?: Record<string, unknown>;
}

const NUMBER_FIELDS = new Set([
  'qty',
  'scrapRate',
  'setupQty',
  'roundingMultiple',
  'safetyStock',
  'leadTime',
  'cost',
  'precision',
]);
const DAY_FIELDS = new Set(['dueDate', 'effectiveFrom', 'effectiveTo']);
const DECIMAL_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/**
 * What databases and queues hand over, made JSON-like: DECIMAL columns arrive as text ("12.500"),
 * date columns as Date objects. Anything else is left for the schema to judge.
 */
function normalize(data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (value === null && !DAY_FIELDS.has(key)) continue; // an empty column is an absent field
    if (typeof value === 'string' && NUMBER_FIELDS.has(key) && DECIMAL_TEXT.test(value.trim())) {
      out[key] = Number(value.trim());
    } else if (value instanceof Date && !Number.isNaN(value.getTime())) {
      out[key] = DAY_FIELDS.has(key) ? dateShanghai(value) : isoShanghai(value);
    } else out[key] = value;
  }
  return out;
}

/** Our record of a kind, or its problems with field paths into the record (`qty`, `effectiveFrom`). */
export function parseRecord<K extends RecordKind>(
  kind: K,
  data: Record<string, unknown>,
): { ok: true; record: RecordsByKind[K] } | { ok: false; errors: RecordProblem[] } {
  const parsed = z.safeParse(recordSchemas[kind] as z.ZodMiniType, normalize(data));
  if (parsed.success) return { ok: true, record: parsed.data as RecordsByKind[K] };
  return {
    ok: false,
    errors: fieldErrors(parsed.error.issues).map((e) => ({
      path: e.path,
      message: e.message,
      ...(e.code ? { code: e.code } : {}),
      ...(e.params ? { params: e.params as Record<string, unknown> } : {}),
    })),
  };
}
