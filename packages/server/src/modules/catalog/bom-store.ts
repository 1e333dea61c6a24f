import type { BomDocument, BomItemInput, BomLineInput, UomConversionInput } from '@shopfloor/bom-engine';
import { sql } from 'kysely';
import type { Db } from '../../http/route.js';

interface LineRow {
  parent: string;
  child: string;
  qty: string;
  uom: string | null;
  scrap_rate: string;
  setup_qty: string;
  rounding_multiple: string | null;
  effective_from: string | null;
  effective_to: string | null;
}

const LINE_COLUMNS = [
  'parent',
  'child',
  'qty',
  'uom',
  'scrap_rate',
  'setup_qty',
  'rounding_multiple',
  'effective_from',
  'effective_to',
] as const;

/** A stored line in the BOM file format; defaults (no scrap, open dates) are left out as the file would. */
export function lineFromRow(row: LineRow): BomLineInput {
  const line: BomLineInput = { parent: row.parent, child: row.child, qty: Number(row.qty) };
  if (row.uom !== null) line.uom = row.uom;
  if (Number(row.scrap_rate) !== 0) line.scrapRate = Number(row.scrap_rate);
  if (Number(row.setup_qty) !== 0) line.setupQty = Number(row.setup_qty);
  if (row.rounding_multiple !== null) line.roundingMultiple = Number(row.rounding_multiple);
  if (row.effective_from !== null) line.effectiveFrom = row.effective_from;
  if (row.effective_to !== null) line.effectiveTo = row.effective_to;
  return line;
}

/** The org's whole BOM as the engine compiles it: items, conversions, lines by parent and position. */
export async function loadBomDocument(db: Db, orgId: string): Promise<BomDocument> {
  const [items, conversions, lines] = await Promise.all([
    db
      .selectFrom('items')
      .select(['code', 'name', 'uom', 'type', 'lead_time', 'cost', 'precision'])
      .where('org_id', '=', orgId)
      .orderBy('code')
      .execute(),
    db
      .selectFrom('uom_conversions')
      .select(['from_uom', 'to_uom', 'factor', 'item'])
      .where('org_id', '=', orgId)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('bom_lines')
      .select(LINE_COLUMNS)
      .where('org_id', '=', orgId)
      .orderBy('parent')
      .orderBy('seq')
      .orderBy('id')
      .execute(),
  ]);
  return {
    items: items.map((row): BomItemInput => {
      const item: BomItemInput = { code: row.code, name: row.name, uom: row.uom, type: row.type };
      if (Number(row.lead_time) !== 0) item.leadTime = Number(row.lead_time);
      if (row.cost !== null) item.cost = Number(row.cost);
      if (row.precision !== 6) item.precision = row.precision;
      return item;
    }),
    uomConversions: conversions.map((row): UomConversionInput => {
      const conversion: UomConversionInput = {
        from: row.from_uom,
        to: row.to_uom,
        factor: Number(row.factor),
      };
      if (row.item !== null) conversion.item = row.item;
      return conversion;
    }),
    bomLines: lines.map(lineFromRow),
  };
}

/** The direct lines of one parent, in their stored order. */
export async function linesOf(db: Db, orgId: string, parent: string): Promise<BomLineInput[]> {
  const rows = await db
    .selectFrom('bom_lines')
    .select(LINE_COLUMNS)
    .where('org_id', '=', orgId)
    .where('parent', '=', parent)
    .orderBy('seq')
    .orderBy('id')
    .execute();
  return rows.map(lineFromRow);
}

// PostgreSQL takes at most 65,535 parameters per statement: 11 per line leaves room for 5,000.
const INSERT_CHUNK = 2_000;

/** Replaces every line of the given parents with `lines` (numbered in the order given, per parent). */
export async function replaceLines(
  db: Db,
  orgId: string,
  parents: readonly string[],
  lines: readonly BomLineInput[],
): Promise<void> {
  for (let i = 0; i < parents.length; i += INSERT_CHUNK) {
    await db
      .deleteFrom('bom_lines')
      .where('org_id', '=', orgId)
      .where('parent', 'in', parents.slice(i, i + INSERT_CHUNK))
      .execute();
  }
  const nextSeq = new Map<string, number>();
  const rows = lines.map((line) => {
    const seq = (nextSeq.get(line.parent) ?? 0) + 1;
    nextSeq.set(line.parent, seq);
    return {
      org_id: orgId,
      parent: line.parent,
      child: line.child,
      seq,
      qty: line.qty,
      uom: line.uom ?? null,
      scrap_rate: line.scrapRate ?? 0,
      setup_qty: line.setupQty ?? 0,
      rounding_multiple: line.roundingMultiple ?? null,
      effective_from: line.effectiveFrom ?? null,
      effective_to: line.effectiveTo ?? null,
    };
  });
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    await db
      .insertInto('bom_lines')
      .values(rows.slice(i, i + INSERT_CHUNK))
      .execute();
  }
}

/** The org's BOM revision, and whether the calling transaction is the one that moved it (uncommitted). */
export async function readRevision(db: Db, orgId: string): Promise<{ revision: number; ownChange: boolean }> {
  // xmin names the transaction that wrote the row version we see: ours only if we bumped it.
  const { rows } = await sql<{ revision: number | string; own_change: boolean }>`
    select revision, coalesce(xmin = pg_current_xact_id_if_assigned()::xid, false) as own_change
    from bom_revisions where org_id = ${orgId}`.execute(db);
  return { revision: Number(rows[0]?.revision ?? 0), ownChange: rows[0]?.own_change === true };
}

/** Moves the org's BOM revision on; the row lock also serializes concurrent BOM changes of the org. */
export async function bumpRevision(db: Db, orgId: string, at: Date): Promise<number> {
  const row = await db
    .insertInto('bom_revisions')
    .values({ org_id: orgId, revision: 1, changed_at: at })
    .onConflict((oc) =>
      oc.column('org_id').doUpdateSet((eb) => ({
        revision: eb('bom_revisions.revision', '+', 1),
        changed_at: at,
      })),
    )
    .returning('revision')
    .executeTakeFirstOrThrow();
  return Number(row.revision);
}
