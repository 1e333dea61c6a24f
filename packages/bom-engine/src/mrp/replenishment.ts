import type { CompiledBom } from '../compiled.js';
import { formatDay } from '../dates.js';
import { roundQty } from '../decimal.js';
import { badOption, unknownItem } from '../errors.js';
import { TYPE_BUY, TYPE_PHANTOM } from '../graph.js';
import { readInputs } from './inputs.js';
import { netItem } from './netting.js';
import { nettingInput } from './plan.js';
import type { LotSizingRule, PlannedOrder } from './types.js';

export interface ReplenishmentOptions {
  item: string;
  onHand: number;
  allocated?: number;
  /** Purchase or work orders already on their way. */
  openReceipts?: { qty: number; due: string }[];
  safetyStock: number;
  lotSizing?: LotSizingRule;
  /** `YYYY-MM-DD`. Default: today in Asia/Shanghai. */
  today?: string;
}

export interface Replenishment extends PlannedOrder {
  /** The order quantities when lot sizing splits the suggestion (maxQty, fixed lots); sums to qty. */
  lots: number[];
}

/**
 * Turns a stock alert into an order: nets one item's stock, allocations and open receipts against
 * its safety stock, as plan() would, and suggests the first order it needs, or null when none.
 * Phantoms are never replenished.
 */
export function suggestReplenishment(bom: CompiledBom, options: ReplenishmentOptions): Replenishment | null {
  const g = bom.graph;
  if (typeof options !== 'object' || options === null)
    throw badOption('replenishment options must be an object');
  const { item } = options;
  const v = typeof item === 'string' ? g.index.get(item) : undefined;
  if (v === undefined) throw unknownItem(item);
  if (g.types[v] === TYPE_PHANTOM) return null;
  if (options.openReceipts !== undefined && !Array.isArray(options.openReceipts)) {
    throw badOption('openReceipts must be a list of { qty, due }');
  }
  const inputs = readInputs(g, {
    today: options.today,
    onHand: { [item]: options.onHand },
    allocated: options.allocated === undefined ? undefined : { [item]: options.allocated },
    safetyStock: { [item]: options.safetyStock },
    openReceipts: options.openReceipts?.map((r) => ({ ...r, item })),
    lotSizing: options.lotSizing === undefined ? undefined : { [item]: options.lotSizing },
  });
  const { orders } = netItem(nettingInput(g, inputs, v));
  if (orders.length === 0) return null;
  const first = orders.filter((o) => o.due === orders[0]!.due);
  const lots = first.map((o) => o.qty);
  const qty = roundQty(
    lots.reduce((sum, q) => sum + q, 0),
    g.precisions[v]!,
  );
  const single = first[0]!;
  const reasons =
    first.length === 1
      ? single.reasons
      : single.reasons.map((r) =>
          r === single.lotReason
            ? `${r.replace(/ \(order 1 of \d+\)$/, '')}: ${first.length} orders of ${lots.join(' + ')}`
            : r,
        );
  return {
    ...toOrder(single),
    item,
    type: g.types[v] === TYPE_BUY ? 'buy' : 'make',
    qty,
    reasons,
    lots,
  };
}

function toOrder(o: {
  release: number;
  due: number;
  late: boolean;
}): Pick<PlannedOrder, 'releaseDate' | 'dueDate' | 'late'> {
  return { releaseDate: formatDay(o.release), dueDate: formatDay(o.due), late: o.late };
}
