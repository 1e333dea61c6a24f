import { randomUUID } from 'node:crypto';
import type { IssueRequest, IssueRequestInput } from '@shopfloor/sdk';
import { badRequest, conflict } from '../../http/problem.js';
import type { HandlerContext } from '../../http/route.js';
import { audit } from '../../shared/audit.js';
import { emitEvent } from '../../shared/events.js';
import { dateShanghai } from '../../shared/time.js';
import { checkDocumentLines, nextDocumentNo } from '../stock/document-lines.js';
import { checkLots } from '../stock/lots.js';
import { checkEmergencyRight } from './emergency.js';
import { checkAgainstBom, type LineRequirement } from './requirement.js';
import { requestViews } from './view.js';

/**
 * 领料/退料/报损申请: checked against the org's items, the warehouse's locations and, for an
 * issue to a work order, the work order's BOM requirement. Submitted (pending) unless
 * `submit: false` keeps it a draft. Nothing moves until an approver approves it, except for an
 * emergency issue (紧急领料), which is posted at once and approved afterwards.
 */
export async function createIssueRequest(
  ctx: HandlerContext<unknown, unknown, IssueRequestInput>,
): Promise<IssueRequest> {
  const { body, user, db, deps } = ctx;
  const kind = body.kind ?? 'issue';
  const emergency = body.emergency === true;
  const warehouse = await db
    .selectFrom('warehouses')
    .select('code')
    .where('org_id', '=', user.orgId)
    .where('code', '=', body.warehouse)
    .executeTakeFirst();
  if (!warehouse) {
    throw badRequest(
      `unknown warehouse ${body.warehouse}`,
      [{ path: 'warehouse', message: `unknown warehouse ${body.warehouse}` }],
      'unknown-warehouse',
      { warehouse: body.warehouse },
    );
  }
  if (emergency) await checkEmergencyRight(db, user, body);
  // The lines with their quantities as the items count them (float noise rounded away).
  const { lines } = await checkDocumentLines(db, user.orgId, body.lines, body.warehouse);
  const at = deps.clock.now();
  // A lot of another item is refused now rather than at approval (which checks again).
  await checkLots(
    db,
    user.orgId,
    lines.flatMap((l, line) => (l.lot === undefined ? [] : [{ lot: l.lot, item: l.item, line }])),
    { register: false, at },
  );

  let requirements: LineRequirement[] = [];
  if (body.workOrderNo !== undefined) {
    const wo = await db
      .selectFrom('work_orders')
      .select(['no', 'item', 'qty', 'status'])
      .where('org_id', '=', user.orgId)
      .where('no', '=', body.workOrderNo)
      .executeTakeFirst();
    if (!wo) {
      throw badRequest(
        `unknown work order ${body.workOrderNo}`,
        [{ path: 'workOrderNo', message: `unknown work order ${body.workOrderNo}` }],
        'work-order-not-found',
        { workOrderNo: body.workOrderNo },
      );
    }
    if (kind === 'issue' && (wo.status === 'draft' || wo.status === 'closed' || wo.status === 'cancelled')) {
      throw conflict(
        'work-order-not-open',
        `work order ${wo.no} is ${wo.status}: material is issued only to released work orders`,
        { workOrderNo: wo.no, status: wo.status },
      );
    }
    if (kind !== 'scrap') {
      const checked = await checkAgainstBom(
        db,
        deps.services.boms,
        user.orgId,
        { no: wo.no, item: wo.item, qty: Number(wo.qty) },
        dateShanghai(at),
        lines,
      );
      // Returns carry the numbers for the approver; only issues are bounded by the requirement.
      if (kind === 'issue' && checked.errors.length > 0) {
        throw badRequest(checked.errors.map((e) => `${e.path}: ${e.message}`).join('; '), checked.errors);
      }
      requirements = checked.perLine;
    }
  }

  const id = randomUUID();
  const no = await nextDocumentNo(db, 'IR', at);
  const status = body.submit === false ? 'draft' : 'pending';
  const row = await db
    .insertInto('issue_requests')
    .values({
      id,
      org_id: user.orgId,
      no,
      kind,
      work_order_no: body.workOrderNo ?? null,
      warehouse: body.warehouse,
      requester: user.userId,
      status,
      comment: body.comment ?? null,
      created_at: at,
      emergency,
      posted_at: emergency ? at : null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await db
    .insertInto('issue_request_lines')
    .values(
      lines.map((l, n) => ({
        org_id: user.orgId,
        request_id: id,
        line_no: n,
        item: l.item,
        qty: l.qty,
        lot: l.lot ?? '',
        location: l.location!,
        reason: l.reason ?? null,
        bom_requirement: requirements[n]?.bomRequirement ?? null,
        already_issued: requirements[n]?.alreadyIssued ?? null,
      })),
    )
    .execute();
  if (emergency) {
    // Posted now; a balance that would go below zero is a 409 and the request is not kept.
    await deps.services.stock.post(db, {
      orgId: user.orgId,
      actor: user.userId,
      source: { type: 'issue-request', id },
      at,
      movements: lines.map((l) => ({
        kind: 'issue',
        item: l.item,
        location: l.location!,
        lot: l.lot ?? '',
        qty: -l.qty,
      })),
    });
    await audit(db, {
      orgId: user.orgId,
      actor: user.userId,
      action: 'issue-request.emergency',
      subjectType: 'issue-request',
      subjectId: id,
      after: { no, warehouse: body.warehouse, workOrderNo: body.workOrderNo, lines },
    });
  }
  await emitEvent(db, {
    orgId: user.orgId,
    topic: emergency
      ? 'issue-request.emergency-posted'
      : status === 'draft'
        ? 'issue-request.drafted'
        : 'issue-request.submitted',
    aggregateType: 'issue-request',
    aggregateId: id,
    payload: {
      id,
      no,
      kind,
      warehouse: body.warehouse,
      workOrderNo: body.workOrderNo,
      requester: user.userId,
      lines,
    },
  });
  return (await requestViews(db, user.orgId, [row]))[0]!;
}
