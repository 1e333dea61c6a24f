import { type CompiledBom, roundQty } from '@shopfloor/bom-engine';
import { CompiledQuery } from 'kysely';
import type { Db } from '../../http/route.js';
import { backflushNeeds } from './backflush.js';
import type { OperationRow, WorkOrderRow } from './work-order-view.js';

/**
 * 齐套 (ready to start): whether the components of a work order are at hand for its consuming
 * operation. BOM lines name no operation, so the first operation consumes every component.
 * A component is covered when its net issue to the work order (approved and emergency issues minus
 * returns) reaches the need of the whole quantity, or — with backflush — when the issue
 * (line-side) location holds the need of the quantity the last operation has still to report.
 * docs/work-orders.md "Ready to start (齐套)" explains the choices.
 */

/** Work orders whose first operation carries a material state: on the floor or about to be. */
const ON_THE_FLOOR = new Set(['released', 'in-progress', 'on-hold']);

/** At most this many missing components are named (the app shows the first, the board two). */
export const MISSING_SHOWN = 3;

export interface MissingMaterial {
  item: string;
  name?: string;
  short: number;
  uom?: string;
}

export interface Readiness {
  /** The consuming operation's seq (the first operation). */
  seq: number;
  material: 'ready' | 'waiting';
  missing: MissingMaterial[];
}

export interface ComponentNeed {
  item: string;
  /** Need of the whole work-order quantity (one BOM level, phantoms passed through, scrap included). */
  full: number;
  /** Need of what the last operation has still to report (what a backflush will still take). */
  remaining: number;
}

/** Needs kept per BOM build (a build is immutable): a home asks the same orders' needs on each request. */
const needsKept = new WeakMap<CompiledBom, Map<string, readonly ComponentNeed[]>>();
/** Entries kept per build before they are all dropped (a few hundred kB at most). */
const NEEDS_KEPT = 4096;

/** The needs of one work order from the compiled BOM; none for an item without a BOM. Frozen: shared. */
export function componentNeeds(
  bom: CompiledBom,
  wo: { item: string; qty: number; reported: number },
  date: string,
): readonly ComponentNeed[] {
  let kept = needsKept.get(bom);
  if (!kept) {
    kept = new Map();
    needsKept.set(bom, kept);
  }
  const key = `${wo.item}\u0000${wo.qty}\u0000${wo.reported}\u0000${date}`;
  const known = kept.get(key);
  if (known) return known;
  const full = backflushNeeds(bom, wo.item, { before: 0, after: wo.qty }, date);
  const left = new Map(
    backflushNeeds(bom, wo.item, { before: Math.min(wo.reported, wo.qty), after: wo.qty }, date).map((n) => [
      n.item,
      n.qty,
    ]),
  );
  const needs = Object.freeze(
    full.map((n) => Object.freeze({ item: n.item, full: n.qty, remaining: left.get(n.item) ?? 0 })),
  );
  if (kept.size >= NEEDS_KEPT) kept.clear();
  kept.set(key, needs);
  return needs;
}

/**
 * The verdict for one work order from its needs, what was issued to it and, with backflush, what
 * its line-side location holds; the shortest cover decides the short quantity named. `enough`: stop
 * after naming that many missing (the verdict is 'waiting' from the first; a home names 3 of ~50).
 */
export function judge(
  needs: readonly ComponentNeed[],
  issued: ReadonlyMap<string, number>,
  lineSide: ReadonlyMap<string, number> | null,
  places: (item: string) => number,
  enough = Number.POSITIVE_INFINITY,
): { material: 'ready' | 'waiting'; missing: { item: string; short: number }[] } {
  const missing: { item: string; short: number }[] = [];
  for (const need of needs) {
    if (missing.length >= enough) break;
    const given = issued.get(need.item) ?? 0;
    const byIssue = need.full - given;
    const byLine = lineSide ? need.remaining - (lineSide.get(need.item) ?? 0) : Number.POSITIVE_INFINITY;
    const short = roundQty(Math.min(byIssue, byLine), places(need.item));
    if (short > 0) missing.push({ item: need.item, short });
  }
  return { material: missing.length === 0 ? 'ready' : 'waiting', missing };
}

interface StockRow {
  kind: 'issued' | 'line-side';
  key: string;
  item: string;
  qty: string;
}

/** What 齐套 reads of a work order. */
export type ReadinessOrder = Pick<
  WorkOrderRow,
  'no' | 'item' | 'qty' | 'status' | 'backflush' | 'issue_location'
>;

/**
 * The material state of each listed work order's first operation, keyed by work-order number.
 * One SQL query for all of them (issues by work order and item, line-side balances by location and
 * item); the needs come from the compiled BOM the caller holds.
 */
export async function materialReadiness(
  db: Db,
  bom: CompiledBom,
  orgId: string,
  orders: readonly {
    wo: ReadinessOrder;
    ops: readonly Pick<OperationRow, 'seq' | 'status' | 'good_qty'>[];
  }[],
  date: string,
): Promise<Map<string, Readiness>> {
  const judged: { wo: ReadinessOrder; first: Pick<OperationRow, 'seq' | 'status'>; reported: string }[] = [];
  for (const { wo, ops } of orders) {
    const first = ops[0];
    if (first) judged.push({ wo, first, reported: ops.at(-1)!.good_qty });
  }
  return readinessOf(db, bom, orgId, judged, date);
}

