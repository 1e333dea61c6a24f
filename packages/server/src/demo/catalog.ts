import type { BomDocument } from '@shopfloor/bom-engine';
import { CatalogBuilder, type DemoItem } from './catalog-builder.js';
import { addMadeItems } from './made.js';
import { addPurchasedItems } from './purchased.js';

export { HINGE_CHANGE_DATE } from './made.js';

/** The finished good whose explosion reaches the most BOM lines (76 tree rows; bench and examples explode it). */
export const DEMO_LARGEST_BOM = 'FG-TV180';

export interface DemoCatalog {
  items: readonly DemoItem[];
  document: BomDocument;
}

let cached: DemoCatalog | undefined;

/** The demo furniture plant's item master and BOMs, built once. */
export function demoCatalog(): DemoCatalog {
  if (cached) return cached;
  const b = new CatalogBuilder();
  addPurchasedItems(b);
  addMadeItems(b);
  cached = {
    items: b.items,
    document: {
      uomConversions: b.conversions,
      items: b.items.map(({ code, name, uom, type, leadTime, cost, precision }) => ({
        code,
        name,
        uom,
        type,
        leadTime,
        cost,
        precision,
      })),
      bomLines: b.lines,
    },
  };
  return cached;
}

/** The demo's BOM as a BOM file document (a fresh copy: callers may change it). */
export function demoBomDocument(): BomDocument {
  return structuredClone(demoCatalog().document);
}
