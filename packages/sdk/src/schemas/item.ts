import * as z from 'zod/mini';
import {
  code,
  described,
  IsoDateTime,
  int,
  NonNegativeQuantity,
  named,
  PositiveQuantity,
  pageQueryFields,
  text,
} from './common.js';

export const ItemType = described(
  z.enum(['make', 'buy', 'phantom']),
  'make: produced in house; buy: purchased; phantom: a kit whose lines pass through to its parent',
);
export type ItemType = z.infer<typeof ItemType>;

export const AbcClass = described(z.enum(['A', 'B', 'C']), 'ABC class: A items are counted most often');
export type AbcClass = z.infer<typeof AbcClass>;

export const UomCode = described(code(16), 'Unit of measure code, e.g. pcs, kg, m');
export type UomCode = z.infer<typeof UomCode>;

/** Decimal places of quantities in a unit or item; default 6. */
export const Precision = int(0, 6);

/** 计量单位: a unit and how many decimals its quantities keep. */
export const Uom = named(
  z.object({ code: UomCode, name: z.optional(text(40)), precision: z.optional(Precision) }),
  'Uom',
);
export type Uom = z.infer<typeof Uom>;

/** 1 `from` = `factor` `to`; with `item`, the conversion holds for that item only (1 box = 200 pcs). */
export const UomConversion = named(
  z.object({ from: UomCode, to: UomCode, factor: PositiveQuantity, item: z.optional(code()) }),
  'UomConversion',
);
export type UomConversion = z.infer<typeof UomConversion>;

const itemFields = {
  code: described(code(), 'Item code (料号)'),
  name: described(text(200), 'Item name (物料名称)'),
  uom: UomCode,
  type: ItemType,
  safetyStock: z.optional(described(NonNegativeQuantity, 'Safety stock (安全库存) in the item unit')),
  leadTime: z.optional(described(NonNegativeQuantity.check(z.maximum(3650)), 'Lead time in days')),
  abcClass: z.optional(AbcClass),
  cost: z.optional(described(NonNegativeQuantity, 'Purchase cost (buy) or own added cost (make) per unit')),
  precision: z.optional(Precision),
  spec: z.optional(described(text(200), 'Specification / model (规格型号)')),
};

/** 物料: an item master record. */
export const Item = named(
  z.object({ ...itemFields, createdAt: z.optional(IsoDateTime), updatedAt: z.optional(IsoDateTime) }),
  'Item',
);
export type Item = z.infer<typeof Item>;

/** Body of `POST /items`. */
export const ItemInput = named(z.object(itemFields), 'ItemInput');
export type ItemInput = z.infer<typeof ItemInput>;

export const ItemQuery = z.object({
  q: z.optional(described(z.string(), 'Matches code or name')),
  type: z.optional(ItemType),
  abcClass: z.optional(AbcClass),
  ...pageQueryFields,
});
export type ItemQuery = z.infer<typeof ItemQuery>;