/** Net issue to each work order by item, as 齐套 counts it (issuedSql). */
export type IssuedTo = ReadonlyMap<string, ReadonlyMap<string, number>>;

/**
 * What was issued to the work orders `orders` names (a condition on r.work_order_no), by order and
 * item, as 齐套 counts it: approved and emergency issues minus returns; $1 is the org. Rows of
 * (key: the order, item, qty). The home view reads it with its listing.
 */
export function issuedSql(orders: string): string {
  return `
    select r.work_order_no as key, l.item,
           sum(case when r.kind = 'issue' then coalesce(l.approved_qty, l.qty) else -l.approved_qty end)::text as qty
    from issue_requests r
    join issue_request_lines l on l.org_id = r.org_id and l.request_id = r.id
    where r.org_id = $1 and r.work_order_no ${orders}
      and r.kind in ('issue', 'return')
      and (r.status in ('approved', 'partially-approved') and l.approved_qty is not null
           or r.posted_at is not null) -- an emergency issue moved its stock when it was made
    group by r.work_order_no, l.item`;
}

/** Line-side balances of items at locations: $1 org, $2 locations, $3 items. */
const LINE_SIDE = `
    select 'line-side' as kind, b.location as key, b.item, sum(b.qty)::text as qty
    from stock_balances b
    where b.org_id = $1 and b.location = any($2::text[]) and b.item = any($3::text[]) and b.qty > 0
    group by b.location, b.item`;

/** Issues to orders and line-side balances in one statement: $1 org, $2 orders, $3 locations, $4 items. */
const ISSUED_AND_LINE_SIDE = `
    select 'issued' as kind, s.key, s.item, s.qty
    from (${issuedSql('= any($2::text[])')}) s
    union all
    select 'line-side' as kind, b.location as key, b.item, sum(b.qty)::text as qty
    from stock_balances b
    where b.org_id = $1 and b.location = any($3::text[]) and b.item = any($4::text[]) and b.qty > 0
    group by b.location, b.item`;

/**
 * materialReadiness from each order's first operation and the good quantity its last one has
 * reported, without the others (the home view reads no more of them). `issued`: what was issued
 * to each of the orders, when the caller read it (no read here then, unless a line side is needed).
 */
export async function readinessOf(
  db: Db,
  bom: CompiledBom,
  orgId: string,
  orders: readonly { wo: ReadinessOrder; first: Pick<OperationRow, 'seq' | 'status'>; reported: string }[],
  date: string,
  issuedKnown?: IssuedTo,
): Promise<Map<string, Readiness>> {
  const out = new Map<string, Readiness>();
  const judged: { wo: ReadinessOrder; seq: number; needs: readonly ComponentNeed[] }[] = [];
  for (const { wo, first, reported } of orders) {
    if (first.status === 'done' || !ON_THE_FLOOR.has(wo.status)) continue;
    const needs = componentNeeds(
      bom,
      { item: wo.item, qty: Number(wo.qty), reported: Number(reported) },
      date,
    );
    if (needs.length === 0) out.set(wo.no, { seq: first.seq, material: 'ready', missing: [] });
    else judged.push({ wo, seq: first.seq, needs });
  }
  if (judged.length === 0) return out;
  const nos = judged.map((j) => j.wo.no);
  // Issues are read for every item (judge looks up only the needs); the line side, which may hold
  // thousands of items, only for the needs of orders that backflush from it.
  const backflushed = judged.filter((j) => j.wo.backflush && j.wo.issue_location);
  const items = [...new Set(backflushed.flatMap((j) => j.needs.map((n) => n.item)))];
  const locations = [...new Set(backflushed.map((j) => j.wo.issue_location!))];
  const issued = new Map<string, Map<string, number>>();
  const lineSide = new Map<string, Map<string, number>>();
  const read =
    issuedKnown === undefined
      ? CompiledQuery.raw(ISSUED_AND_LINE_SIDE, [orgId, nos, locations, items])
      : locations.length > 0
        ? CompiledQuery.raw(LINE_SIDE, [orgId, locations, items])
        : undefined;
  for (const row of read ? (await db.executeQuery<StockRow>(read)).rows : []) {
    const into = row.kind === 'issued' ? issued : lineSide;
    const byItem = into.get(row.key) ?? new Map<string, number>();
    byItem.set(row.item, Number(row.qty));
    into.set(row.key, byItem);
  }
  const issuedTo = (no: string) => issuedKnown?.get(no) ?? issued.get(no) ?? new Map<string, number>();
  const places = (item: string) => (bom.hasItem(item) ? bom.itemInfo(item).precision : 6);
  for (const { wo, seq, needs } of judged) {
    const line = wo.backflush && wo.issue_location ? (lineSide.get(wo.issue_location) ?? new Map()) : null;
    const verdict = judge(needs, issuedTo(wo.no), line, places, MISSING_SHOWN);
    out.set(wo.no, {
      seq,
      material: verdict.material,
      missing: verdict.missing.map(({ item, short }) => {
        const info = bom.hasItem(item) ? bom.itemInfo(item) : undefined;
        return {
          item,
          ...(info?.name ? { name: info.name } : {}),
          short,
          ...(info ? { uom: info.uom } : {}),
        };
      }),
    });
  }
  return out;
}
