import type { BomDocument } from '@shopfloor/bom-engine';
import { roundQty } from '@shopfloor/bom-engine';
import { sql } from 'kysely';
import { fitsPrecision } from '../../shared/numbers.js';
import { nextDocumentNo } from '../stock/document-lines.js';
import type { MovementInput } from '../stock/ledger.js';
import { checkLots } from '../stock/lots.js';
import { chunks, counts, firstByKey, type ImportContext, type SheetPlan } from './context.js';
import type { StoredPlant } from './plant.js';

const keyOf = (item: string, location: string, lot: string) => `${item}\u0000${location}\u0000${lot}`;

/**
 * 期初库存: what is on hand when the plant goes live, per item, location and lot. The opening of a
 * key is the sum of its `opening` movements; the import posts the difference to the sheet as ONE
 * opening-balance document through the stock ledger, so a second import of the same quantities
 * posts nothing. Once a location has any other movement its openings are history: a changed one is
 * refused, pointing at counts and adjustments.
 */
export async function planOpening(
  ctx: ImportContext,
  plant: StoredPlant,
  bom: BomDocument,
): Promise<SheetPlan> {
  const c = counts('openingStock');
  const rows = firstByKey(
    ctx,
    'openingStock',
    ctx.records.openingStock,
    (r) => keyOf(r.value.item, r.value.location, r.value.lot ?? ''),
    'item',
    (r) => `${r.value.item} @ ${r.value.location}${r.value.lot ? ` / ${r.value.lot}` : ''}`,
  );
  const nothing: SheetPlan = { counts: c, apply: async () => undefined };
  if (rows.length === 0) return nothing;

  // The file's item rows win over the stored ones: they are what the items will be.
  const items = new Map<string, { type: string; precision: number; uom: string }>();
  for (const item of bom.items)
    items.set(item.code, { type: item.type, precision: item.precision ?? 6, uom: item.uom });
  for (const { value } of ctx.records.items) {
    const before = items.get(value.code);
    items.set(value.code, {
      type: value.type,
      precision: value.precision ?? before?.precision ?? 6,
      uom: value.uom,
    });
  }

  const locations = [...new Set(rows.map((r) => r.value.location))];
  const lots = [...new Set(rows.flatMap((r) => (r.value.lot ? [r.value.lot] : [])))];
  const [openings, busy, knownLots] = await Promise.all([
    sql<{ item: string; location: string; lot: string; qty: string }>`
      select item, location, lot, sum(qty) as qty from stock_movements
      where org_id = ${ctx.orgId} and kind = 'opening'
      group by item, location, lot`.execute(ctx.db),
    busyLocations(ctx, locations),
    lotItems(ctx, lots),
  ]);
  const opened = new Map(openings.rows.map((r) => [keyOf(r.item, r.location, r.lot), Number(r.qty)]));

  const movements: MovementInput[] = [];
  const lotOwner = new Map<string, { item: string; row: number }>();
  for (const { row, value } of rows) {
    const item = items.get(value.item);
    if (!item && !ctx.records.declared.items.has(value.item)) {
      ctx.problems.add(
        'openingStock',
        row,
        'item',
        `物料 ${value.item} 不存在：请在 物料(items) 表中添加`,
        `no item ${value.item}: add it to the items sheet`,
      );
      continue;
    }
    if (item?.type === 'phantom') {
      ctx.problems.add(
        'openingStock',
        row,
        'item',
        `${value.item} 是虚拟件，不入库`,
        `${value.item} is a phantom: it is never stocked`,
      );
      continue;
    }
    const location = plant.locations.get(value.location);
    if (location ? !location.active : !ctx.records.declared.locations.has(value.location)) {
      ctx.problems.add(
        'openingStock',
        row,
        'location',
        location
          ? `库位 ${value.location} 已停用`
          : `库位 ${value.location} 不存在：请在 库位(locations) 表中添加`,
        location
          ? `location ${value.location} is deactivated`
          : `no location ${value.location}: add it to the locations sheet`,
      );
      continue;
    }
    const precision = item?.precision ?? 6;
    if (!fitsPrecision(value.qty, precision)) {
      ctx.problems.add(
        'openingStock',
        row,
        'qty',
        `${value.item} 的数量最多 ${precision} 位小数，填的是 ${value.qty}`,
        `${value.item} is counted with at most ${precision} decimal places, got ${value.qty}`,
      );
      continue;
    }
    if (value.lot) {
      const holder = knownLots.get(value.lot);
      const inFile = lotOwner.get(value.lot);
      if ((holder && holder !== value.item) || (inFile && inFile.item !== value.item)) {
        const other = holder && holder !== value.item ? holder : inFile!.item;
        ctx.problems.add(
          'openingStock',
          row,
          'lot',
          `批次 ${value.lot} 已是物料 ${other} 的批次：一个批次只能是一种物料`,
          `lot ${value.lot} holds item ${other}: one lot, one item`,
        );
        continue;
      }
      lotOwner.set(value.lot, { item: value.item, row });
    }
    const before = opened.get(keyOf(value.item, value.location, value.lot ?? '')) ?? 0;
    const delta = roundQty(value.qty - before, precision);
    if (delta === 0) {
      c.unchanged++;
      continue;
    }
    if (busy.has(value.location)) {
      ctx.problems.add(
        'openingStock',
        row,
        'qty',
        `库位 ${value.location} 已有其他出入库记录，期初数量不能再改（现为 ${before}）：请用盘点或库存调整`,
        `location ${value.location} already has other stock movements: its opening (${before}) can no longer change; use a cycle count or an adjustment`,
      );
      continue;
    }
    if (opened.has(keyOf(value.item, value.location, value.lot ?? ''))) c.updated++;
    else c.created++;
    movements.push({
      kind: 'opening',
      item: value.item,
      location: value.location,
      ...(value.lot ? { lot: value.lot } : {}),
      qty: delta,
    });
  }
  if (movements.length === 0) return nothing;

  return {
    counts: c,
    async apply({ db, deps, user, orgId, at, audits }) {
      // Opened lots become known to genealogy as material lots of their item.
      await checkLots(
        db,
        orgId,
        movements.flatMap((m, line) => (m.lot && m.qty > 0 ? [{ lot: m.lot, item: m.item, line }] : [])),
        { register: true, at },
      );
      const no = await nextDocumentNo(db, 'OB', at);
      await deps.services.stock.post(db, {
        orgId,
        actor: user.userId,
        source: { type: 'opening-balance', id: no },
        at,
        movements,
      });
      audits.push({
        action: 'opening-balance.posted',
        subjectType: 'opening-balance',
        subjectId: no,
        after: { lines: movements.length, movements },
      });
    },
  };
}

/** Locations among these with a movement other than an opening: their openings are closed. */
async function busyLocations(ctx: ImportContext, locations: string[]): Promise<Set<string>> {
  const busy = new Set<string>();
  for (const part of chunks(locations)) {
    const rows = await ctx.db
      .selectFrom('stock_movements')
      .select('location')
      .distinct()
      .where('org_id', '=', ctx.orgId)
      .where('location', 'in', part)
      .where('kind', '<>', 'opening')
      .execute();
    for (const row of rows) busy.add(row.location);
  }
  return busy;
}

async function lotItems(ctx: ImportContext, lots: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const part of chunks(lots)) {
    const rows = await ctx.db
      .selectFrom('lots')
      .select(['code', 'item'])
      .where('org_id', '=', ctx.orgId)
      .where('code', 'in', part)
      .execute();
    for (const row of rows) out.set(row.code, row.item);
  }
  return out;
}
