import { Operation, Routing } from '@shopfloor/sdk';
import { z } from 'zod';
import { badRequest, notFound } from '../../http/problem.js';
import { type AnyRoute, defineRoute } from '../../http/route.js';
import { audit } from '../../shared/audit.js';
import { emitEvent } from '../../shared/events.js';
import { qty } from '../../shared/numbers.js';
import { findItem } from './item-store.js';

const RoutingInput = z.object({ operations: z.array(Operation).min(1) });
const ItemParams = z.object({ item: z.string().trim().min(1).max(64) });

async function readRouting(
  db: Parameters<typeof findItem>[0],
  orgId: string,
  item: string,
): Promise<Routing> {
  const rows = await db
    .selectFrom('routings')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('item', '=', item)
    .orderBy('seq')
    .execute();
  if (rows.length === 0) throw notFound(`item '${item}' has no routing`);
  return {
    item,
    operations: rows.map((row) => ({
      seq: row.seq,
      name: row.name,
      workshop: row.workshop,
      // A routing stored without a work center is done by its workshop as a whole.
      workCenter: row.work_center ?? row.workshop,
      standardMinutes: qty(row.standard_minutes),
      ...(Number(row.setup_minutes) !== 0 ? { setupMinutes: qty(row.setup_minutes) } : {}),
      ...(row.owner ? { owner: row.owner } : {}),
    })),
  };
}

const getRouting = defineRoute({
  method: 'get',
  path: '/routings/{item}',
  summary: 'The routing (工艺路线) of an item: its operations in sequence',
  tags: ['reference'],
  auth: 'any',
  params: ItemParams,
  response: Routing,
  errors: [404],
  handler: ({ params, user, db }) => readRouting(db, user.orgId, params.item),
});

const putRouting = defineRoute({
  method: 'put',
  path: '/routings/{item}',
  summary: "Replace an item's routing; work orders created before keep their copy of the operations",
  tags: ['reference'],
  auth: ['planner'],
  params: ItemParams,
  body: RoutingInput,
  response: Routing,
  errors: [404],
  async handler({ params, body, user, db }) {
    if (!(await findItem(db, user.orgId, params.item))) throw notFound(`no item '${params.item}'`);
    const seen = new Set<number>();
    body.operations.forEach((op, i) => {
      if (seen.has(op.seq)) {
        throw badRequest(`operation seq ${op.seq} is listed twice`, [
          { path: `operations.${i}.seq`, message: 'duplicate seq' },
        ]);
      }
      seen.add(op.seq);
    });
    const known = new Set(
      (
        await db
          .selectFrom('workshops')
          .select('code')
          .where('org_id', '=', user.orgId)
          .where('active', '=', true)
          .execute()
      ).map((row) => row.code),
    );
    const unknown = body.operations.findIndex((op) => !known.has(op.workshop));
    if (unknown >= 0) {
      const workshop = body.operations[unknown]!.workshop;
      throw badRequest(`unknown or deactivated workshop '${workshop}'`, [
        { path: `operations.${unknown}.workshop`, message: 'unknown or deactivated workshop' },
      ]);
    }
    const before = await readRouting(db, user.orgId, params.item).catch(() => undefined);
    await db
      .deleteFrom('routings')
      .where('org_id', '=', user.orgId)
      .where('item', '=', params.item)
      .execute();
    await db
      .insertInto('routings')
      .values(
        body.operations.map((op) => ({
          org_id: user.orgId,
          item: params.item,
          seq: op.seq,
          name: op.name,
          workshop: op.workshop,
          work_center: op.workCenter,
          standard_minutes: op.standardMinutes,
          setup_minutes: op.setupMinutes ?? 0,
          owner: op.owner ?? null,
        })),
      )
      .execute();
    const after = await readRouting(db, user.orgId, params.item);
    await emitEvent(db, {
      orgId: user.orgId,
      topic: 'routing.changed',
      aggregateType: 'routing',
      aggregateId: params.item,
      payload: after,
    });
    await audit(db, {
      orgId: user.orgId,
      actor: user.userId,
      action: 'routing.replace',
      subjectType: 'routing',
      subjectId: params.item,
      before: before?.operations,
      after: after.operations,
    });
    return after;
  },
});

export const referenceRoutes: AnyRoute[] = [getRouting, putRouting];
