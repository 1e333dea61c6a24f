// zod/mini keeps the client core within its bundle budget (classic zod alone is ~25 kB gzip);
// the schemas are ordinary zod 4 schemas all the same: parse, infer, z.toJSONSchema.
import * as z from 'zod/mini';

/** Registers a schema under an OpenAPI component name, with its description. */
export function named<T extends z.ZodMiniType>(schema: T, id: string, description?: string): T {
  z.globalRegistry.add(schema, description === undefined ? { id } : { id, description });
  return schema;
}

/** Attaches a description that the OpenAPI document shows for the field. */
export function described<T extends z.ZodMiniType>(schema: T, description: string): T {
  return schema.check(z.describe(description)) as T;
}

/** A business code (item code 料号, warehouse, lot…): trimmed, non-empty, at most `max` characters. */
export const code = (max = 64) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

/** Free text a person reads (names, comments, reasons). */
export const text = (max = 200) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

/** A whole number within bounds. */
export const int = (min: number, max?: number) =>
  max === undefined ? z.int().check(z.minimum(min)) : z.int().check(z.minimum(min), z.maximum(max));

/** Opaque server-assigned identifier. */
export const Id = described(
  z.string().check(z.minLength(1), z.maxLength(64)),
  'Opaque server-assigned identifier',
);
export type Id = z.infer<typeof Id>;

/** Calendar date `YYYY-MM-DD` (Asia/Shanghai unless said otherwise). */
export const IsoDate = described(z.iso.date(), 'Calendar date YYYY-MM-DD');
export type IsoDate = z.infer<typeof IsoDate>;

/** The instants the API takes: years 2000 to 2099 (UTC), so every one reads back as a 4-digit year. */
export const EARLIEST_INSTANT = Date.UTC(2000, 0, 1);
export const LATEST_INSTANT = Date.UTC(2100, 0, 1) - 1;

/** Instant as ISO 8601 with an offset or `Z`, e.g. `2026-07-01T08:30:00+08:00`, 2000–2099. */
export const IsoDateTime = described(
  z.iso.datetime({ offset: true }).check(
    z.refine((v: string) => {
      const at = Date.parse(v);
      return at >= EARLIEST_INSTANT && at <= LATEST_INSTANT;
    }, 'must be between 2000-01-01 and 2099-12-31 (UTC)'),
  ),
  'ISO 8601 date-time with offset, between 2000-01-01 and 2099-12-31 (UTC)',
);
export type IsoDateTime = z.infer<typeof IsoDateTime>;

/**
 * Quantities are exact to 6 decimal places (numeric in the database, rounded in JSON): a value with
 * more, or a non-zero one below 0.000001, would be stored as something the answers cannot show.
 * Binary artifacts (0.1 + 0.2) are within the tolerance.
 */
const sixPlaces = z.refine<number>(
  (v: number) => {
    if (v === 0) return true;
    const millionths = v * 1e6;
    // A few units in the last place of the scaled value: float noise, never a real 7th decimal.
    const noise = 4 * Number.EPSILON * Math.max(1, Math.abs(millionths));
    return Math.abs(v) >= 1e-6 && Math.abs(millionths - Math.round(millionths)) <= noise;
  },
  { error: 'at most 6 decimal places (0.000001 is the smallest quantity)' },
);

/** A quantity as JSON carries it: a finite number the server already rounded to the unit's precision. */
export const Quantity = z.number().check(sixPlaces);
export const NonNegativeQuantity = z.number().check(z.nonnegative(), sixPlaces);
export const PositiveQuantity = z.number().check(z.positive(), sixPlaces);

/** Work-order number 工单号: a code without `:` or spaces, so it fits the operation QR payload. */
export const WorkOrderNo = described(
  code(40).check(z.regex(/^[^\s:]+$/, 'must not contain spaces or ":"')),
  'Work-order number (工单号)',
);
export type WorkOrderNo = z.infer<typeof WorkOrderNo>;

/** Operation sequence number within a work order's routing (10, 20, 30…). */
export const OperationSeq = described(int(1, 99_999), 'Operation sequence number');
export type OperationSeq = z.infer<typeof OperationSeq>;

/** The business document a record comes from, e.g. `{ type: 'issue-request', id: 'IR-42' }`. */
export const DocumentRef = described(
  z.object({ type: code(40), id: code(64) }),
  'Reference to a business document or record',
);
export type DocumentRef = z.infer<typeof DocumentRef>;

/** Query parameters every list accepts. */
export const pageQueryFields = {
  cursor: z.optional(z.string()),
  limit: z.optional(int(1, 500)),
};
