import { roundQty } from '@shopfloor/bom-engine';
import {
  formatOperationQr,
  WorkOrder,
  WorkOrderInput,
  WorkOrderNo,
  WorkOrderPage,
  WorkOrderQuery,
} from '@shopfloor/sdk';
import { sql } from 'kysely';
import { z } from 'zod';
import { badRequest, conflict, forbidden, notFound } from '../../http/problem.js';
import { type Db, defineRoute } from '../../http/route.js';
import type { Principal } from '../../http/session.js';
import { emitEvent } from '../../shared/events.js';
import { fitsPrecision, precisionMessage, qty } from '../../shared/numbers.js';
import { dateShanghai } from '../../shared/time.js';
import { planWorkOrder } from '../planning/planner.js';
import { defaultLocation } from './default-locations.js';
import { type OperationLabel, renderLabelSheetHtml, renderLabelSheetSvg } from './labels.js';
import { materialReadiness } from './readiness.js';
import { workshopNames, workshopScope } from './scope.js';
import { sharedBoardAnswer } from './work-order-board-cache.js';
import { homeWorkOrders } from './work-order-home.js';
import { findWorkOrder, insertWorkOrder, listWorkOrders, nextWorkOrderNo } from './work-order-store.js';
import { toWorkOrder } from './work-order-view.js';

const NoParams = z.object({ no: WorkOrderNo });
const LabelQuery = z.object({ format: z.enum(['svg', 'html']).optional() });

/** The work order as the caller may see it: 404 when absent, 403 outside an operator's workshops. */
export async function visibleWorkOrder(db: Db, user: Principal, no: string) {
  const found = await findWorkOrder(db, user.orgId, no);
  if (!found) throw notFound(`work order ${no} does not exist`, 'work-order-not-found', { workOrderNo: no });
  const scope = workshopScope(user);
  if (scope && !found.ops.some((op) => scope.includes(op.workshop))) {
    const nameOf = await workshopNames(db, user.orgId, scope);
    const yours = scope.map(nameOf).join('、');
    throw forbidden(
      `work order ${no} has no operation in your workshops (${yours || 'none'})`,
      { workOrderNo: no, yourWorkshops: yours },
      'work-order-out-of-scope',
    );
  }
  return found;
}

