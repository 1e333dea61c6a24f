import { formatDay, parseDay, resolveDay } from '../dates.js';
import { roundQty } from '../decimal.js';
import { badOption } from '../errors.js';
import type { BomGraph } from '../graph.js';
import { LOT_FOR_LOT, type LotPolicy, toPolicy } from './lot-sizing.js';
import { ceilToPlaces } from './quantities.js';
import type { MrpException, PlanOptions } from './types.js';

/** Day-stamped quantities per item id, appended in any order (sorted when the item is netted). */
export class DatedLists {
  readonly days: (number[] | undefined)[];
  readonly qtys: (number[] | undefined)[];

  constructor(n: number) {
    this.days = new Array(n);
    this.qtys = new Array(n);
  }

  add(v: number, day: number, qty: number): void {
    const days = this.days[v];
    if (days) {
      days.push(day);
      this.qtys[v]!.push(qty);
    } else {
      this.days[v] = [day];
      this.qtys[v] = [qty];
    }
  }
}

/** The plan's options, checked and indexed by item id. */
export interface PlanInputs {
  today: number;
  todayText: string;
  /** On hand less allocated. */
  available: Float64Array;
  safetyStock: Float64Array;
  policies: LotPolicy[];
  gross: DatedLists;
  receipts: DatedLists;
  /** The options say something about the item's stock: it gets a record even without demand. */
  stocked: Uint8Array;
  exceptions: MrpException[];
}

/**
 * Malformed options throw BAD_OPTION (a caller's bug); item codes the BOM does not know are data
 * (a sales order for a retired item) and become 'unknown-item' exceptions instead.
 */
export function readInputs(g: BomGraph, options: PlanOptions): PlanInputs {
  if (typeof options !== 'object' || options === null) throw badOption('plan options must be an object');
  const { day: today, date: todayText } = resolveDay(options.today);
  const n = g.itemCount;
  const exceptions: MrpException[] = [];
  const unknown = (code: unknown, where: string) =>
    exceptions.push({
      item: String(code),
      kind: 'unknown-item',
      message: `${where}: unknown item '${String(code)}', left out of the plan`,
    });
  const inputs: PlanInputs = {
    today,
    todayText,
    available: new Float64Array(n),
    safetyStock: new Float64Array(n),
    policies: new Array<LotPolicy>(n).fill(LOT_FOR_LOT),
    gross: new DatedLists(n),
    receipts: new DatedLists(n),
    stocked: new Uint8Array(n),
    exceptions,
  };

  // A demand of 1.2 pieces needs 2: requirements round up to the item's places, stock rounds half-up.
  readDated(g, options.demand, 'demand', unknown, (v, day, qty) =>
    inputs.gross.add(v, day, ceilToPlaces(qty, g.precisions[v]!)),
  );
  readDated(g, options.openReceipts, 'openReceipts', unknown, (v, day, qty, i) => {
    inputs.receipts.add(v, day, roundQty(qty, g.precisions[v]!));
    if (day < today) {
      exceptions.push({
        item: g.codes[v]!,
        kind: 'past-due-receipt',
        message: `openReceipts[${i}]: ${qty} ${g.codes[v]} was due ${formatDay(day)}, before today; counted as arriving then`,
      });
    }
  });
  readAmounts(g, options.onHand, 'onHand', false, unknown, (v, qty) => {
    inputs.available[v] += qty;
    inputs.stocked[v] = 1;
  });
  readAmounts(g, options.allocated, 'allocated', true, unknown, (v, qty) => {
    inputs.available[v] -= qty;
    inputs.stocked[v] = 1;
  });
  readAmounts(g, options.safetyStock, 'safetyStock', true, unknown, (v, qty) => {
    inputs.safetyStock[v] = qty;
    inputs.stocked[v] = 1;
  });
  readLotSizing(g, options.lotSizing, inputs.policies, unknown);
  return inputs;
}

type Unknown = (code: unknown, where: string) => void;

function readDated(
  g: BomGraph,
  list: unknown,
  name: string,
  unknown: Unknown,
  add: (v: number, day: number, qty: number, i: number) => void,
): void {
  if (list === undefined) return;
  if (!Array.isArray(list)) throw badOption(`${name} must be a list of { item, qty, due }`);
  list.forEach((raw: unknown, i) => {
    const at = `${name}[${i}]`;
    if (typeof raw !== 'object' || raw === null)
      throw badOption(`${at} must be an object { item, qty, due }`);
    const { item, qty, due } = raw as Record<string, unknown>;
    if (typeof qty !== 'number' || !Number.isFinite(qty) || qty <= 0) {
      throw badOption(`${at}: qty must be a positive number, got ${JSON.stringify(qty)}`);
    }
    const day = typeof due === 'string' ? parseDay(due) : null;
    if (day === null)
      throw badOption(`${at}: due must be a calendar date YYYY-MM-DD, got ${JSON.stringify(due)}`);
    const v = typeof item === 'string' ? g.index.get(item) : undefined;
    if (v === undefined) unknown(item, at);
    else add(v, day, qty, i);
  });
}

function readAmounts(
  g: BomGraph,
  record: unknown,
  name: string,
  nonNegative: boolean,
  unknown: Unknown,
  set: (v: number, qty: number) => void,
): void {
  if (record === undefined) return;
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    throw badOption(`${name} must be an object of item code → quantity`);
  }
  for (const [code, qty] of Object.entries(record)) {
    if (typeof qty !== 'number' || !Number.isFinite(qty) || (nonNegative && qty < 0)) {
      throw badOption(
        `${name}.${code} must be a number${nonNegative ? ' >= 0' : ''}, got ${JSON.stringify(qty)}`,
      );
    }
    const v = g.index.get(code);
    if (v === undefined) unknown(code, name);
    else set(v, qty);
  }
}

function readLotSizing(g: BomGraph, raw: unknown, policies: LotPolicy[], unknown: Unknown): void {
  if (raw === undefined) return;
  if (typeof raw !== 'object' || raw === null)
    throw badOption('lotSizing must be a rule or an object of item code → rule');
  if (typeof (raw as { rule?: unknown }).rule === 'string') {
    policies.fill(toPolicy(raw, 'lotSizing'));
    return;
  }
  for (const [code, rule] of Object.entries(raw)) {
    const policy = toPolicy(rule, `lotSizing.${code}`);
    const v = g.index.get(code);
    if (v === undefined) unknown(code, 'lotSizing');
    else policies[v] = policy;
  }
}
