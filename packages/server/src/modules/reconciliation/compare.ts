import { scaledText, toScaled } from './decimal.js';
import type { StockSnapshotRow, WorkOrderSnapshotRow } from './snapshot.js';
import type { RowStatus } from './tables.js';

/** Our side of a stock comparison: a balance with its item's precision. */
export interface OurStock {
  item: string;
  location: string;
  lot: string;
  qty: string;
  precision: number;
}

export interface OurWorkOrder {
  no: string;
  item: string;
  qty: string;
  status: string;
  precision: number;
}

/**
 * One compared key. Quantities are exact decimal text at the item's precision; `diff` is
 * ours − theirs. For work orders `item`/`location`/`lot` stay null and `no` is the key.
 */
export interface ComparedRow {
  status: RowStatus;
  item: string | null;
  location: string | null;
  lot: string | null;
  no: string | null;
  ourItem: string | null;
  theirItem: string | null;
  ourQty: string | null;
  theirQty: string | null;
  ourStatus: string | null;
  theirStatus: string | null;
  diff: string | null;
  /** Fields that differ (differing rows only): qty, item, status. */
  fields: string[];
}

export interface Totals {
  theirs: number;
  ours: number;
  matched: number;
  missingHere: number;
  missingThere: number;
  differing: number;
}

export interface Comparison {
  /** Differing, missing here, missing there (each by key), then matched in the snapshot's order. */
  rows: ComparedRow[];
  totals: Totals;
}

const DEFAULT_PRECISION = 6;
const SEP = '\u0001';

