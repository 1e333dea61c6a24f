import { BomError } from '@shopfloor/bom-engine';
import { type MaterialRequirement, WorkOrderMaterials, WorkOrderNo } from '@shopfloor/sdk';
import { sql } from 'kysely';
import { z } from 'zod';
import { forbidden, notFound } from '../../http/problem.js';
import { defineRoute } from '../../http/route.js';
import { qty } from '../../shared/numbers.js';
import { dateShanghai } from '../../shared/time.js';
import { workshopScope } from '../production/scope.js';
import { findWorkOrder } from '../production/work-order-store.js';
import { issuedToWorkOrder } from './requirement.js';

/**
 * `GET /work-orders/{no}/materials`: the lines an issue request (领料) for the work order starts
 * from — the BOM requirement of its quantity, what was issued already and the stock per warehouse.
 */
export const materialsRoute = defineRoute({
  method: 'get',
  path: '/work-orders/{no}/materials',
  summary: 'Material requirement of a work order: required, issued so far, remaining, on hand',
  description:
    'The summarized explosion of the work order quantity at today’s date (phantoms pass through), the ' +
    'net quantity issued to the work order (approved issues minus returns) and the stock of each ' +
    'component per warehouse. Operators see the work orders of their workshops only.',
  tags: ['issue-requests'],
  auth: 'any',
  params: z.object({ no: WorkOrderNo }),
  response: WorkOrderMaterials,
  errors: [403, 404],
  async handler({ db, deps, user, params }) {
    const found = await findWorkOrder(db, user.orgId, params.no);
    if (!found) throw notFound(`work order ${params.no} does not exist`);
    const scope = workshopScope(user);
    if (scope && !found.ops.some((op) => scope.includes(op.workshop))) {
      throw forbidden(`work order ${params.no} has no operation in your workshops`);
    }
    const { wo } = found;
    const date = dateShanghai(deps.clock.now());
    const bom = await deps.services.boms.compiled(db, user.orgId);
    let requirements: { item: string; qty: number; uom: string; type: 'make' | 'buy' }[] = [];
    try {
      requirements = bom.explode({ item: wo.item, qty: Number(wo.qty), date })
        .requirements as typeof requirements;
    } catch (err) {
      // An item without a BOM needs no material.
      if (!(err instanceof BomError && err.code === 'UNKNOWN_ITEM')) throw err;
    }
    const codes = requirements.map((r) => r.item);
    const issued = await issuedToWorkOrder(db, user.orgId, wo.no, codes);
    const names = new Map<string, string>();
    const onHand = new Map<string, { warehouse: string; qty: number }[]>();
    if (codes.length > 0) {
      const items = await db
        .selectFrom('items')
        .select(['code', 'name'])
        .where('org_id', '=', user.orgId)
        .where('code', 'in', codes)
        .execute();
      for (const item of items) names.set(item.code, item.name || item.code);
      const stock = await sql<{ item: string; warehouse: string; qty: string }>`
        select b.item, l.warehouse, sum(b.qty) as qty
        from stock_balances b
        join locations l on l.org_id = b.org_id and l.code = b.location
        where b.org_id = ${user.orgId} and b.item = any(${codes}::text[]) and b.qty > 0
        group by b.item, l.warehouse
        order by b.item, l.warehouse`.execute(db);
      for (const row of stock.rows) {
        const list = onHand.get(row.item) ?? [];
        list.push({ warehouse: row.warehouse, qty: qty(row.qty) });
        onHand.set(row.item, list);
      }
    }
    const lines: MaterialRequirement[] = requirements.map((r) => {
      const given = qty(issued.get(r.item) ?? 0);
      return {
        item: r.item,
        name: names.get(r.item) ?? r.item,
        uom: r.uom,
        type: r.type,
        required: r.qty,
        issued: given,
        remaining: Math.max(0, qty(r.qty - given)),
        onHand: onHand.get(r.item) ?? [],
      };
    });
    return { workOrderNo: wo.no, item: wo.item, qty: qty(wo.qty), date, lines };
  },
});
