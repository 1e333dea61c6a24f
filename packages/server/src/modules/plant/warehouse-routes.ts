import {
  LocationInput,
  LocationUpdate,
  LocationView,
  WarehouseInput,
  WarehouseUpdate,
  WarehouseWithLocations,
} from '@shopfloor/sdk/admin';
import { conflict, forbidden, notFound } from '../../http/problem.js';
import { defineRoute, z } from '../../http/route.js';
import type { Principal } from '../../http/session.js';
import { audit } from '../../shared/audit.js';
import { decodeCursor, page } from '../../shared/cursor.js';
import {
  alreadyExists,
  deleteUnreferenced,
  locationView,
  requireActive,
  stockOnHand,
  warehouseView,
} from './store.js';

const CodeParams = z.object({ code: z.string().trim().min(1).max(32) });
const Deleted = z.object({ deleted: z.literal(true) });
const listQuery = {
  includeInactive: z.boolean().optional(),
  cursor: z.string().optional(),
  limit: z.number().int().min(1).max(500).optional(),
};

/** Storekeepers keep the locations of their own warehouses; admins keep all. */
function mayKeep(user: Principal, warehouse: string): void {
  if (user.roles.includes('admin') || user.warehouses.includes(warehouse)) return;
  throw forbidden(`you keep ${user.warehouses.join(', ') || 'no warehouse'}, not '${warehouse}'`, {
    warehouse,
  });
}

