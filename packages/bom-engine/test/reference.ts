import type { BomDocument, ItemType } from '../src/types.js';
import { add, fromNumber, mul, ONE, type Rational, ZERO } from './rational.js';

/**
 * The simplest correct explosion: walk every path recursively, in exact rationals, and sum
 * per item. Phantoms and the root are left out, as the engine does. No setup, no rounding, no dates.
 */
export function referenceExplode(doc: BomDocument, root: string, qty: number): Map<string, Rational> {
  const children = new Map<string, { child: string; q: Rational }[]>();
  for (const l of doc.bomLines) {
    const q = mul(fromNumber(l.qty), add(ONE, fromNumber(l.scrapRate ?? 0)));
    const list = children.get(l.parent) ?? [];
    list.push({ child: l.child, q });
    children.set(l.parent, list);
  }
  const type = new Map(doc.items.map((i) => [i.code, i.type]));
  const total = new Map<string, Rational>();
  const walk = (item: string, amount: Rational) => {
    for (const { child, q } of children.get(item) ?? []) {
      const need = mul(amount, q);
      if (type.get(child) !== 'phantom') total.set(child, add(total.get(child) ?? ZERO, need));
      walk(child, need);
    }
  };
  walk(root, fromNumber(qty));
  return total;
}

export interface ReferenceUse {
  qtyPer: Rational;
  direct: boolean;
  endItem: boolean;
  type: ItemType;
}

/**
 * The simplest correct where-used: walk every path upwards from `target`, in exact rationals,
 * listing every ancestor, phantoms included. Direct means reached through phantoms only. No dates.
 */
export function referenceWhereUsed(doc: BomDocument, target: string): Map<string, ReferenceUse> {
  const parents = new Map<string, { parent: string; q: Rational }[]>();
  for (const l of doc.bomLines) {
    const q = mul(fromNumber(l.qty), add(ONE, fromNumber(l.scrapRate ?? 0)));
    const list = parents.get(l.child) ?? [];
    list.push({ parent: l.parent, q });
    parents.set(l.child, list);
  }
  const type = new Map(doc.items.map((i) => [i.code, i.type]));
  const found = new Map<string, ReferenceUse>();
  const walk = (item: string, amount: Rational, onlyPhantoms: boolean) => {
    for (const { parent, q } of parents.get(item) ?? []) {
      const per = mul(amount, q);
      const use = found.get(parent) ?? {
        qtyPer: ZERO,
        direct: false,
        endItem: !parents.has(parent),
        type: type.get(parent)!,
      };
      use.qtyPer = add(use.qtyPer, per);
      use.direct ||= onlyPhantoms;
      found.set(parent, use);
      walk(parent, per, onlyPhantoms && use.type === 'phantom');
    }
  };
  walk(target, ONE, true);
  return found;
}
