import { type MaterialRequirement, WorkOrderMaterials, WorkOrderNo } from '@shopfloor/sdk';
import { sql } from 'kysely';
import { z } from 'zod';
import { defineRoute } from '../../http/route.js';
import { qty } from '../../shared/numbers.js';
import { dateShanghai } from '../../shared/time.js';
import { visibleWorkOrder } from '../production/work-order-routes.js';
import { issuedToWorkOrder, workOrderRequirements } from './requirement.js';

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
    const { wo } = await visibleWorkOrder(db, user, params.no);
    const date = dateShanghai(deps.clock.now());
    const requirements = await workOrderRequirements(
      db,
      deps.services.boms,
      user.orgId,
      { item: wo.item, qty: Number(wo.qty) },
      date,
    );
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
    // Phantoms pass through an explosion and are never listed; the filter only tells the type so.
    const stocked = requirements.filter(
      (r): r is typeof r & { type: 'make' | 'buy' } => r.type !== 'phantom',
    );
    const lines: MaterialRequirement[] = stocked.map((r) => {
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
