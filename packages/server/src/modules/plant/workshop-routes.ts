import {
  DEFAULT_CALENDAR,
  WorkCenterInput,
  WorkCenterUpdate,
  WorkCenterView,
  WorkshopInput,
  WorkshopUpdate,
  WorkshopView,
} from '@shopfloor/sdk/admin';
import { conflict, notFound } from '../../http/problem.js';
import { type Db, defineRoute, z } from '../../http/route.js';
import { audit } from '../../shared/audit.js';
import { decodeCursor, page } from '../../shared/cursor.js';
import {
  alreadyExists,
  deleteUnreferenced,
  requireActive,
  requireUser,
  workCenterView,
  workshopView,
} from './store.js';
import { auditChange } from './warehouse-routes.js';

const CodeParams = z.object({ code: z.string().trim().min(1).max(32) });
const Deleted = z.object({ deleted: z.literal(true) });

async function findWorkshop(db: Db, orgId: string, code: string) {
  const row = await db
    .selectFrom('workshops')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('code', '=', code)
    .executeTakeFirst();
  if (!row) throw notFound(`no workshop '${code}'`);
  return row;
}

async function findWorkCenter(db: Db, orgId: string, code: string) {
  const row = await db
    .selectFrom('work_centers')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('code', '=', code)
    .executeTakeFirst();
  if (!row) throw notFound(`no work center '${code}'`);
  return row;
}

/** Open work has operations in the workshop: deactivating it would strand them. */
async function refuseWithOpenWork(db: Db, orgId: string, column: 'workshop' | 'work_center', code: string) {
  const open = await db
    .selectFrom('work_order_operations as o')
    .innerJoin('work_orders as w', (j) =>
      j.onRef('w.org_id', '=', 'o.org_id').onRef('w.no', '=', 'o.work_order_no'),
    )
    .select('w.no')
    .where('o.org_id', '=', orgId)
    .where(`o.${column}`, '=', code)
    .where('o.status', '<>', 'done')
    .where('w.status', 'in', ['draft', 'released', 'in-progress'])
    .limit(1)
    .executeTakeFirst();
  if (open) {
    throw conflict(
      'open-work',
      `'${code}' has open operations (work order ${open.no}): finish or move them first`,
      {
        code,
        workOrderNo: open.no,
      },
    );
  }
}

