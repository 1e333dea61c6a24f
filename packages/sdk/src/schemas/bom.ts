import * as z from 'zod/mini';
import { code, described, IsoDate, IsoDateTime, int, named, PositiveQuantity, text } from './common.js';
import { ItemType, Precision, UomCode, UomConversion } from './item.js';

const lineFields = {
  child: described(code(), 'Component item code'),
  qty: described(
    PositiveQuantity,
    "Quantity per one unit of the parent, in `uom` (default the child's unit)",
  ),
  uom: z.optional(UomCode),
  scrapRate: z.optional(
    described(z.number().check(z.minimum(0), z.maximum(10)), 'Extra fraction consumed: 0.1 = 10 % more'),
  ),
  setupQty: z.optional(described(z.number().check(z.minimum(0)), 'Fixed quantity per parent order')),
  roundingMultiple: z.optional(
    described(PositiveQuantity, 'Requirement per order rounded up to a multiple of this'),
  ),
  effectiveFrom: z.optional(
    z.nullable(described(IsoDate, 'First day the line applies (inclusive); null = open')),
  ),
  effectiveTo: z.optional(
    z.nullable(described(IsoDate, 'Last day the line applies (inclusive); null = open')),
  ),
};

/** A BOM line as the BOM file format carries it (物料清单行). */
export const BomLine = named(
  z.object({ parent: described(code(), 'Parent item code'), ...lineFields }),
  'BomLine',
);
export type BomLine = z.infer<typeof BomLine>;

/** An item as the BOM file format carries it (a subset of the item master). */
export const BomItem = named(
  z.object({
    code: code(),
    name: z.optional(text(200)),
    uom: UomCode,
    type: ItemType,
    leadTime: z.optional(z.number().check(z.minimum(0))),
    cost: z.optional(z.number().check(z.minimum(0))),
    precision: z.optional(Precision),
  }),
  'BomItem',
);
export type BomItem = z.infer<typeof BomItem>;

/** The BOM file format: what the engine compiles, the CLI reads and `POST /boms/import` accepts. */
export const BomDocument = named(
  z.object({
    uomConversions: z.optional(z.array(UomConversion)),
    items: z.array(BomItem),
    bomLines: z.array(BomLine),
  }),
  'BomDocument',
);
export type BomDocument = z.infer<typeof BomDocument>;

/** A line of one parent's BOM, the parent given by the URL (`PUT /boms/{parentCode}`). */
export const BomComponent = named(z.object(lineFields), 'BomComponent');
export type BomComponent = z.infer<typeof BomComponent>;

/** Body of `PUT /boms/{parentCode}`: the parent's complete list of lines (replaces the previous one). */
export const BomInput = named(z.object({ lines: z.array(BomComponent) }), 'BomInput');
export type BomInput = z.infer<typeof BomInput>;

/** One parent's BOM as stored. */
export const Bom = named(
  z.object({
    parent: code(),
    lines: z.array(BomComponent),
    revision: z.optional(described(int(1), 'Increases with every PUT')),
    updatedAt: z.optional(IsoDateTime),
  }),
  'Bom',
);
export type Bom = z.infer<typeof Bom>;

/** A problem the engine found in a BOM document (`validateBom`). */
export const BomIssue = z.object({
  code: z.string(),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
  line: z.optional(int(0)),
  item: z.optional(z.string()),
  path: z.optional(z.array(z.string())),
});
export type BomIssue = z.infer<typeof BomIssue>;

/** Answer of `POST /boms/import`. */
export const BomImportResult = named(
  z.object({
    items: z.object({ created: int(0), updated: int(0) }),
    bomLines: described(int(0), 'Lines stored'),
    parents: z.optional(described(int(0), 'Parents whose lines the file replaced')),
    warnings: z.array(BomIssue),
  }),
  'BomImportResult',
);
export type BomImportResult = z.infer<typeof BomImportResult>;
