import { type CompiledBom, roundQty } from '@shopfloor/bom-engine';
import type { MovementInput } from '../stock/ledger.js';

/**
 * Issue movements that consume the components of `qty` units of `item` (one BOM level; phantoms are
 * kits and pass their lines through) from `location`. Quantities include the lines' scrap.
 */
export function backflushMovements(
  bom: CompiledBom,
  item: string,
  qty: number,
  date: string,
  location: string,
): MovementInput[] {
  if (!bom.hasItem(item)) return [];
  const needs = new Map<string, number>();
  const visit = (parent: string, parentQty: number, depth: number) => {
    for (const line of bom.components(parent, date)) {
      const need = parentQty * line.qty;
      if (line.type === 'phantom' && depth < 32) visit(line.item, need, depth + 1);
      else needs.set(line.item, (needs.get(line.item) ?? 0) + need);
    }
  };
  visit(item, qty, 0);
  const movements: MovementInput[] = [];
  for (const [component, need] of needs) {
    const rounded = roundQty(need, bom.itemInfo(component).precision);
    if (rounded > 0) movements.push({ kind: 'issue', item: component, location, qty: -rounded });
  }
  return movements;
}
