import type { CompiledBom } from '../compiled.js';
import { roundQty } from '../decimal.js';
import { type BomGraph, ITEM_TYPES, TYPE_BUY, TYPE_MAKE, TYPE_PHANTOM } from '../graph.js';
import { type PlanInputs, readInputs } from './inputs.js';
import { LOT_FOR_LOT, roundUpToMultiple } from './lot-sizing.js';
import { type NettingInput, netItem, netPhantom, type Timeline } from './netting.js';
import { aggregateByDay, ceilToPlaces, dayText } from './quantities.js';
import type { DayQty, ItemRecord, PlannedOrder, PlanOptions, PlanResult } from './types.js';

/**
 * MRP netting (Orlicky): items in low-level-code order, so every parent has released its planned
 * orders before a component is netted; each planned order of a make item explodes into its
 * components' gross requirements on its release date, with the lines effective on that date.
 * Calendar days throughout (no working-day calendar).
 */
export function plan(bom: CompiledBom, options: PlanOptions = {}): PlanResult {
  const g = bom.graph;
  return runPlan(g, readInputs(g, options));
}

function runPlan(g: BomGraph, inputs: PlanInputs): PlanResult {
  const orders: { order: PlannedOrder; release: number; item: number }[] = [];
  const items: ItemRecord[] = [];
  const { exceptions } = inputs;
  for (let i = 0; i < g.itemCount; i++) {
    const v = g.topo[i]!;
    const grossDays = inputs.gross.days[v];
    const receiptDays = inputs.receipts.days[v];
    if (!grossDays && !receiptDays && inputs.stocked[v] === 0) continue;
    const input = nettingInput(g, inputs, v);
    const code = g.codes[v]!;
    if (g.types[v] === TYPE_PHANTOM) {
      const passed = netPhantom(input);
      for (let t = 0; t < passed.passDays.length; t++)
        explode(g, inputs, v, passed.passQtys[t]!, passed.passDays[t]!);
      items.push(record(g, inputs, v, passed.timeline, []));
      continue;
    }
    const { orders: raw, timeline } = netItem(input);
    for (const o of raw) {
      const order: PlannedOrder = {
        item: code,
        type: g.types[v] === TYPE_BUY ? 'buy' : 'make',
        qty: o.qty,
        releaseDate: dayText(o.release),
        dueDate: dayText(o.due),
        late: o.late,
        reasons: o.reasons,
      };
      orders.push({ order, release: o.release, item: v });
      if (o.late) {
        exceptions.push({
          item: code,
          kind: 'late-release',
          message: `${code}: planned order of ${o.qty} due ${order.dueDate} should have been released ${order.releaseDate}, before today ${inputs.todayText}`,
        });
      }
      // A bought item's lines, if any, are the supplier's structure: not exploded.
      if (g.types[v] === TYPE_MAKE) explode(g, inputs, v, o.qty, o.release);
    }
    items.push(record(g, inputs, v, timeline, raw));
  }
  return { today: inputs.todayText, plannedOrders: sortOrders(g, orders), exceptions, items };
}

export function nettingInput(g: BomGraph, inputs: PlanInputs, v: number): NettingInput {
  const places = g.precisions[v]!;
  const gross = aggregateByDay(inputs.gross.days[v] ?? [], inputs.gross.qtys[v] ?? [], places);
  const receipts = aggregateByDay(inputs.receipts.days[v] ?? [], inputs.receipts.qtys[v] ?? [], places);
  const phantom = g.types[v] === TYPE_PHANTOM;
  const leadTime = phantom ? 0 : g.leadTimes[v]!;
  return {
    grossDays: gross.days,
    grossQtys: gross.qtys,
    receiptDays: receipts.days,
    receiptQtys: receipts.qtys,
    available: roundQty(inputs.available[v]!, places),
    safetyStock: phantom ? 0 : roundQty(inputs.safetyStock[v]!, places),
    policy: phantom ? LOT_FOR_LOT : inputs.policies[v]!,
    // Lead times in fractional days are offset by whole days, rounded up.
    leadDays: Math.ceil(roundQty(leadTime, 6)),
    leadTime,
    today: inputs.today,
    places,
  };
}

/**
 * One parent order (or one phantom pass-through) of qty on day: each line effective that day needs
 * qty × line qty + setup, rounded up to the line's multiple and to the component's decimal places.
 */
function explode(g: BomGraph, inputs: PlanInputs, v: number, qty: number, day: number): void {
  const { childStart, lineChild, lineQty, lineSetup, lineRounding, lineFrom, lineTo, precisions } = g;
  for (let k = childStart[v]!; k < childStart[v + 1]!; k++) {
    if (lineFrom[k]! > day || lineTo[k]! < day) continue;
    const c = lineChild[k]!;
    let need = qty * lineQty[k]! + lineSetup[k]!;
    if (lineRounding[k]! > 0) need = roundUpToMultiple(need, lineRounding[k]!);
    inputs.gross.add(c, day, ceilToPlaces(need, precisions[c]!));
  }
}

function record(
  g: BomGraph,
  inputs: PlanInputs,
  v: number,
  tl: Timeline,
  raw: readonly { qty: number; release: number }[],
): ItemRecord {
  const places = g.precisions[v]!;
  const series = (values: number[], all = false): DayQty[] => {
    const out: DayQty[] = [];
    tl.days.forEach((day, t) => {
      if (all || values[t] !== 0) out.push({ date: dayText(day), qty: values[t]! });
    });
    return out;
  };
  const releases = aggregateByDay(
    raw.map((o) => o.release),
    raw.map((o) => o.qty),
    places,
  );
  return {
    item: g.codes[v]!,
    type: ITEM_TYPES[g.types[v]!]!,
    lowLevelCode: g.llc[v]!,
    available: roundQty(inputs.available[v]!, places),
    safetyStock: g.types[v] === TYPE_PHANTOM ? 0 : roundQty(inputs.safetyStock[v]!, places),
    grossRequirements: series(tl.gross),
    scheduledReceipts: series(tl.receipts),
    projectedOnHand: series(tl.projected, true),
    netRequirements: series(tl.net),
    plannedReceipts: series(tl.planned),
    plannedReleases: releases.days.map((day, t) => ({ date: dayText(day), qty: releases.qtys[t]! })),
  };
}

/** By release date, then item code; one numeric key per order because plans run to 100k+ orders. */
function sortOrders(
  g: BomGraph,
  orders: { order: PlannedOrder; release: number; item: number }[],
): PlannedOrder[] {
  const byCode = Array.from(g.codes.keys()).sort((a, b) =>
    g.codes[a]! < g.codes[b]! ? -1 : g.codes[a]! > g.codes[b]! ? 1 : 0,
  );
  const rank = new Float64Array(g.itemCount);
  byCode.forEach((v, r) => {
    rank[v] = r;
  });
  const keys = new Float64Array(orders.length);
  orders.forEach((o, i) => {
    keys[i] = o.release * g.itemCount + rank[o.item]!;
  });
  // An item's orders with the same release share a due date; ties keep their creation order.
  const order = Array.from(orders.keys()).sort((a, b) => keys[a]! - keys[b]! || a - b);
  return order.map((i) => orders[i]!.order);
}
