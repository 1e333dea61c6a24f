import { type CompiledBom, roundQty } from '@shopfloor/bom-engine';
import type { MovementInput } from '../stock/ledger.js';

/**
 * Issue movements that consume the components of a work order's output (one BOM level; phantoms
 * are kits and pass their lines through) from `location`, for a report that takes the output of
 * `item` from `output.before` to `output.after` units. Quantities include the lines' scrap.
 *
 * Each component takes round(per unit × after) − round(per unit × before), rounded to its
 * precision: however the output is reported (ten reports of 1 or one of 10), the components taken
 * add up to the rounded need of the whole output. Rounding each report's need on its own drifts
 * from the shelf: 0.5 per unit reported piece by piece would take 1 each time, 10 for 10 units.
 */
export function backflushMovements(
  bom: CompiledBom,
  item: string,
  output: { before: number; after: number },
  date: string,
  location: string,
): MovementInput[] {
  if (!bom.hasItem(item)) return [];
  const perUnit = new Map<string, number>();
  const visit = (parent: string, parentQty: number, depth: number) => {
    for (const line of bom.components(parent, date)) {
      const need = parentQty * line.qty;
      if (line.type === 'phantom' && depth < 32) visit(line.item, need, depth + 1);
      else perUnit.set(line.item, (perUnit.get(line.item) ?? 0) + need);
    }
  };
  visit(item, 1, 0);
  const movements: MovementInput[] = [];
  for (const [component, need] of perUnit) {
    const places = bom.itemInfo(component).precision;
    const take = roundQty(
      roundQty(need * output.after, places) - roundQty(need * output.before, places),
      places,
    );
    if (take > 0) movements.push({ kind: 'issue', item: component, location, qty: -take });
  }
  return movements;
}
