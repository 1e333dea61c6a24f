import type { CountDecisionInput, CycleCount } from '@shopfloor/sdk';
import type { AppDeps } from '../../deps.js';
import { conflict } from '../../http/problem.js';
import type { Principal } from '../../http/session.js';
import { audit } from '../../shared/audit.js';
import { emitEvent } from '../../shared/events.js';
import { lockCount, postAdjustment } from './count.js';
import { countNotPending, warehouseOutOfScope } from './errors.js';
import { appDb, type CountDb, type CountRow } from './tables.js';
import { countViews, decidesFor } from './view.js';

export type CountVerb = 'approve' | 'reject' | 'recount';

/**
 * A variance beyond tolerance is decided by an approver or storekeeper of the warehouse who did not
 * count it (双人复核): approve posts the variance as an adjustment, reject closes the count without
 * posting, recount reopens it for a fresh count (the numbers of this one stay in the audit log).
 */
export async function decideCount(
  db: CountDb,
  deps: AppDeps,
  user: Principal,
  id: string,
  verb: CountVerb,
  input: CountDecisionInput,
): Promise<CycleCount> {
  const row = await lockCount(db, user, id);
  if (!decidesFor(user, row.warehouse)) throw warehouseOutOfScope(row.warehouse);
  if (row.status !== 'pending-approval') throw countNotPending(row, PAST[verb]);
  if (row.counted_by === user.userId) {
    throw conflict('own-count', `you counted this yourself: another person must ${verb} it`, { verb });
  }
  const at = deps.clock.now();
  const variance = Number(row.counted_qty) - Number(row.book_qty);
  // The variance of the count, not "set to counted": movements since the count are real and stay.
  if (verb === 'approve' && variance !== 0)
    await postAdjustment(db, deps, user, row, Number(variance.toPrecision(15)), at);
  const decided = { decided_by: user.userId, decided_at: at, comment: input.comment ?? null };
  const updated = await db
    .updateTable('cycle_counts')
    .set(
      verb === 'recount'
        ? {
            ...decided,
            status: 'open',
            counted_qty: null,
            book_qty: null,
            counted_by: null,
            counted_at: null,
          }
        : { ...decided, status: verb === 'approve' ? 'done' : 'rejected' },
    )
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await record(db, user, row, updated, verb, input.comment);
  return (await countViews(db, user, [updated]))[0]!;
}

const PAST: Record<CountVerb, string> = { approve: 'approved', reject: 'rejected', recount: 'recounted' };

async function record(
  db: CountDb,
  user: Principal,
  before: CountRow,
  after: CountRow,
  verb: CountVerb,
  comment: string | undefined,
) {
  const numbers = {
    item: before.item,
    location: before.location,
    lot: before.lot,
    counted: Number(before.counted_qty),
    book: Number(before.book_qty),
    countedBy: before.counted_by,
  };
  await emitEvent(appDb(db), {
    orgId: user.orgId,
    topic: `cycle-count.${PAST[verb]}`,
    aggregateType: 'cycle-count',
    aggregateId: before.id,
    payload: { id: before.id, warehouse: before.warehouse, by: user.userId, comment, ...numbers },
  });
  await audit(appDb(db), {
    orgId: user.orgId,
    actor: user.userId,
    action: `cycle-count.${verb}`,
    subjectType: 'cycle-count',
    subjectId: before.id,
    before: { status: before.status, ...numbers },
    after: { status: after.status, comment },
  });
}
