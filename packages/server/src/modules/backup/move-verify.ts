/**
 * The stock ledger against the balances, per org, item, location and lot: every balance must be the
 * sum of its movements. One row per key where they disagree, and the number of keys compared.
 */
export const LEDGER_CHECK_SQL = `
  with ledger as (
    select org_id, item, location, lot, sum(qty) as qty
    from stock_movements group by org_id, item, location, lot
  ), compared as (
    select coalesce(l.org_id, b.org_id) as org_id, coalesce(l.item, b.item) as item,
      coalesce(l.location, b.location) as location, coalesce(l.lot, b.lot) as lot,
      coalesce(l.qty, 0) as ledger, coalesce(b.qty, 0) as balance
    from ledger l
    full join stock_balances b using (org_id, item, location, lot)
  )
  select count(*)::text as keys,
    coalesce(json_agg(json_build_object('org', org_id, 'item', item, 'location', location, 'lot', lot,
      'ledger', ledger::text, 'balance', balance::text)) filter (where ledger <> balance), '[]')::text as off
  from compared`;

export interface LedgerCheck {
  /** Keys (org, item, location, lot) compared. */
  keys: number;
  /** Keys where the balance is not the sum of the movements. */
  disagreeing: Array<{
    org: string;
    item: string;
    location: string;
    lot: string;
    ledger: string;
    balance: string;
  }>;
}

export function readLedgerCheck(row: { keys: string; off: string } | undefined): LedgerCheck {
  return { keys: Number(row?.keys ?? 0), disagreeing: JSON.parse(row?.off ?? '[]') };
}

/** Row counts that differ between the source and the target, as `table: source → target`. */
export function countDifferences(
  source: ReadonlyMap<string, number>,
  target: ReadonlyMap<string, number>,
): string[] {
  return [...source]
    .filter(([table, rows]) => target.get(table) !== rows)
    .map(([table, rows]) => `${table}: ${rows} → ${target.get(table) ?? 'missing'}`);
}