export const workOrderRoutes = [
  defineRoute({
    method: 'get',
    path: '/work-orders',
    summary: 'List work orders (工单), by due date',
    description:
      'Operators see the work orders that have an operation in one of their workshops. The first operation of a released, in-progress or held order carries `material` (齐套: ready or waiting) and the `missing` components. `view=board` keeps what the board (看板) shows — in-progress and held orders, released ones due within 7 days or late — and adds `total` and `counts` of that selection. A board answer is shared for 5 s by callers asking the same in the same scope, and carries an ETag: `If-None-Match` gets 304. `view=home` is what the home page of the app (今日工序) lists: of one page of each of in-progress, released and on-hold orders (or of `status`), the first 30 operations it shows, in its order — not done, in the workshops of the caller, planned within 7 days or unplanned — each order with only those; no cursor. A home answer is shared by callers asking the same while the database holds the same data (a snapshot compared on each request: any write reads again), with an ETag: `If-None-Match` gets 304.',
    tags: ['work-orders'],
    auth: 'any',
    query: WorkOrderQuery,
    response: WorkOrderPage,
    async handler({ query, user, db, deps, c }) {
      const today = dateShanghai(deps.clock.now());
      const scope = workshopScope(user);
      const read = async () => {
        const { rows, nextCursor, ops, ...held } = await listWorkOrders(db, user.orgId, query, scope, today);
        const orders = rows.map((wo) => ({ wo, ops: ops.get(wo.no) ?? [] }));
        const bom = await deps.services.boms.compiled(db, user.orgId);
        const ready = await materialReadiness(db, bom, user.orgId, orders, today);
        return {
          items: orders.map(({ wo, ops }) => toWorkOrder(wo, ops, ready.get(wo.no))),
          nextCursor,
          ...held,
        };
      };
      if (query.view === 'home') return homeWorkOrders(c, db, deps, user, query, scope, today);
      if (query.view !== 'board') return read();
      // Wall boards ask the same thing every 30 s: one read shared for a few seconds (ETag, 304).
      return sharedBoardAnswer(c, deps, { orgId: user.orgId, today, scope, query }, read);
    },
  }),

  defineRoute({
    method: 'post',
    path: '/work-orders',
    summary: 'Create a work order from item + qty + due; operations copied from the routing',
    description:
      'The number is assigned when absent (WO-<yyyymmdd>-<nnnn>, by Shanghai day). The receipt location defaults to the first finished-goods location; with backflush the issue location defaults to the first raw-material location. Starts as draft.',
    tags: ['work-orders'],
    auth: ['planner'],
    body: WorkOrderInput,
    response: WorkOrder,
    errors: [409],
    async handler({ body, user, db, deps }) {
      const now = deps.clock.now();
      const item = await db
        .selectFrom('items')
        .select(['precision', 'uom'])
        .where('org_id', '=', user.orgId)
        .where('code', '=', body.item)
        .executeTakeFirst();
      if (item && !fitsPrecision(body.qty, item.precision)) {
        const message = precisionMessage({ code: body.item, ...item }, body.qty);
        throw badRequest(`qty: ${message}`, [{ path: 'qty', message }]);
      }
      // Stored as the item counts it: float noise (0.1 + 0.2) never reaches the column.
      const orderQty = roundQty(body.qty, item?.precision ?? 6);
      const location = body.location ?? (await defaultLocation(db, user.orgId, 'finished')) ?? undefined;
      const issueLocation =
        body.issueLocation ??
        (body.backflush ? ((await defaultLocation(db, user.orgId, 'material')) ?? undefined) : undefined);
      if (body.backflush && !issueLocation) {
        throw badRequest('backflush needs an issueLocation and the org has no raw-material location', [
          { path: 'issueLocation', message: 'required with backflush' },
        ]);
      }
      const draft = { ...body, qty: orderQty, location, issueLocation, createdAt: now };
      let no = body.no;
      if (no !== undefined) {
        if (!(await insertWorkOrder(db, user.orgId, { ...draft, no }))) {
          throw conflict('duplicate', `work order ${no} already exists`);
        }
      } else {
        // A hand-given number may already hold the next generated one: move on until one is free.
        do no = await nextWorkOrderNo(db, user.orgId, dateShanghai(now));
        while (!(await insertWorkOrder(db, user.orgId, { ...draft, no })));
      }
      // Planned from now to the due date (docs/planning.md); planned again at release.
      await planWorkOrder(db, deps, user.orgId, no, now);
      await emitEvent(db, {
        orgId: user.orgId,
        topic: 'work-order.created',
        aggregateType: 'work-order',
        aggregateId: no,
        payload: { no, item: body.item, qty: orderQty, due: body.due, by: user.userId },
      });
      const created = await findWorkOrder(db, user.orgId, no);
      return toWorkOrder(created!.wo, created!.ops);
    },
  }),

  defineRoute({
    method: 'get',
    path: '/work-orders/{no}',
    summary: 'A work order with its operations, progress and the QR payload of each operation',
    tags: ['work-orders'],
    auth: 'any',
    params: NoParams,
    response: WorkOrder,
    async handler({ params, user, db, deps }) {
      const { wo, ops } = await visibleWorkOrder(db, user, params.no);
      const bom = await deps.services.boms.compiled(db, user.orgId);
      const ready = await materialReadiness(
        db,
        bom,
        user.orgId,
        [{ wo, ops }],
        dateShanghai(deps.clock.now()),
      );
      return toWorkOrder(wo, ops, ready.get(wo.no));
    },
  }),

  defineRoute({
    method: 'post',
    path: '/work-orders/{no}/release',
    summary: 'Release a draft work order: its operations become reportable',
    tags: ['work-orders'],
    auth: ['planner'],
    params: NoParams,
    response: WorkOrder,
    status: 200,
    errors: [404, 409],
    async handler({ params, user, db, deps }) {
      const now = deps.clock.now();
      const released = await db
        .updateTable('work_orders')
        .set({ status: 'released', released_at: now })
        .where('org_id', '=', user.orgId)
        .where('no', '=', params.no)
        .where('status', '=', 'draft')
        .returning('no')
        .executeTakeFirst();
      if (!released) {
        const found = await findWorkOrder(db, user.orgId, params.no);
        if (!found)
          throw notFound(`work order ${params.no} does not exist`, 'work-order-not-found', {
            workOrderNo: params.no,
          });
        throw conflict(
          'work-order-not-draft',
          `work order ${params.no} is ${found.wo.status}: only a draft can be released`,
        );
      }
      await planWorkOrder(db, deps, user.orgId, params.no, now);
      await emitEvent(db, {
        orgId: user.orgId,
        topic: 'work-order.released',
        aggregateType: 'work-order',
        aggregateId: params.no,
        payload: { no: params.no, by: user.userId, at: now.toISOString() },
      });
      const found = await findWorkOrder(db, user.orgId, params.no);
      return toWorkOrder(found!.wo, found!.ops);
    },
  }),

  defineRoute({
    method: 'get',
    path: '/work-orders/{no}/labels',
    summary: 'Printable QR labels, one per operation: A4 SVG, or ?format=html for a print page',
    description:
      'Each label: work order, item code and name, operation seq and name, workshop, and the QR code SF1:OP:<no>:<seq> (also printed as text). Two columns of four labels per A4 page; the SVG stacks the pages.',
    tags: ['work-orders'],
    auth: 'any',
    params: NoParams,
    query: LabelQuery,
    response: null,
    errors: [404, 409],
    async handler({ params, query, user, db, c }) {
      const { wo, ops } = await visibleWorkOrder(db, user, params.no);
      if (wo.status === 'draft') {
        throw conflict(
          'work-order-not-released',
          `work order ${wo.no} is a draft: release it before printing`,
        );
      }
      const names = await sql<{ item_name: string; workshops: { code: string; name: string }[] }>`
        select (select name from items where org_id = ${user.orgId} and code = ${wo.item}) as item_name,
               coalesce((select json_agg(json_build_object('code', code, 'name', name)) from workshops
                         where org_id = ${user.orgId}), '[]'::json) as workshops`.execute(db);
      const { item_name, workshops } = names.rows[0]!;
      const labels: OperationLabel[] = ops.map((op) => ({
        workOrderNo: wo.no,
        itemCode: wo.item,
        itemName: item_name ?? '',
        qty: `${qty(wo.qty, wo.precision ?? 6)}${wo.uom ? ` ${wo.uom}` : ''}`,
        due: wo.due,
        seq: op.seq,
        operationName: op.name,
        workshop: workshops.find((w) => w.code === op.workshop)?.name ?? op.workshop,
        qr: formatOperationQr({ workOrderNo: wo.no, seq: op.seq }),
      }));
      const title = `工单 ${wo.no} 工序标签`;
      if (query.format === 'html') {
        return c.body(renderLabelSheetHtml(labels, title), 200, {
          'Content-Type': 'text/html; charset=utf-8',
        });
      }
      return c.body(renderLabelSheetSvg(labels, title), 200, {
        'Content-Type': 'image/svg+xml; charset=utf-8',
        'Content-Disposition': `inline; filename="${wo.no}-labels.svg"`,
      });
    },
  }),
];
