/** A dated quantity: a demand line or an open receipt (purchase order, work order already released). */
export interface DatedQty {
  item: string;
  qty: number;
  /** `YYYY-MM-DD`. */
  due: string;
}

/** Changes to the quantity a rule computes; each applies to every rule. */
export interface LotModifiers {
  /** An order is at least this much. */
  minQty?: number;
  /** An order is a whole multiple of this (pack size, pallet). */
  multiple?: number;
  /** An order is at most this much: a larger need is split into several orders on the same day. */
  maxQty?: number;
}

export type LotSizingRule =
  | ({ rule: 'lot-for-lot' } & LotModifiers)
  /** Every order is `qty`; as many orders as the need takes. */
  | ({ rule: 'fixed'; qty: number } & LotModifiers)
  /** Period order quantity: one order covers the needs of `days` days from the first. */
  | ({ rule: 'period'; days: number } & LotModifiers)
  /** Reorder point and order-up-to level: below `min` (or the safety stock), order up to `max`. */
  | ({ rule: 'min-max'; min?: number; max: number } & LotModifiers);

export interface PlanOptions {
  demand?: DatedQty[];
  /** Stock on hand by item code. */
  onHand?: Record<string, number>;
  /** Stock on hand already promised to orders: not available for planning. */
  allocated?: Record<string, number>;
  openReceipts?: DatedQty[];
  safetyStock?: Record<string, number>;
  /** One rule for every item, or rules by item code (lot-for-lot for items not listed). */
  lotSizing?: LotSizingRule | Record<string, LotSizingRule>;
  /** `YYYY-MM-DD`; releases before it are late. Default: today in Asia/Shanghai. */
  today?: string;
}

export interface PlannedOrder {
  item: string;
  type: 'make' | 'buy';
  qty: number;
  /** dueDate − lead time, in calendar days. */
  releaseDate: string;
  /** The day the net requirement arises. */
  dueDate: string;
  late: boolean;
  /** Why the order exists and why it has this size and date, one sentence each. */
  reasons: string[];
}

export type MrpExceptionKind = 'late-release' | 'unknown-item' | 'past-due-receipt';

export interface MrpException {
  item: string;
  kind: MrpExceptionKind;
  message: string;
}

export interface DayQty {
  date: string;
  qty: number;
}

/** The time-phased record of one item, only on days when something happens. */
export interface ItemRecord {
  item: string;
  type: 'make' | 'buy' | 'phantom';
  lowLevelCode: number;
  /** On hand less allocated at the start. */
  available: number;
  safetyStock: number;
  grossRequirements: DayQty[];
  scheduledReceipts: DayQty[];
  /** Projected on hand at the end of each day with an event, planned receipts included. */
  projectedOnHand: DayQty[];
  netRequirements: DayQty[];
  plannedReceipts: DayQty[];
  plannedReleases: DayQty[];
}

export interface PlanResult {
  today: string;
  /** Sorted by release date, then item code. */
  plannedOrders: PlannedOrder[];
  exceptions: MrpException[];
  /** Items with any activity, in low-level-code order. */
  items: ItemRecord[];
}