export const warehouseRoutes = [
  defineRoute({
    method: 'get',
    path: '/warehouses',
    summary: 'Warehouses (仓库) with their locations (库位)',
    description: 'Deactivated warehouses and locations are left out unless `includeInactive=true`.',
    tags: ['plant'],
    auth: 'any',
    query: z.object({ includeInactive: z.boolean().optional() }),
    response: z.object({ items: z.array(WarehouseWithLocations), nextCursor: z.null() }),
    async handler({ query, user, db }) {
      let houses = db.selectFrom('warehouses').selectAll().where('org_id', '=', user.orgId);
      let locations = db.selectFrom('locations').selectAll().where('org_id', '=', user.orgId);
      if (!query.includeInactive) {
        houses = houses.where('active', '=', true);
        locations = locations.where('active', '=', true);
      }
      const [h, l] = await Promise.all([
        houses.orderBy('code').execute(),
        locations.orderBy('code').execute(),
      ]);
      const byHouse = new Map<string, typeof l>();
      for (const row of l) byHouse.set(row.warehouse, [...(byHouse.get(row.warehouse) ?? []), row]);
      return {
        items: h.map((row) => ({
          ...warehouseView(row),
          locations: (byHouse.get(row.code) ?? []).map(locationView),
        })),
        nextCursor: null,
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/warehouses/{code}',
    summary: 'One warehouse with its locations',
    tags: ['plant'],
    auth: 'any',
    params: CodeParams,
    response: WarehouseWithLocations,
    errors: [404],
    async handler({ params, user, db }) {
      const row = await db
        .selectFrom('warehouses')
        .selectAll()
        .where('org_id', '=', user.orgId)
        .where('code', '=', params.code)
        .executeTakeFirst();
      if (!row) throw notFound(`no warehouse '${params.code}'`);
      return withLocations(db, user.orgId, row);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/warehouses',
    summary: 'Create a warehouse (admin, audit-logged)',
    tags: ['plant'],
    auth: ['admin'],
    body: WarehouseInput,
    response: WarehouseWithLocations,
    errors: [409],
    async handler({ body, user, db }) {
      const row = await db
        .insertInto('warehouses')
        .values({ org_id: user.orgId, code: body.code, name: body.name })
        .onConflict((oc) => oc.doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!row) throw alreadyExists('warehouse', body.code);
      await audit(db, {
        orgId: user.orgId,
        actor: user.userId,
        action: 'warehouse.created',
        subjectType: 'warehouse',
        subjectId: row.code,
        after: warehouseView(row),
      });
      return { ...warehouseView(row), locations: [] };
    },
  }),
  defineRoute({
    method: 'put',
    path: '/warehouses/{code}',
    summary: 'Rename, deactivate (停用) or reactivate a warehouse (admin, audit-logged)',
    description:
      'Deactivating takes its locations out of use too; refused (409 `has-stock`) while any of them holds stock.',
    tags: ['plant'],
    auth: ['admin'],
    params: CodeParams,
    body: WarehouseUpdate,
    response: WarehouseWithLocations,
    errors: [404, 409],
    async handler({ params, body, user, db }) {
      const before = await db
        .selectFrom('warehouses')
        .selectAll()
        .where('org_id', '=', user.orgId)
        .where('code', '=', params.code)
        .forUpdate()
        .executeTakeFirst();
      if (!before) throw notFound(`no warehouse '${params.code}'`);
      if (body.active === false && before.active) {
        const locations = await db
          .selectFrom('locations')
          .select('code')
          .where('org_id', '=', user.orgId)
          .where('warehouse', '=', before.code)
          .execute();
        const codes = locations.map((l) => l.code);
        if ((await stockOnHand(db, user.orgId, codes)) > 0) {
          throw conflict(
            'has-stock',
            `warehouse '${before.code}' still holds stock: move or count it out first`,
            {
              warehouse: before.code,
            },
          );
        }
        if (codes.length > 0) {
          await db
            .updateTable('locations')
            .set({ active: false })
            .where('org_id', '=', user.orgId)
            .where('warehouse', '=', before.code)
            .execute();
        }
      }
      const after = await db
        .updateTable('warehouses')
        .set({ name: body.name ?? before.name, active: body.active ?? before.active })
        .where('org_id', '=', user.orgId)
        .where('code', '=', before.code)
        .returningAll()
        .executeTakeFirstOrThrow();
      await auditChange(db, user, 'warehouse', before.code, warehouseView(before), warehouseView(after));
      return withLocations(db, user.orgId, after);
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/warehouses/{code}',
    summary: 'Delete a warehouse nothing refers to yet (admin); 409 `in-use` otherwise: deactivate it',
    tags: ['plant'],
    auth: ['admin'],
    params: CodeParams,
    response: Deleted,
    status: 200,
    errors: [404, 409],
    async handler({ params, user, db }) {
      await requireRow(db, user.orgId, 'warehouses', params.code, 'warehouse');
      await deleteUnreferenced(db, user.orgId, 'warehouses', params.code);
      await audit(db, {
        orgId: user.orgId,
        actor: user.userId,
        action: 'warehouse.deleted',
        subjectType: 'warehouse',
        subjectId: params.code,
      });
      return { deleted: true as const };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/locations',
    summary: 'Locations (库位), by code',
    tags: ['plant'],
    auth: 'any',
    query: z.object({ ...listQuery, warehouse: z.string().max(32).optional() }),
    response: z.object({ items: z.array(LocationView), nextCursor: z.string().nullable() }),
    async handler({ query, user, db }) {
      const limit = query.limit ?? 200;
      const after = decodeCursor(query.cursor, 1);
      let q = db.selectFrom('locations').selectAll().where('org_id', '=', user.orgId);
      if (query.warehouse) q = q.where('warehouse', '=', query.warehouse);
      if (!query.includeInactive) q = q.where('active', '=', true);
      if (after) q = q.where('code', '>', String(after[0]));
      const rows = await q
        .orderBy('code')
        .limit(limit + 1)
        .execute();
      const shown = page(rows, limit, (r) => [r.code]);
      return { items: shown.rows.map(locationView), nextCursor: shown.nextCursor };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/locations/{code}',
    summary: 'One location',
    tags: ['plant'],
    auth: 'any',
    params: CodeParams,
    response: LocationView,
    errors: [404],
    async handler({ params, user, db }) {
      return locationView(await requireRow(db, user.orgId, 'locations', params.code, 'location'));
    },
  }),
  defineRoute({
    method: 'post',
    path: '/locations',
    summary: 'Create a location in a warehouse (admin, or a storekeeper of that warehouse)',
    tags: ['plant'],
    auth: ['storekeeper'],
    body: LocationInput,
    response: LocationView,
    errors: [409],
    async handler({ body, user, db }) {
      mayKeep(user, body.warehouse);
      await requireActive(db, user.orgId, 'warehouses', body.warehouse, 'warehouse');
      const row = await db
        .insertInto('locations')
        .values({
          org_id: user.orgId,
          code: body.code,
          warehouse: body.warehouse,
          name: body.name ?? '',
          kind: body.kind,
        })
        .onConflict((oc) => oc.doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!row) throw alreadyExists('location', body.code);
      await audit(db, {
        orgId: user.orgId,
        actor: user.userId,
        action: 'location.created',
        subjectType: 'location',
        subjectId: row.code,
        after: locationView(row),
      });
      return locationView(row);
    },
  }),
  defineRoute({
    method: 'put',
    path: '/locations/{code}',
    summary: 'Rename, re-kind, deactivate or reactivate a location (admin, or its storekeeper)',
    description: 'Deactivating is refused (409 `has-stock`) while the location holds stock.',
    tags: ['plant'],
    auth: ['storekeeper'],
    params: CodeParams,
    body: LocationUpdate,
    response: LocationView,
    errors: [404, 409],
    async handler({ params, body, user, db }) {
      const before = await requireRow(db, user.orgId, 'locations', params.code, 'location');
      mayKeep(user, before.warehouse);
      if (body.active === false && before.active && (await stockOnHand(db, user.orgId, [before.code])) > 0) {
        throw conflict(
          'has-stock',
          `location '${before.code}' still holds stock: move or count it out first`,
          {
            location: before.code,
          },
        );
      }
      if (body.active === true && !before.active) {
        await requireActive(db, user.orgId, 'warehouses', before.warehouse, 'active');
      }
      const after = await db
        .updateTable('locations')
        .set({
          name: body.name ?? before.name,
          kind: body.kind ?? before.kind,
          active: body.active ?? before.active,
        })
        .where('org_id', '=', user.orgId)
        .where('code', '=', before.code)
        .returningAll()
        .executeTakeFirstOrThrow();
      await auditChange(db, user, 'location', before.code, locationView(before), locationView(after));
      return locationView(after);
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/locations/{code}',
    summary: 'Delete a location nothing refers to yet; 409 `in-use` otherwise: deactivate it',
    tags: ['plant'],
    auth: ['storekeeper'],
    params: CodeParams,
    response: Deleted,
    status: 200,
    errors: [404, 409],
    async handler({ params, user, db }) {
      const row = await requireRow(db, user.orgId, 'locations', params.code, 'location');
      mayKeep(user, row.warehouse);
      await deleteUnreferenced(db, user.orgId, 'locations', params.code);
      await audit(db, {
        orgId: user.orgId,
        actor: user.userId,
        action: 'location.deleted',
        subjectType: 'location',
        subjectId: params.code,
        before: locationView(row),
      });
      return { deleted: true as const };
    },
  }),
];

async function withLocations(
  db: Parameters<typeof audit>[0],
  orgId: string,
  row: Parameters<typeof warehouseView>[0],
) {
  const locations = await db
    .selectFrom('locations')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('warehouse', '=', row.code)
    .orderBy('code')
    .execute();
  return { ...warehouseView(row), locations: locations.map(locationView) };
}

async function requireRow<T extends 'warehouses' | 'locations'>(
  db: Parameters<typeof audit>[0],
  orgId: string,
  table: T,
  code: string,
  what: string,
) {
  const row = await db
    .selectFrom(table as 'locations')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('code', '=', code)
    .executeTakeFirst();
  if (!row) throw notFound(`no ${what} '${code}'`);
  return row;
}

export async function auditChange(
  db: Parameters<typeof audit>[0],
  user: Principal,
  subjectType: string,
  subjectId: string,
  before: unknown,
  after: unknown,
): Promise<void> {
  if (JSON.stringify(before) === JSON.stringify(after)) return;
  await audit(db, {
    orgId: user.orgId,
    actor: user.userId,
    action: `${subjectType}.changed`,
    subjectType,
    subjectId,
    before,
    after,
  });
}
