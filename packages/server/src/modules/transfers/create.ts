import { randomUUID } from 'node:crypto';
import type { FieldError, Transfer, TransferInput } from '@shopfloor/sdk';
import { badRequest, forbidden } from '../../http/problem.js';
import type { HandlerContext } from '../../http/route.js';
import { audit } from '../../shared/audit.js';
import { emitEvent } from '../../shared/events.js';
import { checkDocumentLines, nextDocumentNo } from '../stock/document-lines.js';
import { checkLots } from '../stock/lots.js';
import { postTransfer } from './post.js';
import { receivesFor, transferViews } from './view.js';

/**
 * 调拨: the `from` locations must lie in one warehouse and the `to` locations in one. Inside one
 * warehouse its own storekeeper posts at once; otherwise (or for anyone else) it waits for a
 * storekeeper of the receiving warehouse. Stock is checked when it posts.
 */
export async function createTransfer(
  ctx: HandlerContext<unknown, unknown, TransferInput>,
): Promise<Transfer> {
  const { body, user, db, deps } = ctx;
  const orgId = user.orgId;
  const at = deps.clock.now();
  const { fromWarehouse, toWarehouse } = await checkEnds(ctx);
  // Items, precision and rounding as every stock document checks them (locations are known by now).
  const checked = await checkDocumentLines(
    db,
    orgId,
    body.lines.map((l) => ({ ...l, location: l.from })),
  );
  const lines = checked.lines.map(({ location: _from, ...line }) => line);
  await checkLots(
    db,
    orgId,
    lines.flatMap((l, line) => (l.lot === undefined ? [] : [{ lot: l.lot, item: l.item, line }])),
    { register: false, at },
  );
  // A storekeeper asks for or sends stock of a warehouse they keep; planners and admins for any.
  const planner = user.roles.includes('admin') || user.roles.includes('planner');
  if (!planner && !receivesFor(user, fromWarehouse) && !receivesFor(user, toWarehouse)) {
    throw forbidden(
      `you keep neither warehouse ${fromWarehouse} nor ${toWarehouse}`,
      { warehouse: toWarehouse },
      'warehouse-out-of-scope',
    );
  }

  const id = randomUUID();
  const no = await nextDocumentNo(db, 'TR', at);
  const immediate = fromWarehouse === toWarehouse && receivesFor(user, toWarehouse);
  const row = await db
    .insertInto('transfers')
    .values({
      id,
      org_id: orgId,
      no,
      from_warehouse: fromWarehouse,
      to_warehouse: toWarehouse,
      requester: user.userId,
      status: immediate ? 'posted' : 'pending',
      comment: body.comment ?? null,
      created_at: at,
      decided_by: immediate ? user.userId : null,
      decided_at: immediate ? at : null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await db
    .insertInto('transfer_lines')
    .values(
      lines.map((l, n) => ({
        org_id: orgId,
        transfer_id: id,
        line_no: n,
        item: l.item,
        qty: l.qty,
        lot: l.lot ?? '',
        from_location: l.from,
        to_location: l.to,
      })),
    )
    .execute();
  if (immediate) await postTransfer(db, deps, { orgId, actor: user.userId, id, at, lines });
  await emitEvent(db, {
    orgId,
    topic: immediate ? 'transfer.posted' : 'transfer.requested',
    aggregateType: 'transfer',
    aggregateId: id,
    payload: { id, no, fromWarehouse, toWarehouse, requester: user.userId, lines },
  });
  await audit(db, {
    orgId,
    actor: user.userId,
    action: 'transfer.create',
    subjectType: 'transfer',
    subjectId: id,
    after: { no, status: row.status, fromWarehouse, toWarehouse, lines },
  });
  return (await transferViews(db, orgId, [row]))[0]!;
}

/** Every location known, `from` ≠ `to`, and each end in one warehouse: 400 naming `lines.N.from|to`. */
async function checkEnds({ body, user, db }: HandlerContext<unknown, unknown, TransferInput>) {
  const codes = [...new Set(body.lines.flatMap((l) => [l.from, l.to]))];
  const rows = await db
    .selectFrom('locations')
    .select(['code', 'warehouse'])
    .where('org_id', '=', user.orgId)
    .where('code', 'in', codes)
    .execute();
  const warehouseOf = new Map(rows.map((r) => [r.code, r.warehouse]));
  const errors: FieldError[] = [];
  let fromWarehouse: string | undefined;
  let toWarehouse: string | undefined;
  body.lines.forEach((l, n) => {
    for (const end of ['from', 'to'] as const) {
      const wh = warehouseOf.get(l[end]);
      if (wh === undefined) {
        errors.push({ path: `lines.${n}.${end}`, message: `unknown location ${l[end]}` });
        continue;
      }
      if (end === 'from') fromWarehouse ??= wh;
      else toWarehouse ??= wh;
      const first = end === 'from' ? fromWarehouse : toWarehouse;
      if (wh !== first)
        errors.push({
          path: `lines.${n}.${end}`,
          message: `location ${l[end]} is in warehouse ${wh}; every '${end}' of a transfer must be in ${first}`,
        });
    }
    if (l.from === l.to)
      errors.push({ path: `lines.${n}.to`, message: `'to' is the same location as 'from' (${l.from})` });
  });
  if (errors.length > 0 || !fromWarehouse || !toWarehouse)
    throw badRequest(errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
  return { fromWarehouse, toWarehouse };
}
