import { type CompiledBom, type Replenishment, suggestReplenishment } from '@shopfloor/bom-engine';
import { sql } from 'kysely';
import type { Db } from '../../http/route.js';
import { qty } from '../../shared/numbers.js';
import { dateShanghai } from '../../shared/time.js';
import { openAlert, resolveAlert } from '../alerts/store.js';
import type { BalanceChange } from './ledger.js';

/** What a safety-stock alert stores in its suggestion column. */
export interface SafetyStockSuggestion {
  text: string;
  replenishment: Pick<
    Replenishment,
    'item' | 'type' | 'qty' | 'releaseDate' | 'dueDate' | 'late' | 'reasons'
  > | null;
}

interface ItemStock {
  code: string;
  name: string;
  uom: string;
  type: 'make' | 'buy' | 'phantom';
  safety_stock: string;
  precision: number;
  on_hand: string;
}

/**
 * Keeps safety-stock alerts in step with a posting, in its transaction. Org-wide on-hand (all
 * locations and lots) is compared with items.safety_stock for the touched items only: an item
 * that went down and is below opens (or refreshes) its alert; one that went up and is back at or
 * above resolves it. Items without a safety stock cost nothing beyond the one aggregate query.
 */
export async function syncSafetyStockAlerts(
  db: Db,
  orgId: string,
  changes: readonly BalanceChange[],
  at: Date,
  compiledBom: () => Promise<CompiledBom>,
): Promise<void> {
  const delta = new Map<string, number>();
  for (const c of changes) delta.set(c.item, (delta.get(c.item) ?? 0) + (c.after - c.before));
  if (delta.size === 0) return;
  const rows = await sql<ItemStock>`
    select i.code, i.name, i.uom, i.type, i.safety_stock, i.precision,
           coalesce((select sum(b.qty) from stock_balances b where b.org_id = i.org_id and b.item = i.code), 0) as on_hand
    from items i
    where i.org_id = ${orgId} and i.code = any(${[...delta.keys()]}::text[]) and i.safety_stock > 0`.execute(
    db,
  );
  // The warehouse an item went down in, when the posting touched one only: the rule's scope and approvers.
  let warehouseOf: Map<string, string> | undefined;
  const warehouseFor = async (item: string) => {
    const lowered = changes.filter((c) => c.item === item && c.after < c.before);
    if (lowered.length === 0) return null;
    if (!warehouseOf) {
      const places = await db
        .selectFrom('locations')
        .select(['code', 'warehouse'])
        .where('org_id', '=', orgId)
        .where('code', 'in', [...new Set(changes.map((c) => c.location))])
        .execute();
      warehouseOf = new Map(places.map((p) => [p.code, p.warehouse]));
    }
    const set = new Set(lowered.map((c) => warehouseOf!.get(c.location)));
    return set.size === 1 ? ([...set][0] ?? null) : null;
  };
  for (const row of rows.rows) {
    const onHand = qty(row.on_hand, row.precision);
    const safetyStock = qty(row.safety_stock, row.precision);
    const change = delta.get(row.code) ?? 0;
    if (onHand < safetyStock && change < 0) {
      await openAlert(db, {
        orgId,
        kind: 'safety-stock',
        severity: onHand === 0 ? 'critical' : 'warning',
        subject: row.code,
        message: `${row.name || row.code} 库存 ${onHand} 低于安全库存 ${safetyStock}`,
        params: { item: row.code, itemName: row.name || null, onHand, safetyStock, uom: row.uom },
        suggestion: await suggest(row, onHand, safetyStock, dateShanghai(at), compiledBom),
        at,
        warehouse: await warehouseFor(row.code),
      });
    } else if (onHand >= safetyStock && change > 0) {
      await resolveAlert(db, orgId, 'safety-stock', row.code, at);
    }
  }
}

async function suggest(
  item: ItemStock,
  onHand: number,
  safetyStock: number,
  today: string,
  compiledBom: () => Promise<CompiledBom>,
): Promise<SafetyStockSuggestion> {
  let order: Replenishment | null | undefined;
  try {
    order = suggestReplenishment(await compiledBom(), { item: item.code, onHand, safetyStock, today });
  } catch {
    // No BOM data for the org (or the item is not in it yet): fall back to topping up to safety stock.
    order = undefined;
  }
  if (order === undefined) {
    const shortfall = qty(safetyStock - onHand, item.precision);
    return {
      text: `建议补货 ${shortfall} ${item.uom}，补足至安全库存 ${safetyStock}`,
      replenishment: {
        item: item.code,
        type: item.type === 'make' ? 'make' : 'buy',
        qty: shortfall,
        releaseDate: today,
        dueDate: today,
        late: false,
        reasons: [`top up to safety stock ${safetyStock} (no BOM data for a netting)`],
      },
    };
  }
  if (order === null) return { text: '虚拟件不备库存，无需补货', replenishment: null };
  const verb = order.type === 'buy' ? '采购' : '生产';
  const when = order.late
    ? `应于 ${order.releaseDate} 下达（已延迟，请尽快下达）`
    : `请于 ${order.releaseDate} 前下达`;
  return {
    text: `建议${verb} ${order.qty} ${item.uom}，需求日期 ${order.dueDate}，${when}`,
    replenishment: {
      item: order.item,
      type: order.type,
      qty: order.qty,
      releaseDate: order.releaseDate,
      dueDate: order.dueDate,
      late: order.late,
      reasons: order.reasons,
    },
  };
}
