/** The BOM file format of DESIGN.md: the engine, the CLI and `/boms/import` read this shape. */
export type ItemType = 'make' | 'buy' | 'phantom';

export interface BomItemInput {
  code: string;
  name?: string;
  uom: string;
  type: ItemType;
  /** Days from release to receipt (make: production, buy: purchase). Default 0. */
  leadTime?: number;
  /** Purchased unit cost (buy items) or own added cost per unit (make items: labour, overhead). */
  cost?: number;
  /** Decimal places of quantities in this item's unit. Default 6. */
  precision?: number;
}

export interface BomLineInput {
  parent: string;
  child: string;
  /** Quantity per one unit of the parent, in `uom` (default: the child's unit). */
  qty: number;
  uom?: string;
  /** Extra fraction consumed: 0.1 = 10 % more than `qty`. */
  scrapRate?: number;
  /** Fixed quantity per parent order (setup, first-article waste), in `uom`. */
  setupQty?: number;
  /** The line's requirement per parent order is rounded up to a multiple of this (child unit). */
  roundingMultiple?: number;
  /** Inclusive bounds, `YYYY-MM-DD`; null or absent = open. */
  effectiveFrom?: string | null;
  effectiveTo?: string | null;
}

export interface UomConversionInput {
  from: string;
  to: string;
  /** 1 `from` = `factor` `to`. */
  factor: number;
  /** Restricts the conversion to one item (1 box of screws = 200 pcs). */
  item?: string;
}

export interface BomDocument {
  uomConversions?: UomConversionInput[];
  items: BomItemInput[];
  bomLines: BomLineInput[];
}

export interface Requirement {
  item: string;
  qty: number;
  uom: string;
  type: ItemType;
  lowLevelCode: number;
}

export interface ExplodeOptions {
  item: string;
  qty: number;
  /** `YYYY-MM-DD`; lines are effective when from <= date <= to. Default: today in Asia/Shanghai. */
  date?: string;
}

export interface ExplosionResult {
  item: string;
  qty: number;
  date: string;
  requirements: Requirement[];
}

export interface TreeOptions extends ExplodeOptions {
  /** Rows deeper than this are not produced (level 1 = direct children). Default unlimited. */
  maxDepth?: number;
}

export interface TreeRow {
  /** 1 for direct components of the exploded item. */
  level: number;
  item: string;
  qty: number;
  uom: string;
  type: ItemType;
  /** Item codes from the exploded item down to this row's item, both included. */
  path: string[];
}

export interface WhereUsedOptions {
  item: string;
  date?: string;
  /** List phantom assemblies (flagged `phantom: true`) among the users. Default true. */
  includePhantoms?: boolean;
}

export interface UsedIn {
  item: string;
  /** Cumulative quantity of the asked item per one unit of `item`, summed over all paths. */
  qtyPer: number;
  /** `item` has a line whose child is the asked item. */
  direct: boolean;
  /** `item` is used in nothing: a top-level (finished) item. */
  endItem: boolean;
  type: ItemType;
  lowLevelCode: number;
  /** Present on phantom assemblies (虚拟件): they hold the part but are never stocked or planned. */
  phantom?: true;
}

export interface WhereUsedResult {
  item: string;
  date: string;
  usedIn: UsedIn[];
}
