import { roundQty } from '@shopfloor/bom-engine';
import type { FieldError } from '@shopfloor/sdk';
import { sql } from 'kysely';
import { badRequest } from '../../http/problem.js';
import type { Db } from '../../http/route.js';
import { fitsPrecision, precisionMessage } from '../../shared/numbers.js';
import { dateShanghai } from '../../shared/time.js';

export interface DocumentLineInput {
  item: string;
  qty: number;
  location?: string;
}

export interface ItemFacts {
  code: string;
  name: string;
  uom: string;
  type: 'make' | 'buy' | 'phantom';
  precision: number;
}

/**
 * Checks the lines of a stock document against the org's items and locations in two queries:
 * unknown items and locations, a location outside `warehouse` (when given) and quantities finer
 * than the item's precision (float noise aside) are 400s naming `lines.N.field`. Answers the facts
 * the caller needs and the lines with their quantities rounded to the item's precision: store those.
 */
export async function checkDocumentLines<L extends DocumentLineInput>(
  db: Db,
  orgId: string,
  lines: readonly L[],
  warehouse?: string,
): Promise<{ items: Map<string, ItemFacts>; warehouseOf: Map<string, string>; lines: L[] }> {
  const itemCodes = [...new Set(lines.map((l) => l.item))];
  const locationCodes = [...new Set(lines.flatMap((l) => (l.location ? [l.location] : [])))];
  const itemRows = await db
    .selectFrom('items')
    .select(['code', 'name', 'uom', 'type', 'precision'])
    .where('org_id', '=', orgId)
    .where('code', 'in', itemCodes)
    .execute();
  const locationRows =
    locationCodes.length === 0
      ? []
      : await db
          .selectFrom('locations')
          .select(['code', 'warehouse'])
          .where('org_id', '=', orgId)
          .where('code', 'in', locationCodes)
          .execute();
  const items = new Map(itemRows.map((r) => [r.code, r]));
  const warehouseOf = new Map(locationRows.map((r) => [r.code, r.warehouse]));
  const errors: FieldError[] = [];
  lines.forEach((line, n) => {
    const item = items.get(line.item);
    if (!item) errors.push({ path: `lines.${n}.item`, message: `unknown item ${line.item}` });
    else if (item.type === 'phantom')
      errors.push({ path: `lines.${n}.item`, message: `${line.item} is a phantom: it is never stocked` });
    else if (!fitsPrecision(line.qty, item.precision))
      errors.push({ path: `lines.${n}.qty`, message: precisionMessage(item, line.qty) });
    if (line.location === undefined) {
      errors.push({ path: `lines.${n}.location`, message: 'location is required' });
    } else {
      const wh = warehouseOf.get(line.location);
      if (wh === undefined)
        errors.push({ path: `lines.${n}.location`, message: `unknown location ${line.location}` });
      else if (warehouse !== undefined && wh !== warehouse)
        errors.push({
          path: `lines.${n}.location`,
          message: `location ${line.location} is in warehouse ${wh}, not ${warehouse}`,
        });
    }
  });
  if (errors.length > 0) throw badRequest(errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
  const rounded = lines.map((line) => ({
    ...line,
    qty: roundQty(line.qty, items.get(line.item)!.precision),
  }));
  return { items, warehouseOf, lines: rounded };
}

/** `IR-20261125-000042`: a readable document number; the sequence keeps it unique across replicas. */
export async function nextDocumentNo(db: Db, prefix: string, at: Date): Promise<string> {
  const r = await sql<{ n: string }>`select nextval('stock_document_no') as n`.execute(db);
  return `${prefix}-${dateShanghai(at).replaceAll('-', '')}-${String(r.rows[0]!.n).padStart(6, '0')}`;
}
