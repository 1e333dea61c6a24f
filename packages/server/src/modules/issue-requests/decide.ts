import { randomUUID } from 'node:crypto';
import { roundQty } from '@shopfloor/bom-engine';
import type { ApproveIssueRequestInput, FieldError, IssueRequest } from '@shopfloor/sdk';
import type { AppDeps } from '../../deps.js';
import { badRequest, conflict, forbidden, notFound } from '../../http/problem.js';
import type { Db } from '../../http/route.js';
import type { Principal } from '../../http/session.js';
import { audit } from '../../shared/audit.js';
import { emitEvent } from '../../shared/events.js';
import { fitsPrecision, precisionMessage } from '../../shared/numbers.js';
import type { MovementInput } from '../stock/ledger.js';
import { checkLots } from '../stock/lots.js';
import { canSee, keepsWarehouse, type RequestRow, requestViews } from './view.js';

interface Decision {
  db: Db;
  deps: AppDeps;
  user: Principal;
  id: string;
}

/**
 * 审批: approves every line as requested, or the quantities given (≤ requested; less on any line
 * makes it partially-approved), and posts the movements in the same transaction. Insufficient
 * stock is a 409 from the ledger: the transaction rolls back and the request stays pending.
 */
export async function approveRequest(
  { db, deps, user, id }: Decision,
  input: ApproveIssueRequestInput,
): Promise<IssueRequest> {
  const row = await lockForDecision(db, user, id, 'approve');
  if (row.emergency) return approveEmergency({ db, deps, user, id }, row, input);
  const lines = await db
    .selectFrom('issue_request_lines')
    .select(['line_no', 'item', 'qty', 'lot', 'location'])
    .where('org_id', '=', user.orgId)
    .where('request_id', '=', id)
    .orderBy('line_no')
    .execute();
  const items = await db
    .selectFrom('items')
    .select(['code', 'uom', 'precision'])
    .where('org_id', '=', user.orgId)
    .where(
      'code',
      'in',
      lines.map((l) => l.item),
    )
    .execute();
  const approved = approvedQuantities(lines, new Map(items.map((i) => [i.code, i])), input);
  if ([...approved.values()].every((q) => q === 0)) {
    throw badRequest(
      'nothing would be approved: reject the request instead',
      [{ path: 'lines', message: 'every approved quantity is 0' }],
      'nothing-approved',
    );
  }
  const partial = lines.some((l) => approved.get(l.line_no)! < Number(l.qty));
  const decision = partial ? 'partially-approved' : 'approved';
  const at = deps.clock.now();
  // One lot, one item: a return registers the lots it puts stock into; nothing moves on a mismatch.
  await checkLots(
    db,
    user.orgId,
    lines.flatMap((l, line) =>
      l.lot !== '' && approved.get(l.line_no)! > 0 ? [{ lot: l.lot, item: l.item, line }] : [],
    ),
    { register: row.kind === 'return', at },
  );

  const movements: MovementInput[] = lines.flatMap((l) => {
    const q = approved.get(l.line_no)!;
    if (q === 0) return [];
    const sign = row.kind === 'return' ? 1 : -1;
    return [{ kind: row.kind, item: l.item, location: l.location, lot: l.lot, qty: sign * q }];
  });
  await deps.services.stock.post(db, {
    orgId: user.orgId,
    actor: user.userId,
    source: { type: 'issue-request', id },
    at,
    movements,
  });
  for (const l of lines) {
    await db
      .updateTable('issue_request_lines')
      .set({ approved_qty: approved.get(l.line_no)! })
      .where('request_id', '=', id)
      .where('line_no', '=', l.line_no)
      .execute();
  }
  const approvalLines = lines.map((l) => ({ lineNo: l.line_no, approvedQty: approved.get(l.line_no)! }));
  return finish({ db, deps, user, id }, row, decision, at, input.comment, approvalLines);
}

/**
 * 紧急领料 moved its stock when it was made: the approval confirms it as posted, line for line
 * (what is left over goes back with a return request), and moves nothing.
 */