function finish(
  matched: ComparedRow[],
  others: ComparedRow[],
  keyOf: (r: ComparedRow) => string,
): Comparison {
  const order: Record<RowStatus, number> = { differing: 0, missingHere: 1, missingThere: 2, matched: 3 };
  const keyed = others.map((row) => ({ row, key: keyOf(row) }));
  keyed.sort(
    (a, b) => order[a.row.status] - order[b.row.status] || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
  const rows = keyed.map((k) => k.row);
  const totals = {
    theirs: 0,
    ours: 0,
    matched: matched.length,
    missingHere: 0,
    missingThere: 0,
    differing: 0,
  };
  for (const row of rows) totals[row.status]++;
  totals.theirs = totals.matched + totals.differing + totals.missingHere;
  totals.ours = totals.matched + totals.differing + totals.missingThere;
  for (const row of matched) rows.push(row);
  return { rows, totals };
}

/**
 * Stock: keyed by (item, location, lot) — a hash join of their snapshot with our balances. Their
 * rows with the same key are added up. A key only they list with 0 matches our nothing; one only
 * we hold counts as missing there when its balance is not 0. Quantities compare at the item's
 * precision (half-up), so 10.0000001 of an item kept to 6 places is 10.
 */
export function compareStock(theirs: readonly StockSnapshotRow[], ours: readonly OurStock[]): Comparison {
  const precisionOf = new Map<string, number>();
  const our = new Map<string, OurStock>();
  for (const row of ours) {
    our.set(row.item + SEP + row.location + SEP + row.lot, row);
    precisionOf.set(row.item, row.precision);
  }
  const their = new Map<string, TheirStock>();
  for (const row of theirs) {
    const key = row.item + SEP + row.location + SEP + row.lot;
    const places = precisionOf.get(row.item) ?? DEFAULT_PRECISION;
    const scaled = toScaled(row.qty, places);
    const seen = their.get(key);
    if (seen) {
      seen.scaled += scaled;
      seen.summed = true;
    } else their.set(key, { row, scaled, places, summed: false });
  }
  const matched: ComparedRow[] = [];
  const others: ComparedRow[] = [];
  for (const [key, t] of their) {
    const mine = our.get(key);
    if (mine) our.delete(key);
    const ourScaled = mine ? toScaled(mine.qty, t.places) : 0n;
    const { row, scaled, places } = t;
    if (!mine && scaled !== 0n) {
      others.push(stockRow('missingHere', row, null, scaledText(scaled, places), null));
    } else if (ourScaled === scaled) {
      // Stored as they wrote it when it is one row of theirs: no decimal text is rebuilt for the bulk.
      const text = t.summed || typeof row.qty !== 'string' ? scaledText(scaled, places) : row.qty;
      matched.push(stockRow('matched', row, mine ? mine.qty : '0', text, null));
    } else {
      others.push(
        stockRow(
          'differing',
          row,
          scaledText(ourScaled, places),
          scaledText(scaled, places),
          scaledText(ourScaled - scaled, places),
        ),
      );
    }
  }
  for (const mine of our.values()) {
    const scaled = toScaled(mine.qty, mine.precision);
    if (scaled === 0n) continue;
    others.push(stockRow('missingThere', mine, scaledText(scaled, mine.precision), null, null));
  }
  return finish(matched, others, (r) => r.item! + SEP + r.location! + SEP + r.lot!);
}

interface TheirStock {
  row: StockSnapshotRow;
  scaled: bigint;
  places: number;
  summed: boolean;
}

const QTY_ONLY: string[] = ['qty'];
const NONE: string[] = [];

function stockRow(
  status: RowStatus,
  key: { item: string; location: string; lot: string },
  ourQty: string | null,
  theirQty: string | null,
  diff: string | null,
): ComparedRow {
  return {
    status,
    item: key.item,
    location: key.location,
    lot: key.lot,
    no: null,
    ourItem: null,
    theirItem: null,
    ourQty,
    theirQty,
    ourStatus: null,
    theirStatus: null,
    diff,
    fields: status === 'differing' ? QTY_ONLY : NONE,
  };
}

/**
 * Work orders: keyed by number. A work order differs when its item, its quantity (at the item's
 * precision) or its status differs; their status is compared only when the snapshot gives one,
 * after the mapping's value map (or the Chinese status words) turned it into ours.
 */
export function compareWorkOrders(
  theirs: readonly WorkOrderSnapshotRow[],
  ours: readonly OurWorkOrder[],
): Comparison {
  const our = new Map<string, OurWorkOrder>();
  for (const row of ours) our.set(row.no, row);
  const matched: ComparedRow[] = [];
  const others: ComparedRow[] = [];
  const base = { item: null, location: null, lot: null };
  for (const row of theirs) {
    const mine = our.get(row.no);
    if (!mine) {
      const theirQty = scaledText(toScaled(row.qty, DEFAULT_PRECISION), DEFAULT_PRECISION);
      others.push({
        ...base,
        no: row.no,
        status: 'missingHere',
        ourItem: null,
        theirItem: row.item,
        ourQty: null,
        theirQty,
        ourStatus: null,
        theirStatus: row.status,
        diff: null,
        fields: [],
      });
      continue;
    }
    our.delete(row.no);
    const places = mine.precision;
    const theirScaled = toScaled(row.qty, places);
    const ourScaled = toScaled(mine.qty, places);
    const fields: string[] = [];
    if (mine.item !== row.item) fields.push('item');
    if (ourScaled !== theirScaled) fields.push('qty');
    if (row.status !== null && row.status !== mine.status) fields.push('status');
    const compared: ComparedRow = {
      ...base,
      no: row.no,
      status: fields.length > 0 ? 'differing' : 'matched',
      ourItem: mine.item,
      theirItem: row.item,
      ourQty: scaledText(ourScaled, places),
      theirQty: scaledText(theirScaled, places),
      ourStatus: mine.status,
      theirStatus: row.status,
      diff: fields.length > 0 ? scaledText(ourScaled - theirScaled, places) : null,
      fields,
    };
    (fields.length > 0 ? others : matched).push(compared);
  }
  for (const mine of our.values()) {
    others.push({
      ...base,
      no: mine.no,
      status: 'missingThere',
      ourItem: mine.item,
      theirItem: null,
      ourQty: scaledText(toScaled(mine.qty, mine.precision), mine.precision),
      theirQty: null,
      ourStatus: mine.status,
      theirStatus: null,
      diff: null,
      fields: [],
    });
  }
  return finish(matched, others, (r) => r.no!);
}
