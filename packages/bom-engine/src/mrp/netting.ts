import { type LotPolicy, sizeLots } from './lot-sizing.js';
import { ceilToPlaces, dayText, snap } from './quantities.js';

/** One item's supply and demand, days ascending and aggregated per day. */
export interface NettingInput {
  grossDays: number[];
  grossQtys: number[];
  receiptDays: number[];
  receiptQtys: number[];
  /** On hand less allocated. */
  available: number;
  safetyStock: number;
  policy: LotPolicy;
  leadDays: number;
  /** Declared lead time, for messages. */
  leadTime: number;
  today: number;
  places: number;
}

export interface RawOrder {
  qty: number;
  due: number;
  release: number;
  late: boolean;
  /** Every reason, in order: the need, safety stock, lot sizing, this lot, lateness. */
  reasons: string[];
  /** The reason that belongs to this one lot of several (a split, a fixed lot), if any. */
  lotReason: string | null;
}

/** The item's time-phased record, one entry per day on which something happens. */
export interface Timeline {
  days: number[];
  gross: number[];
  receipts: number[];
  /** End of day, planned receipts included. */
  projected: number[];
  net: number[];
  planned: number[];
}

export interface Netted {
  orders: RawOrder[];
  timeline: Timeline;
}

/**
 * Nets one make or buy item, day by day: projected available = available + receipts − gross; when it
 * would end a day below the trigger (safety stock, or the min-max reorder point when higher), the
 * shortage is a net requirement due that day, sized into planned orders by the lot-sizing policy
 * and released lead time earlier.
 */
export function netItem(input: NettingInput): Netted {
  const timeline = mergeTimeline(input);
  const { days, gross, receipts, projected, net, planned } = timeline;
  const { policy, places, safetyStock } = input;
  const trigger = Math.max(safetyStock, policy.reorderPoint);
  const orders: RawOrder[] = [];
  let available = input.available;
  for (let t = 0; t < days.length; t++) {
    const opening = available;
    available = snap(available + receipts[t]! - gross[t]!, places);
    if (available < trigger) {
      const shortage = ceilToPlaces(trigger - available, places);
      const need = ceilToPlaces(needOf(timeline, t, available, trigger, input), places);
      const lots = sizeLots(need, policy);
      const reasons = [
        `net requirement ${shortage} on ${dayText(days[t]!)} (gross ${gross[t]}, on hand ${opening}, receipts ${receipts[t]})`,
      ];
      if (safetyStock > 0) reasons.push(`safety stock ${safetyStock}`);
      reasons.push(...ruleReasons(timeline, t, input), ...lots.reasons);
      lots.lots.forEach((lot, i) => {
        const qty = snap(lot, places);
        const order = schedule(qty, days[t]!, input);
        const lotReason = lots.lotReasons?.[i] ?? null;
        // A lone on-time order takes the need's reasons as they are.
        order.reasons =
          lotReason || order.late
            ? [...reasons, ...(lotReason ? [lotReason] : []), ...order.reasons]
            : reasons;
        order.lotReason = lotReason;
        orders.push(order);
        available = snap(available + qty, places);
        planned[t] = snap(planned[t]! + qty, places);
      });
      net[t] = shortage;
    }
    projected[t] = available;
  }
  return { orders, timeline };
}

/** The quantity the rule asks for when a shortage arises on day index t. */
function needOf(tl: Timeline, t: number, available: number, trigger: number, input: NettingInput): number {
  const { policy } = input;
  if (policy.rule === 'min-max') return Math.max(policy.upTo, trigger) - available;
  if (policy.rule !== 'period') return trigger - available;
  // Period order quantity: enough to stay at the trigger through every day of the period.
  let need = trigger - available;
  let running = available;
  const end = tl.days[t]! + policy.periodDays;
  for (let u = t + 1; u < tl.days.length && tl.days[u]! < end; u++) {
    running = snap(running + tl.receipts[u]! - tl.gross[u]!, input.places);
    need = Math.max(need, trigger - running);
  }
  return need;
}

function ruleReasons(tl: Timeline, t: number, input: NettingInput): string[] {
  const { policy } = input;
  if (policy.rule === 'min-max') return [`order up to ${policy.upTo} (min-max)`];
  if (policy.rule === 'period') {
    return [`period order: covers requirements through ${dayText(tl.days[t]! + policy.periodDays - 1)}`];
  }
  return [];
}

function schedule(qty: number, due: number, input: NettingInput): RawOrder {
  const release = due - input.leadDays;
  const late = release < input.today;
  const reasons = late
    ? [
        `released late: release date ${dayText(release)} is before today; lead time ${input.leadTime} days from today ends ${dayText(input.today + input.leadDays)}`,
      ]
    : [];
  return { qty, due, release, late, reasons, lotReason: null };
}

/**
 * Days with gross requirements or receipts, ascending; today is added when the item starts below
 * its trigger, so a shortage with no dated demand (a stock alert) still gets an order.
 */
function mergeTimeline(input: NettingInput): Timeline {
  const { grossDays, grossQtys, receiptDays, receiptQtys } = input;
  const startsShort = input.available < Math.max(input.safetyStock, input.policy.reorderPoint);
  const tl: Timeline = { days: [], gross: [], receipts: [], projected: [], net: [], planned: [] };
  let g = 0;
  let r = 0;
  let todayPending = startsShort;
  while (g < grossDays.length || r < receiptDays.length || todayPending) {
    const next = Math.min(
      grossDays[g] ?? Infinity,
      receiptDays[r] ?? Infinity,
      todayPending ? input.today : Infinity,
    );
    if (next === input.today) todayPending = false;
    tl.days.push(next);
    tl.gross.push(grossDays[g] === next ? grossQtys[g++]! : 0);
    tl.receipts.push(receiptDays[r] === next ? receiptQtys[r++]! : 0);
    tl.projected.push(0);
    tl.net.push(0);
    tl.planned.push(0);
  }
  return tl;
}

/**
 * A phantom is never planned: its on hand (less allocated) and receipts cover what they can, the
 * rest passes to its components on the same day, without lead time, safety stock or lot sizing.
 */
export function netPhantom(input: NettingInput): {
  passDays: number[];
  passQtys: number[];
  timeline: Timeline;
} {
  const timeline = mergeTimeline({ ...input, safetyStock: 0, available: 0 });
  const { days, gross, receipts, projected, net } = timeline;
  const passDays: number[] = [];
  const passQtys: number[] = [];
  let available = Math.max(input.available, 0);
  for (let t = 0; t < days.length; t++) {
    available = snap(available + receipts[t]! - gross[t]!, input.places);
    if (available < 0) {
      net[t] = -available;
      passDays.push(days[t]!);
      passQtys.push(-available);
      available = 0;
    }
    projected[t] = available;
  }
  return { passDays, passQtys, timeline };
}
