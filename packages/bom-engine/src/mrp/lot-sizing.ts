import { ceilToMultiple, roundQty } from '../decimal.js';
import { badOption } from '../errors.js';
import type { LotSizingRule } from './types.js';

/** A validated lot-sizing rule. */
export interface LotPolicy {
  rule: LotSizingRule['rule'];
  /** fixed: the lot size after the modifiers. */
  fixedLot: number;
  /** period: days one order covers. */
  periodDays: number;
  /** min-max: the order-up-to level. */
  upTo: number;
  /** min-max: the reorder point (the trigger is the larger of it and the safety stock). */
  reorderPoint: number;
  minQty: number;
  multiple: number;
  maxQty: number;
}

export interface Lots {
  /** One quantity per planned order. */
  lots: number[];
  /** Reasons shared by every order of the need. */
  reasons: string[];
  /** Reason specific to each order when there are several (split or fixed lots). */
  lotReasons: string[] | null;
}

export const LOT_FOR_LOT: LotPolicy = {
  rule: 'lot-for-lot',
  fixedLot: 0,
  periodDays: 0,
  upTo: 0,
  reorderPoint: 0,
  minQty: 0,
  multiple: 0,
  maxQty: Number.POSITIVE_INFINITY,
};

const RULES = ['lot-for-lot', 'fixed', 'period', 'min-max'];

/** Checks a rule from the options and turns it into a policy. `at` names it in error messages. */
export function toPolicy(raw: unknown, at: string): LotPolicy {
  if (typeof raw !== 'object' || raw === null) throw badOption(`${at} must be a lot-sizing rule object`);
  const r = raw as Record<string, unknown>;
  if (!RULES.includes(r.rule as string)) {
    throw badOption(`${at}.rule must be one of ${RULES.join(', ')}, got ${JSON.stringify(r.rule)}`);
  }
  const num = (
    field: string,
    { positive = false, fallback }: { positive?: boolean; fallback?: number } = {},
  ) => {
    const v = r[field];
    if (v === undefined && fallback !== undefined) return fallback;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (positive && v === 0)) {
      throw badOption(
        `${at}.${field} must be a number ${positive ? '> 0' : '>= 0'}, got ${JSON.stringify(v)}`,
      );
    }
    return v;
  };
  const policy: LotPolicy = {
    ...LOT_FOR_LOT,
    rule: r.rule as LotPolicy['rule'],
    minQty: num('minQty', { fallback: 0 }),
    multiple: num('multiple', { fallback: 0 }),
    maxQty: r.maxQty === undefined ? Number.POSITIVE_INFINITY : num('maxQty', { positive: true }),
  };
  if (policy.minQty > policy.maxQty)
    throw badOption(`${at}: minQty ${policy.minQty} is above maxQty ${policy.maxQty}`);
  if (largestLot(policy) < policy.minQty || largestLot(policy) === 0) {
    throw badOption(`${at}: no order size is at least minQty, a whole multiple and at most maxQty`);
  }
  if (policy.rule === 'fixed') {
    policy.fixedLot = applyMinAndMultiple(num('qty', { positive: true }), policy);
    if (policy.fixedLot > policy.maxQty)
      throw badOption(`${at}: the fixed lot ${policy.fixedLot} is above maxQty ${policy.maxQty}`);
  }
  if (policy.rule === 'period') {
    policy.periodDays = num('days', { positive: true });
    if (!Number.isInteger(policy.periodDays))
      throw badOption(`${at}.days must be a whole number of days, got ${policy.periodDays}`);
  }
  if (policy.rule === 'min-max') {
    policy.upTo = num('max', { positive: true });
    policy.reorderPoint = num('min', { fallback: 0 });
    if (policy.reorderPoint > policy.upTo)
      throw badOption(`${at}: min ${policy.reorderPoint} is above max ${policy.upTo}`);
  }
  return policy;
}

/** The largest order maxQty allows that is also a whole multiple. */
function largestLot(policy: LotPolicy): number {
  if (policy.multiple === 0) return policy.maxQty;
  return roundQty(
    Math.floor(Number((policy.maxQty / policy.multiple).toPrecision(12))) * policy.multiple,
    12,
  );
}

function applyMinAndMultiple(qty: number, policy: LotPolicy): number {
  const raised = Math.max(qty, policy.minQty);
  return policy.multiple > 0 ? roundUpToMultiple(raised, policy.multiple) : raised;
}

/** ceilToMultiple without float noise, with a fast path for whole numbers. */
export function roundUpToMultiple(qty: number, multiple: number): number {
  if (Number.isInteger(qty) && Number.isInteger(multiple)) return Math.ceil(qty / multiple) * multiple;
  return roundQty(ceilToMultiple(qty, multiple), 12);
}

/**
 * Turns a need (what the rule asks for: the net requirement, the period's needs, or up to max) into
 * order quantities: fixed lots as many times as needed, otherwise raised to minQty, rounded up to
 * the multiple, then split into orders no larger than maxQty.
 */
export function sizeLots(need: number, policy: LotPolicy): Lots {
  if (policy.rule === 'fixed') {
    const lot = policy.fixedLot;
    const count = Math.max(1, Math.ceil(Number((need / lot).toPrecision(12))));
    const lots = new Array<number>(count).fill(lot);
    if (count === 1) return { lots, reasons: [`fixed lot ${lot}`], lotReasons: null };
    return {
      lots,
      reasons: [],
      lotReasons: lots.map((_, i) => `fixed lot ${lot} (order ${i + 1} of ${count})`),
    };
  }
  const reasons: string[] = [];
  let qty = need;
  if (policy.minQty > qty) {
    qty = policy.minQty;
    reasons.push(`raised to the minimum lot ${policy.minQty}`);
  }
  if (policy.multiple > 0) {
    const rounded = roundUpToMultiple(qty, policy.multiple);
    if (rounded !== qty) reasons.push(`rounded up to a multiple of ${policy.multiple}`);
    qty = rounded;
  }
  if (qty <= policy.maxQty) return { lots: [qty], reasons, lotReasons: null };
  // Full orders at the largest allowed size, then the remainder (kept at or above minQty).
  const cap = largestLot(policy);
  const count = Math.ceil(Number((qty / cap).toPrecision(12)));
  const rest = roundQty(qty - cap * (count - 1), 12);
  const lots = new Array<number>(count).fill(cap);
  lots[count - 1] = applyMinAndMultiple(rest, policy);
  const lotReasons = lots.map(
    (_, i) => `split at the maximum lot ${policy.maxQty} (order ${i + 1} of ${count})`,
  );
  return { lots, reasons, lotReasons };
}
