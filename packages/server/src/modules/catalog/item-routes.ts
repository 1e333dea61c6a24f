import { IsoDate, Item, ItemInput, ItemQuery, Page, WhereUsed } from '@shopfloor/sdk';
import { z } from 'zod';
import * as zm from 'zod/mini';
import { conflict, notFound } from '../../http/problem.js';
import { type AnyRoute, defineRoute } from '../../http/route.js';
import { audit } from '../../shared/audit.js';
import { emitEvent } from '../../shared/events.js';
import { dateShanghai } from '../../shared/time.js';
import { engineCall, requireItem } from './bom-routes.js';
import { type ItemChanges, insertItem, itemFromRow, listItems, updateItem } from './item-store.js';

const CodeParams = z.object({ code: z.string().trim().min(1).max(64) });

const fields = ItemInput.shape;
/**
 * Body of `PUT /items/{code}`: the planning fields; code, unit and type change only through a BOM
 * import. Each field is checked by ItemInput's own schema, so PUT takes exactly what POST takes
 * (safetyStock 1e-7 was stored by PUT and answered as 0); null clears an optional field.
 */
const ItemUpdate = zm
  .strictObject({
    name: zm.optional(fields.name),
    safetyStock: fields.safetyStock,
    leadTime: fields.leadTime,
    cost: zm.nullable(fields.cost),
    abcClass: zm.nullable(fields.abcClass),
    spec: zm.nullable(fields.spec),
  })
  .check(
    zm.refine((body) => Object.keys(body).length > 0, {
      error: 'name at least one field to change',
    }),
  );

/** Fields the compiled BOM carries: changing them moves the BOM revision. */
const COMPILED_FIELDS: (keyof ItemChanges)[] = ['name', 'leadTime', 'cost'];

const list = defineRoute({
  method: 'get',
  path: '/items',
  summary: 'Items (物料), by code; q searches code and name',
  tags: ['items'],
  auth: 'any',
  query: ItemQuery,
  response: Page(Item),
  handler: ({ query, user, db }) => listItems(db, user.orgId, query),
});

const create = defineRoute({
  method: 'post',
  path: '/items',
  summary: 'Create an item',
  tags: ['items'],
  auth: ['planner'],
  body: ItemInput,
  response: Item,
  errors: [409],
  async handler({ body, user, db, deps }) {
    const row = await insertItem(db, user.orgId, body, deps.clock.now());
    if (!row) throw conflict('item-exists', `item '${body.code}' already exists`);
    // A new item is one the cached BOM does not know yet (explosion, where-used).
    await deps.services.boms.bumpRevision(db, user.orgId);
    const item = itemFromRow(row);
    await emitEvent(db, {
      orgId: user.orgId,
      topic: 'item.created',
      aggregateType: 'item',
      aggregateId: item.code,
      payload: item,
    });
    await audit(db, {
      orgId: user.orgId,
      actor: user.userId,
      action: 'item.create',
      subjectType: 'item',
      subjectId: item.code,
      after: item,
    });
    return item;
  },
});

const get = defineRoute({
  method: 'get',
  path: '/items/{code}',
  summary: 'One item',
  tags: ['items'],
  auth: 'any',
  params: CodeParams,
  response: Item,
  errors: [404],
  async handler({ params, user, db }) {
    const row = await db
      .selectFrom('items')
      .selectAll()
      .where('org_id', '=', user.orgId)
      .where('code', '=', params.code)
      .executeTakeFirst();
    if (!row) throw notFound(`no item '${params.code}'`);
    return itemFromRow(row);
  },
});

const update = defineRoute({
  method: 'put',
  path: '/items/{code}',
  summary: 'Change the planning fields of an item: name, safety stock, lead time, cost, ABC class, spec',
  tags: ['items'],
  auth: ['planner'],
  params: CodeParams,
  body: ItemUpdate,
  response: Item,
  errors: [404],
  async handler({ params, body, user, db, deps }) {
    const current = await db
      .selectFrom('items')
      .selectAll()
      .where('org_id', '=', user.orgId)
      .where('code', '=', params.code)
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw notFound(`no item '${params.code}'`);
    const row = await updateItem(db, user.orgId, params.code, body, deps.clock.now());
    if (COMPILED_FIELDS.some((field) => body[field] !== undefined)) {
      await deps.services.boms.bumpRevision(db, user.orgId);
    }
    const before = itemFromRow(current);
    const after = itemFromRow(row);
    await emitEvent(db, {
      orgId: user.orgId,
      topic: 'item.updated',
      aggregateType: 'item',
      aggregateId: after.code,
      payload: { code: after.code, changes: body },
    });
    await audit(db, {
      orgId: user.orgId,
      actor: user.userId,
      action: 'item.update',
      subjectType: 'item',
      subjectId: after.code,
      before,
      after,
    });
    return after;
  },
});

const whereUsed = defineRoute({
  method: 'get',
  path: '/items/{code}/where-used',
  summary:
    'Every item that uses this one, directly or through sub-assemblies (反查), with the quantity per unit',
  tags: ['items'],
  auth: 'any',
  params: CodeParams,
  query: z.object({ date: z.optional(IsoDate) }),
  response: WhereUsed,
  errors: [404],
  async handler({ params, query, user, db, deps }) {
    const bom = await deps.services.boms.compiled(db, user.orgId);
    requireItem(bom, params.code);
    return engineCall(() =>
      bom.whereUsed({ item: params.code, date: query.date ?? dateShanghai(deps.clock.now()) }),
    );
  },
});

export const itemRoutes: AnyRoute[] = [list, create, get, update, whereUsed];