async function approveEmergency(
  decision: Decision,
  row: RequestRow,
  input: ApproveIssueRequestInput,
): Promise<IssueRequest> {
  const { db, user, id } = decision;
  const lines = await db
    .selectFrom('issue_request_lines')
    .select(['line_no', 'qty'])
    .where('org_id', '=', user.orgId)
    .where('request_id', '=', id)
    .orderBy('line_no')
    .execute();
  const errors: FieldError[] = [];
  (input.lines ?? []).forEach((a, n) => {
    const line = lines.find((l) => l.line_no === a.line);
    if (!line || a.qty !== Number(line.qty))
      errors.push({
        path: `lines.${n}.qty`,
        message: `an emergency issue was posted as made: approve line ${a.line} as ${line ? Number(line.qty) : 'posted'}, and return what is left with a return request`,
      });
  });
  if (errors.length > 0) throw badRequest(errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
  await db
    .updateTable('issue_request_lines')
    .set((eb) => ({ approved_qty: eb.ref('qty') }))
    .where('org_id', '=', user.orgId)
    .where('request_id', '=', id)
    .execute();
  const approvalLines = lines.map((l) => ({ lineNo: l.line_no, approvedQty: Number(l.qty) }));
  return finish(decision, row, 'approved', decision.deps.clock.now(), input.comment, approvalLines);
}

/**
 * Rejects a pending request; the requester is told why. Nothing moves: for an emergency issue the
 * stock it took stays taken (the material has left the shelf), and the rejection is on record.
 */
export async function rejectRequest(decisionCtx: Decision, comment: string): Promise<IssueRequest> {
  const row = await lockForDecision(decisionCtx.db, decisionCtx.user, decisionCtx.id, 'reject');
  return finish(decisionCtx, row, 'rejected', decisionCtx.deps.clock.now(), comment, []);
}

/** The requester withdraws a request that nobody decided yet. */
export async function cancelRequest({ db, deps, user, id }: Decision): Promise<IssueRequest> {
  const row = await lockRequest(db, user, id);
  if (row.requester !== user.userId)
    throw forbidden('only the requester can cancel a request', { verb: 'cancel' }, 'not-requester');
  if (row.emergency) {
    throw conflict(
      'emergency-posted',
      `emergency issue ${row.no} was posted when it was made: it cannot be withdrawn; return what is left with a return request`,
      { request: row.no },
    );
  }
  if (row.status !== 'pending' && row.status !== 'draft') {
    throw conflict(
      'request-not-pending',
      `request ${row.no} is ${row.status}; only pending requests can be cancelled`,
      { request: row.no, status: row.status },
    );
  }
  const at = deps.clock.now();
  const updated = await setStatus(db, row, 'cancelled', at);
  await emitEvent(db, {
    orgId: user.orgId,
    topic: 'issue-request.cancelled',
    aggregateType: 'issue-request',
    aggregateId: id,
    payload: { id, no: row.no, by: user.userId },
  });
  return (await requestViews(db, user.orgId, [updated]))[0]!;
}

/** The requester submits a draft for approval. */
export async function submitRequest({ db, user, id }: Decision): Promise<IssueRequest> {
  const row = await lockRequest(db, user, id);
  if (row.requester !== user.userId)
    throw forbidden('only the requester can submit a request', { verb: 'submit' }, 'not-requester');
  if (row.status !== 'draft') {
    throw conflict('request-not-draft', `request ${row.no} is ${row.status}; only drafts can be submitted`, {
      request: row.no,
      status: row.status,
    });
  }
  const updated = await db
    .updateTable('issue_requests')
    .set({ status: 'pending' })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await emitEvent(db, {
    orgId: user.orgId,
    topic: 'issue-request.submitted',
    aggregateType: 'issue-request',
    aggregateId: id,
    payload: { id, no: row.no, kind: row.kind, warehouse: row.warehouse, requester: row.requester },
  });
  return (await requestViews(db, user.orgId, [updated]))[0]!;
}

/** Row-locks the request, so two approvers deciding at once are serialized (the second hears 409). */
async function lockRequest(db: Db, user: Principal, id: string): Promise<RequestRow> {
  const row = await db
    .selectFrom('issue_requests')
    .selectAll()
    .where('org_id', '=', user.orgId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row || !canSee(user, row))
    throw notFound(`no issue request ${id}`, 'issue-request-not-found', { request: id });
  return row;
}

async function lockForDecision(db: Db, user: Principal, id: string, verb: 'approve' | 'reject') {
  const row = await lockRequest(db, user, id);
  if (row.requester === user.userId) {
    throw forbidden(`you cannot ${verb} your own request`, { verb }, 'own-request');
  }
  // Approvers and storekeepers decide for the warehouses they keep; an admin for all of them.
  if (!keepsWarehouse(user, row.warehouse)) {
    throw forbidden(
      `you do not approve for warehouse ${row.warehouse}`,
      { warehouse: row.warehouse },
      'warehouse-out-of-scope',
    );
  }
  if (row.status !== 'pending') {
    throw conflict(
      'request-not-pending',
      `request ${row.no} is ${row.status}; only pending requests can be ${verb === 'approve' ? 'approved' : 'rejected'}`,
      { request: row.no, status: row.status },
    );
  }
  return row;
}

/**
 * The quantity to approve per line: as requested, or as given, no more than requested and in the
 * item's precision (float noise aside; the rounded value is what moves and what is stored).
 */
function approvedQuantities(
  lines: readonly { line_no: number; item: string; qty: string }[],
  items: ReadonlyMap<string, { code: string; uom: string; precision: number }>,
  input: ApproveIssueRequestInput,
): Map<number, number> {
  const approved = new Map(lines.map((l) => [l.line_no, Number(l.qty)]));
  const errors: FieldError[] = [];
  const seen = new Set<number>();
  (input.lines ?? []).forEach((a, n) => {
    const line = lines.find((l) => l.line_no === a.line);
    if (!line) errors.push({ path: `lines.${n}.line`, message: `the request has no line ${a.line}` });
    else if (seen.has(a.line))
      errors.push({ path: `lines.${n}.line`, message: `line ${a.line} given twice` });
    else {
      const item = items.get(line.item) ?? { code: line.item, uom: '', precision: 6 };
      const qty = roundQty(a.qty, item.precision);
      if (!fitsPrecision(a.qty, item.precision))
        errors.push({ path: `lines.${n}.qty`, message: precisionMessage(item, a.qty) });
      else if (qty > Number(line.qty))
        errors.push({
          path: `lines.${n}.qty`,
          message: `line ${a.line} (${line.item}): approved ${qty} is more than the ${Number(line.qty)} requested`,
        });
      else approved.set(a.line, qty);
    }
    seen.add(a.line);
  });
  if (errors.length > 0) throw badRequest(errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
  return approved;
}

async function setStatus(db: Db, row: RequestRow, status: RequestRow['status'], at: Date) {
  return db
    .updateTable('issue_requests')
    .set({ status, decided_at: at })
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

async function finish(
  { db, user, id }: Decision,
  row: RequestRow,
  decision: 'approved' | 'partially-approved' | 'rejected',
  at: Date,
  comment: string | undefined,
  lines: { lineNo: number; approvedQty: number }[],
): Promise<IssueRequest> {
  const updated = await setStatus(db, row, decision, at);
  await db
    .insertInto('approvals')
    .values({
      id: randomUUID(),
      org_id: user.orgId,
      request_id: id,
      approver: user.userId,
      at,
      decision,
      comment: comment ?? null,
      lines: JSON.stringify(lines),
    })
    .execute();
  const topic = decision === 'rejected' ? 'issue-request.rejected' : 'issue-request.approved';
  await emitEvent(db, {
    orgId: user.orgId,
    topic,
    aggregateType: 'issue-request',
    aggregateId: id,
    payload: {
      id,
      no: row.no,
      kind: row.kind,
      decision,
      by: user.userId,
      requester: row.requester,
      comment,
      lines,
    },
  });
  await audit(db, {
    orgId: user.orgId,
    actor: user.userId,
    action: decision === 'rejected' ? 'issue-request.reject' : 'issue-request.approve',
    subjectType: 'issue-request',
    subjectId: id,
    before: { status: row.status },
    after: { status: decision, lines, comment },
  });
  return (await requestViews(db, user.orgId, [updated]))[0]!;
}