export const workshopRoutes = [
  defineRoute({
    method: 'get',
    path: '/workshops',
    summary: 'Workshops (车间) with their supervisors',
    description: 'Deactivated workshops are left out unless `includeInactive=true`.',
    tags: ['plant'],
    auth: 'any',
    query: z.object({ includeInactive: z.boolean().optional() }),
    response: z.object({ items: z.array(WorkshopView), nextCursor: z.null() }),
    async handler({ query, user, db }) {
      let q = db.selectFrom('workshops').selectAll().where('org_id', '=', user.orgId);
      if (!query.includeInactive) q = q.where('active', '=', true);
      return { items: (await q.orderBy('code').execute()).map(workshopView), nextCursor: null };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/workshops/{code}',
    summary: 'One workshop',
    tags: ['plant'],
    auth: 'any',
    params: CodeParams,
    response: WorkshopView,
    errors: [404],
    handler: async ({ params, user, db }) => workshopView(await findWorkshop(db, user.orgId, params.code)),
  }),
  defineRoute({
    method: 'post',
    path: '/workshops',
    summary: 'Create a workshop (admin, audit-logged)',
    tags: ['plant'],
    auth: ['admin'],
    body: WorkshopInput,
    response: WorkshopView,
    errors: [409],
    async handler({ body, user, db }) {
      if (body.supervisor) await requireUser(db, user.orgId, body.supervisor, 'supervisor');
      const row = await db
        .insertInto('workshops')
        .values({ org_id: user.orgId, code: body.code, name: body.name, supervisor: body.supervisor ?? null })
        .onConflict((oc) => oc.doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!row) throw alreadyExists('workshop', body.code);
      await audit(db, {
        orgId: user.orgId,
        actor: user.userId,
        action: 'workshop.created',
        subjectType: 'workshop',
        subjectId: row.code,
        after: workshopView(row),
      });
      return workshopView(row);
    },
  }),
  defineRoute({
    method: 'put',
    path: '/workshops/{code}',
    summary: 'Rename, set the supervisor, deactivate or reactivate a workshop (admin, audit-logged)',
    description: 'Deactivating is refused (409 `open-work`) while open work orders have operations in it.',
    tags: ['plant'],
    auth: ['admin'],
    params: CodeParams,
    body: WorkshopUpdate,
    response: WorkshopView,
    errors: [404, 409],
    async handler({ params, body, user, db }) {
      const before = await findWorkshop(db, user.orgId, params.code);
      if (body.supervisor) await requireUser(db, user.orgId, body.supervisor, 'supervisor');
      if (body.active === false && before.active)
        await refuseWithOpenWork(db, user.orgId, 'workshop', before.code);
      const after = await db
        .updateTable('workshops')
        .set({
          name: body.name ?? before.name,
          supervisor: body.supervisor === undefined ? before.supervisor : body.supervisor,
          active: body.active ?? before.active,
        })
        .where('org_id', '=', user.orgId)
        .where('code', '=', before.code)
        .returningAll()
        .executeTakeFirstOrThrow();
      await auditChange(db, user, 'workshop', before.code, workshopView(before), workshopView(after));
      return workshopView(after);
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/workshops/{code}',
    summary: 'Delete a workshop nothing refers to yet (admin); 409 `in-use` otherwise: deactivate it',
    tags: ['plant'],
    auth: ['admin'],
    params: CodeParams,
    response: Deleted,
    status: 200,
    errors: [404, 409],
    async handler({ params, user, db }) {
      const row = await findWorkshop(db, user.orgId, params.code);
      await deleteUnreferenced(db, user.orgId, 'workshops', row.code);
      await audit(db, {
        orgId: user.orgId,
        actor: user.userId,
        action: 'workshop.deleted',
        subjectType: 'workshop',
        subjectId: row.code,
        before: workshopView(row),
      });
      return { deleted: true as const };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/work-centers',
    summary: 'Work centers (工作中心) with stations and calendar',
    tags: ['plant'],
    auth: 'any',
    query: z.object({
      workshop: z.string().max(32).optional(),
      includeInactive: z.boolean().optional(),
      cursor: z.string().optional(),
      limit: z.number().int().min(1).max(500).optional(),
    }),
    response: z.object({ items: z.array(WorkCenterView), nextCursor: z.string().nullable() }),
    async handler({ query, user, db }) {
      const limit = query.limit ?? 200;
      const after = decodeCursor(query.cursor, 1);
      let q = db.selectFrom('work_centers').selectAll().where('org_id', '=', user.orgId);
      if (query.workshop) q = q.where('workshop', '=', query.workshop);
      if (!query.includeInactive) q = q.where('active', '=', true);
      if (after) q = q.where('code', '>', String(after[0]));
      const rows = await q
        .orderBy('code')
        .limit(limit + 1)
        .execute();
      const shown = page(rows, limit, (r) => [r.code]);
      return { items: shown.rows.map(workCenterView), nextCursor: shown.nextCursor };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/work-centers/{code}',
    summary: 'One work center',
    tags: ['plant'],
    auth: 'any',
    params: CodeParams,
    response: WorkCenterView,
    errors: [404],
    handler: async ({ params, user, db }) =>
      workCenterView(await findWorkCenter(db, user.orgId, params.code)),
  }),
  defineRoute({
    method: 'post',
    path: '/work-centers',
    summary: 'Create a work center in a workshop (admin or planner, audit-logged)',
    description: 'Without a calendar it works Monday to Friday, 08:00–12:00 and 13:00–17:00 (Asia/Shanghai).',
    tags: ['plant'],
    auth: ['planner'],
    body: WorkCenterInput,
    response: WorkCenterView,
    errors: [409],
    async handler({ body, user, db }) {
      await requireActive(db, user.orgId, 'workshops', body.workshop, 'workshop');
      if (body.owner) await requireUser(db, user.orgId, body.owner, 'owner');
      const row = await db
        .insertInto('work_centers')
        .values({
          org_id: user.orgId,
          code: body.code,
          name: body.name,
          workshop: body.workshop,
          stations: body.stations ?? 1,
          calendar: JSON.stringify(body.calendar ?? DEFAULT_CALENDAR),
          owner: body.owner ?? null,
          late_tolerance: body.lateTolerance ?? null,
        })
        .onConflict((oc) => oc.doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!row) throw alreadyExists('work center', body.code);
      await audit(db, {
        orgId: user.orgId,
        actor: user.userId,
        action: 'work-center.created',
        subjectType: 'work-center',
        subjectId: row.code,
        after: workCenterView(row),
      });
      return workCenterView(row);
    },
  }),
  defineRoute({
    method: 'put',
    path: '/work-centers/{code}',
    summary: 'Change, deactivate or reactivate a work center (admin or planner, audit-logged)',
    tags: ['plant'],
    auth: ['planner'],
    params: CodeParams,
    body: WorkCenterUpdate,
    response: WorkCenterView,
    errors: [404, 409],
    async handler({ params, body, user, db }) {
      const before = await findWorkCenter(db, user.orgId, params.code);
      if (body.workshop !== undefined && body.workshop !== before.workshop) {
        await requireActive(db, user.orgId, 'workshops', body.workshop, 'workshop');
      }
      if (body.active === false && before.active) {
        await refuseWithOpenWork(db, user.orgId, 'work_center', before.code);
      }
      if (body.owner && body.owner !== before.owner) await requireUser(db, user.orgId, body.owner, 'owner');
      const after = await db
        .updateTable('work_centers')
        .set({
          name: body.name ?? before.name,
          workshop: body.workshop ?? before.workshop,
          stations: body.stations ?? before.stations,
          calendar: JSON.stringify(body.calendar ?? before.calendar),
          active: body.active ?? before.active,
          owner: body.owner === undefined ? before.owner : body.owner,
          late_tolerance: body.lateTolerance === undefined ? before.late_tolerance : body.lateTolerance,
        })
        .where('org_id', '=', user.orgId)
        .where('code', '=', before.code)
        .returningAll()
        .executeTakeFirstOrThrow();
      await auditChange(db, user, 'work-center', before.code, workCenterView(before), workCenterView(after));
      return workCenterView(after);
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/work-centers/{code}',
    summary: 'Delete a work center nothing refers to yet; 409 `in-use` otherwise: deactivate it',
    tags: ['plant'],
    auth: ['planner'],
    params: CodeParams,
    response: Deleted,
    status: 200,
    errors: [404, 409],
    async handler({ params, user, db }) {
      const row = await findWorkCenter(db, user.orgId, params.code);
      await deleteUnreferenced(db, user.orgId, 'work_centers', row.code);
      await audit(db, {
        orgId: user.orgId,
        actor: user.userId,
        action: 'work-center.deleted',
        subjectType: 'work-center',
        subjectId: row.code,
        before: workCenterView(row),
      });
      return { deleted: true as const };
    },
  }),
];
