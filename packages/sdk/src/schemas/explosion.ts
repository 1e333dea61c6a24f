import * as z from 'zod/mini';
import { code, described, IsoDate, int, named, PositiveQuantity, Quantity } from './common.js';
import { ItemType, UomCode } from './item.js';

/** Query of `GET /boms/{code}/explosion`. */
export const ExplosionQuery = z.object({
  qty: PositiveQuantity,
  date: z.optional(described(IsoDate, 'Effectivity date; default today (Asia/Shanghai)')),
});
export type ExplosionQuery = z.infer<typeof ExplosionQuery>;

export const Requirement = z.object({
  item: code(),
  qty: Quantity,
  uom: UomCode,
  type: ItemType,
  lowLevelCode: int(0),
});
export type Requirement = z.infer<typeof Requirement>;

/** Summarised explosion: total requirement per item. */
export const Explosion = named(
  z.object({ item: code(), qty: Quantity, date: IsoDate, requirements: z.array(Requirement) }),
  'Explosion',
);
export type Explosion = z.infer<typeof Explosion>;

export const TreeRow = z.object({
  level: described(int(1), '1 for direct components'),
  item: code(),
  qty: Quantity,
  uom: UomCode,
  type: ItemType,
  path: described(z.array(code()), 'Item codes from the exploded item down to this row, both included'),
});
export type TreeRow = z.infer<typeof TreeRow>;

/** Indented explosion (`tree=true`): rows depth-first. */
export const ExplosionTree = named(
  z.object({ item: code(), qty: Quantity, date: IsoDate, rows: z.array(TreeRow) }),
  'ExplosionTree',
);
export type ExplosionTree = z.infer<typeof ExplosionTree>;

export const UsedIn = z.object({
  item: code(),
  qtyPer: described(Quantity, 'Quantity of the asked item per one unit of `item`, over all paths'),
  direct: z.boolean(),
  endItem: z.boolean(),
  type: ItemType,
  lowLevelCode: int(0),
  phantom: z.optional(
    described(
      z.literal(true),
      'Present on phantom assemblies (虚拟件), listed so every BOM holding the part shows',
    ),
  ),
});
export type UsedIn = z.infer<typeof UsedIn>;

/** Answer of `GET /items/{code}/where-used`. */
export const WhereUsed = named(
  z.object({ item: code(), date: IsoDate, usedIn: z.array(UsedIn) }),
  'WhereUsed',
);
export type WhereUsed = z.infer<typeof WhereUsed>;
