import { sql } from 'kysely';
import type { MovementKind, SourceType } from '../../db/schema.js';
import type { Db } from '../../http/route.js';
import { emitEvent } from '../../shared/events.js';
import { InsufficientStockError } from './errors.js';

export interface MovementInput {
  kind: MovementKind;
  item: string;
  location: string;
  lot?: string;
  /** Signed: positive into the balance, negative out of it. Never zero. */
  qty: number;
}

export interface PostingInput {
  orgId: string;
  actor: string;
  /** The approved document that causes the movements; there is no posting without one. */
  source: { type: SourceType; id: string };
  movements: MovementInput[];
  /** When the movements happened; the process clock when absent. The stock service passes the app clock. */
  at?: Date;
}

export interface BalanceChange {
  item: string;
  location: string;
  lot: string;
  before: number;
  after: number;
}

/**
 * The stock ledger: the only writer of stock_movements and stock_balances. Call it inside the
 * transaction of the document that causes the movements; a balance that would go below zero throws
 * InsufficientStockError (409) and the caller's transaction rolls back: nothing posted. Balances are updated in a fixed order (item,
 * location, lot) so concurrent postings lock rows in the same order and cannot deadlock.
 */
export async function postMovements(db: Db, posting: PostingInput): Promise<BalanceChange[]> {
  const merged = new Map<string, MovementInput & { lot: string }>();
  for (const m of posting.movements) {
    if (!(Number.isFinite(m.qty) && m.qty !== 0))
      throw new Error(`movement qty must be a non-zero number, got ${m.qty}`);
    const lot = m.lot ?? '';
    const key = `${m.item}\u0000${m.location}\u0000${lot}\u0000${m.kind}`;
    const prev = merged.get(key);
    // toPrecision(15) drops binary artifacts of the sum (0.1 + 0.2) before it reaches a numeric column.
    merged.set(key, { ...m, lot, qty: prev ? Number((prev.qty + m.qty).toPrecision(15)) : m.qty });
  }
  const lines = [...merged.values()]
    .filter((m) => m.qty !== 0)
    .sort(
      (a, b) => cmp(a.item, b.item) || cmp(a.location, b.location) || cmp(a.lot, b.lot) || b.qty - a.qty, // additions first
    );
  if (lines.length === 0) return [];
  const at = posting.at ?? new Date();

  await db
    .insertInto('stock_movements')
    .values(
      lines.map((m) => ({
        org_id: posting.orgId,
        at,
        kind: m.kind,
        item: m.item,
        location: m.location,
        lot: m.lot,
        qty: m.qty,
        source_type: posting.source.type,
        source_id: posting.source.id,
        actor: posting.actor,
      })),
    )
    .execute();

  const changes: BalanceChange[] = [];
  for (const m of lines) {
    const after =
      m.qty > 0
        ? await addToBalance(db, posting.orgId, m, at)
        : await takeFromBalance(db, posting.orgId, m, at);
    changes.push({
      item: m.item,
      location: m.location,
      lot: m.lot,
      before: Number((after - m.qty).toPrecision(15)),
      after,
    });
  }
  await emitEvent(db, {
    orgId: posting.orgId,
    topic: 'stock.moved',
    aggregateType: posting.source.type,
    aggregateId: posting.source.id,
    payload: { source: posting.source, movements: lines, by: posting.actor },
  });
  return changes;
}

type Line = MovementInput & { lot: string };

/** Insert-or-add in one statement. */
async function addToBalance(db: Db, orgId: string, m: Line, at: Date): Promise<number> {
  const row = await sql<{ qty: string }>`
    insert into stock_balances (org_id, item, location, lot, qty, updated_at)
    values (${orgId}, ${m.item}, ${m.location}, ${m.lot}, ${m.qty}, ${at})
    on conflict (org_id, item, location, lot)
    do update set qty = stock_balances.qty + excluded.qty, updated_at = excluded.updated_at
    returning qty`.execute(db);
  return Number(row.rows[0]!.qty);
}

/**
 * A guarded update: it takes the row lock, and on PostgreSQL re-checks the guard on the newest
 * version after a concurrent writer commits, so parallel postings never take the balance below
 * zero. When the guard refuses, the transaction is still usable, so the error can name the numbers;
 * the check constraint on stock_balances stays as the second wall.
 */
async function takeFromBalance(db: Db, orgId: string, m: Line, at: Date): Promise<number> {
  const row = await sql<{ qty: string }>`
    update stock_balances set qty = qty + ${m.qty}, updated_at = ${at}
    where org_id = ${orgId} and item = ${m.item} and location = ${m.location} and lot = ${m.lot}
      and qty + ${m.qty} >= 0
    returning qty`.execute(db);
  if (row.rows.length > 0) return Number(row.rows[0]!.qty);
  const current = await db
    .selectFrom('stock_balances')
    .select('qty')
    .where('org_id', '=', orgId)
    .where('item', '=', m.item)
    .where('location', '=', m.location)
    .where('lot', '=', m.lot)
    .executeTakeFirst();
  throw new InsufficientStockError(m.item, m.location, m.lot, Number(current?.qty ?? 0), -m.qty);
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Sums the ledger and compares it with the balances: the invariant "books = ledger". Empty when they agree. */
export async function ledgerDiscrepancies(db: Db, orgId: string) {
  const r = await sql<{ item: string; location: string; lot: string; ledger: string; balance: string }>`
    with l as (
      select item, location, lot, sum(qty) as ledger from stock_movements where org_id = ${orgId}
      group by item, location, lot
    ), b as (
      select item, location, lot, qty as balance from stock_balances where org_id = ${orgId}
    )
    select coalesce(l.item, b.item) as item, coalesce(l.location, b.location) as location,
           coalesce(l.lot, b.lot) as lot, coalesce(l.ledger, 0) as ledger, coalesce(b.balance, 0) as balance
    from l full join b on l.item = b.item and l.location = b.location and l.lot = b.lot
    where coalesce(l.ledger, 0) <> coalesce(b.balance, 0)`.execute(db);
  return r.rows;
}
