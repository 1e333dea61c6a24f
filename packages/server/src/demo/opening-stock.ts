import { roundQty } from '@shopfloor/bom-engine';
import type { MovementInput } from '../modules/stock/ledger.js';
import type { DemoCalendar } from './calendar.js';
import type { DemoItem } from './catalog-builder.js';
import { locationOf } from './plant.js';

/**
 * Items the demo leaves short, as a fraction of their safety stock: below 1 opens an alert, just
 * above 1 shows on the board as "near safety stock" once a little more is issued.
 */
export const SHORT_ITEMS: Readonly<Record<string, number>> = {
  'RM-PB18': 0.62,
  'CM-PU-TOP': 0.75,
  'HW-HINGE-SOFT': 0.4,
  'HW-SLIDE-450': 0.85,
  'CH-GASLIFT': 0.5,
  'PK-BOX-CH': 1.08,
  'EB-PVC-1x22-OAK': 1.05,
};

/** Kept in lots: timber and board by delivery, lacquer and glue by batch, and the main screw. */
export function isLotTracked(item: DemoItem): boolean {
  return item.group === 'board' || item.group === 'chemical' || item.code === 'HW-SCREW-M6-30';
}

/** Lots of a purchased item, oldest first (issued first). */
export function materialLots(item: DemoItem, cal: DemoCalendar): string[] {
  if (!isLotTracked(item)) return [];
  return [`${item.code}-${cal.stamp(-24)}`, `${item.code}-${cal.stamp(-9)}`];
}

/** Opening balances (期初) of every stocked item: comfortably above safety stock but for SHORT_ITEMS. */
export function openingBalances(items: readonly DemoItem[], cal: DemoCalendar): MovementInput[] {
  const movements: MovementInput[] = [];
  items.forEach((item, i) => {
    if (item.type === 'phantom') return;
    const onHand = openingQty(item, i);
    if (onHand <= 0) return;
    const location = locationOf(item);
    const lots = materialLots(item, cal);
    if (lots.length === 0) {
      movements.push({ kind: 'receipt', item: item.code, location, qty: onHand });
      return;
    }
    // The older delivery is mostly used up.
    const older = roundQty(onHand * 0.3, item.precision);
    movements.push({ kind: 'receipt', item: item.code, location, lot: lots[0], qty: older });
    movements.push({
      kind: 'receipt',
      item: item.code,
      location,
      lot: lots[1],
      qty: roundQty(onHand - older, item.precision),
    });
  });
  return movements;
}

function openingQty(item: DemoItem, index: number): number {
  const short = SHORT_ITEMS[item.code];
  if (short !== undefined) return roundQty(item.safetyStock * short, item.precision);
  if (item.type === 'buy') return roundQty(item.safetyStock * (2.5 + (index % 4) * 0.5), item.precision);
  // Made items: finished goods and the buffered sub-assemblies; parts flow straight on.
  if (item.safetyStock > 0) return roundQty(item.safetyStock * (1.6 + (index % 3) * 0.3), 0);
  return 0;
}
