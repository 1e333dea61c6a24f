import type { Transfer } from '@shopfloor/sdk';
import type { AppDeps } from '../../deps.js';
import { conflict, forbidden, notFound } from '../../http/problem.js';
import type { Db } from '../../http/route.js';
import type { Principal } from '../../http/session.js';
import { audit } from '../../shared/audit.js';
import { emitEvent } from '../../shared/events.js';
import { postTransfer } from './post.js';
import { canSeeTransfer, receivesFor, type TransferRow, transferViews } from './view.js';

interface Decision {
  db: Db;
  deps: AppDeps;
  user: Principal;
  id: string;
  comment?: string;
}

/** A storekeeper of the receiving warehouse, not the requester, posts a pending transfer. */
export async function approveTransfer(decision: Decision): Promise<Transfer> {
  const { db, deps, user, id } = decision;
  const row = await lockForDecision(decision, 'approve');
  const lines = await db
    .selectFrom('transfer_lines')
    .select(['item', 'qty', 'lot', 'from_location', 'to_location'])
    .where('transfer_id', '=', id)
    .orderBy('line_no')
    .execute();
  const at = deps.clock.now();
  await postTransfer(db, deps, {
    orgId: user.orgId,
    actor: user.userId,
    id,
    at,
    lines: lines.map((l) => ({
      item: l.item,
      qty: Number(l.qty),
      from: l.from_location,
      to: l.to_location,
      lot: l.lot,
    })),
  });
  return finish(decision, row, 'posted', at);
}

/** Rejects a pending transfer; nothing moves. */
export async function rejectTransfer(decision: Decision): Promise<Transfer> {
  const row = await lockForDecision(decision, 'reject');
  return finish(decision, row, 'rejected', decision.deps.clock.now());
}

/** Row-locks the transfer so two storekeepers deciding at once are serialized (the second hears 409). */
async function lockForDecision({ db, user, id }: Decision, verb: 'approve' | 'reject'): Promise<TransferRow> {
  const row = await db
    .selectFrom('transfers')
    .selectAll()
    .where('org_id', '=', user.orgId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row || !canSeeTransfer(user, row))
    throw notFound(`no transfer ${id}`, 'transfer-not-found', { transfer: id });
  if (row.requester === user.userId)
    throw forbidden(`you cannot ${verb} your own transfer`, { verb }, 'own-request');
  if (!receivesFor(user, row.to_warehouse)) {
    throw forbidden(
      `only a storekeeper of the receiving warehouse ${row.to_warehouse} decides this transfer`,
      { warehouse: row.to_warehouse },
      'warehouse-out-of-scope',
    );
  }
  if (row.status !== 'pending') {
    throw conflict(
      'transfer-not-pending',
      `transfer ${row.no} is ${row.status}; only pending transfers are decided`,
      {
        transfer: row.no,
        status: row.status,
      },
    );
  }
  return row;
}

async function finish(
  { db, user, id, comment }: Decision,
  row: TransferRow,
  status: 'posted' | 'rejected',
  at: Date,
): Promise<Transfer> {
  const updated = await db
    .updateTable('transfers')
    .set({ status, decided_by: user.userId, decided_at: at, decision_comment: comment ?? null })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await emitEvent(db, {
    orgId: user.orgId,
    topic: status === 'posted' ? 'transfer.posted' : 'transfer.rejected',
    aggregateType: 'transfer',
    aggregateId: id,
    payload: { id, no: row.no, by: user.userId, requester: row.requester, comment },
  });
  await audit(db, {
    orgId: user.orgId,
    actor: user.userId,
    action: status === 'posted' ? 'transfer.approve' : 'transfer.reject',
    subjectType: 'transfer',
    subjectId: id,
    before: { status: row.status },
    after: { status, comment },
  });
  return (await transferViews(db, user.orgId, [updated]))[0]!;
}
