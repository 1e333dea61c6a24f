import { type CompiledBom, roundQty } from '@shopfloor/bom-engine';
import { sql } from 'kysely';
import type { Db } from '../../http/route.js';
import { InsufficientStockError } from '../stock/errors.js';
import type { MovementInput } from '../stock/ledger.js';

/**
 * The components a report consumes of a work order's output (one BOM level; phantoms are kits and
 * pass their lines through), for a report that takes the output of `item` from `output.before` to
 * `output.after` units. Quantities include the lines' scrap; sorted by component.
 *
 * Each component takes round(per unit × after) − round(per unit × before), rounded to its
 * precision: however the output is reported (ten reports of 1 or one of 10), the components taken
 * add up to the rounded need of the whole output. Rounding each report's need on its own drifts
 * from the shelf: 0.5 per unit reported piece by piece would take 1 each time, 10 for 10 units.
 */
export function backflushNeeds(
  bom: CompiledBom,
  item: string,
  output: { before: number; after: number },
  date: string,
): { item: string; qty: number }[] {
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
  const needs: { item: string; qty: number }[] = [];
  for (const [component, need] of perUnit) {
    const places = bom.itemInfo(component).precision;
    const take = roundQty(
      roundQty(need * output.after, places) - roundQty(need * output.before, places),
      places,
    );
    if (take > 0) needs.push({ item: component, qty: take });
  }
  return needs.sort((a, b) => (a.item < b.item ? -1 : a.item > b.item ? 1 : 0));
}

interface Holding {
  item: string;
  location: string;
  lot: string;
  qty: string;
}

/**
 * Issue movements that take each need from the locations holding it, in a fixed order: the work
 * order's issue location, then the other locations of its warehouse, then the raw-material
 * locations of other warehouses; by location code within each, and the unlotted balance before
 * lots (by lot code), compared byte by byte so PGlite and PostgreSQL agree whatever their locale.
 * Quarantine and inactive locations are never taken from. A component short in all of them
 * together is a 409 insufficient-stock naming the issue location and the whole on hand.
 */
export async function takeFromHolders(
  db: Db,
  orgId: string,
  needs: readonly { item: string; qty: number }[],
  issueLocation: string,
): Promise<MovementInput[]> {
  if (needs.length === 0) return [];
  const held = await sql<Holding>`
    select b.item, b.location, b.lot, b.qty::text as qty
    from stock_balances b
    join locations l on l.org_id = b.org_id and l.code = b.location
    join locations home on home.org_id = b.org_id and home.code = ${issueLocation}
    where b.org_id = ${orgId} and b.item = any(${needs.map((n) => n.item)}::text[]) and b.qty > 0
      and l.active and l.kind <> 'quarantine'
      and (b.location = home.code or l.warehouse = home.warehouse or l.kind = 'raw-material')
    order by b.item collate "C",
             case when b.location = home.code then 0 when l.warehouse = home.warehouse then 1 else 2 end,
             l.warehouse collate "C", b.location collate "C", b.lot collate "C"`.execute(db);
  const movements: MovementInput[] = [];
  for (const need of needs) {
    let left = need.qty;
    const holders = held.rows.filter((h) => h.item === need.item);
    for (const h of holders) {
      if (left <= 0) break;
      const take = Math.min(left, Number(h.qty));
      movements.push({ kind: 'issue', item: need.item, location: h.location, lot: h.lot, qty: -take });
      left = Number((left - take).toPrecision(15));
    }
    if (left > 0) {
      const onHand = Number(holders.reduce((sum, h) => sum + Number(h.qty), 0).toPrecision(15));
      throw new InsufficientStockError(need.item, issueLocation, '', onHand, need.qty);
    }
  }
  return movements;
}
