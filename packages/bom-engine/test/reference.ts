import type { BomDocument } from '../src/types.js';
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
