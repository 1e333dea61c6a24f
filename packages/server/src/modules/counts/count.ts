import { roundQty } from '@shopfloor/bom-engine';
import type { CountInput, CycleCount } from '@shopfloor/sdk';
import type { AppDeps } from '../../deps.js';
import { badRequest, conflict } from '../../http/problem.js';
import type { Principal } from '../../http/session.js';
import { audit } from '../../shared/audit.js';
import { emitEvent } from '../../shared/events.js';
import { fitsPrecision, precisionMessage } from '../../shared/numbers.js';
import { countNotFound, countNotOpen, warehouseOutOfScope } from './errors.js';
import { withinTolerance } from './policy.js';
import { appDb, type CountDb, type CountRow } from './tables.js';
import { countViews, decidesFor, seesWarehouse } from './view.js';

/** Row-locks a task the caller may see, so a count and a decision on it are serialized. */
export async function lockCount(db: CountDb, user: Principal, id: string): Promise<CountRow> {
  const row = await db
    .selectFrom('cycle_counts')
    .selectAll()
    .where('org_id', '=', user.orgId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row || !seesWarehouse(user, row.warehouse)) throw countNotFound(id);
  return row;
}

/**
 * 盘点录入: takes the book quantity with the balance row locked, in the count's transaction, so a
 * count during work compares with the book at that instant. Within tolerance the variance is posted
 * at once as an `adjustment` naming the count; beyond it the count waits for an approver.
 */
export async function recordCount(
  db: CountDb,
  deps: AppDeps,
  user: Principal,
  id: string,
  input: CountInput,
): Promise<CycleCount> {
  const row = await lockCount(db, user, id);
  if (!decidesFor(user, row.warehouse)) throw warehouseOutOfScope(row.warehouse);
  if (row.status !== 'open') throw countNotOpen(row);
  if (input.lot !== undefined && input.lot !== row.lot) {
    throw conflict('count-lot-mismatch', `this count is of lot ${row.lot || '(none)'}, not ${input.lot}`, {
      lot: input.lot,
      expected: row.lot,
    });
  }
  const item = await db
    .selectFrom('items')
    .select(['code', 'uom', 'precision'])
    .where('org_id', '=', user.orgId)
    .where('code', '=', row.item)
    .executeTakeFirstOrThrow();
  if (!fitsPrecision(input.qty, item.precision)) {
    throw badRequest(
      precisionMessage(item, input.qty),
      [{ path: 'qty', message: precisionMessage(item, input.qty) }],
      'quantity-precision',
      { field: 'qty', item: item.code, uom: item.uom, precision: item.precision, got: input.qty },
    );
  }
  const counted = roundQty(input.qty, item.precision);
  const balance = await db
    .selectFrom('stock_balances')
    .select('qty')
    .where('org_id', '=', user.orgId)
    .where('item', '=', row.item)
    .where('location', '=', row.location)
    .where('lot', '=', row.lot)
    .forUpdate()
    .executeTakeFirst();
  const book = Number(balance?.qty ?? 0);
  const variance = roundQty(counted - book, item.precision);
  const within = withinTolerance(book, variance, Number(row.tolerance_pct));
  const at = deps.clock.now();
  if (within && variance !== 0) await postAdjustment(db, deps, user, row, variance, at);
  const updated = await db
    .updateTable('cycle_counts')
    .set({
      status: within ? 'done' : 'pending-approval',
      counted_qty: counted,
      book_qty: book,
      counted_by: user.userId,
      counted_at: at,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const facts = { item: row.item, location: row.location, lot: row.lot, counted, book, variance, within };
  await emitEvent(appDb(db), {
    orgId: user.orgId,
    topic: 'cycle-count.counted',
    aggregateType: 'cycle-count',
    aggregateId: id,
    payload: { id, warehouse: row.warehouse, by: user.userId, status: updated.status, ...facts },
  });
  await audit(appDb(db), {
    orgId: user.orgId,
    actor: user.userId,
    action: 'cycle-count.count',
    subjectType: 'cycle-count',
    subjectId: id,
    before: { status: row.status },
    after: { status: updated.status, ...facts },
  });
  return (await countViews(db, user, [updated]))[0]!;
}

/** The one way a count changes stock: an `adjustment` through the ledger, its source the count. */
export async function postAdjustment(
  db: CountDb,
  deps: AppDeps,
  user: Principal,
  row: CountRow,
  variance: number,
  at: Date,
): Promise<void> {
  await deps.services.stock.post(appDb(db), {
    orgId: user.orgId,
    actor: user.userId,
    source: { type: 'cycle-count', id: row.id },
    at,
    movements: [{ kind: 'adjustment', item: row.item, location: row.location, lot: row.lot, qty: variance }],
  });
}
