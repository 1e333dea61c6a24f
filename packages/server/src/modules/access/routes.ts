import { Page, User } from '@shopfloor/sdk';
import { RoleChangePending, RoleRequest, RolesInput } from '@shopfloor/sdk/admin';
import { notFound } from '../../http/problem.js';
import { Accepted, defineRoute, z } from '../../http/route.js';
import { decodeCursor, page } from '../../shared/cursor.js';
import { toUser } from '../auth/store.js';
import { checkScopesExist } from '../platform/admin-routes.js';
import { changeRoles } from './change-roles.js';
import { decideRoleRequest } from './decide-role-request.js';
import { roleRequestView } from './role-request-view.js';

const IdParams = z.object({ id: z.string().min(1).max(64) });

const FOUR_EYES =
  'Granting admin, approver or storekeeper, or a workshop or warehouse the user does not have, is not applied: ' +
  'it answers 202 with a role request that a second administrator approves (`POST /role-requests/{id}/approve`). ' +
  'Removals, operator and planner apply at once, also to sessions already issued. Both are audit-logged.';

export const roleRequestRoutes = [
  defineRoute({
    method: 'put',
    path: '/users/{id}/roles',
    summary: 'Set the roles, workshops and warehouses of a user (admin, audit-logged, 权限变更双人复核)',
    description: `Replaces the three lists. ${FOUR_EYES} The last active administrator keeps admin (409 \`last-admin\`).`,
    tags: ['users'],
    auth: ['admin'],
    params: IdParams,
    body: RolesInput,
    response: User,
    accepted: RoleChangePending,
    errors: [404, 409],
    async handler({ params, body, user, db, deps }) {
      const row = await db
        .selectFrom('users')
        .selectAll()
        .where('org_id', '=', user.orgId)
        .where('id', '=', params.id)
        .forUpdate()
        .executeTakeFirst();
      if (!row) throw notFound(`no user '${params.id}'`);
      const wanted = {
        roles: body.roles,
        workshops: body.workshops ?? [],
        warehouses: body.warehouses ?? [],
      };
      await checkScopesExist(db, user.orgId, wanted.workshops, wanted.warehouses);
      const outcome = await changeRoles(db, deps, user, row, wanted);
      return outcome.pending ? new Accepted(outcome.pending) : toUser(outcome.user);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/role-requests',
    summary: 'Role changes waiting for, or decided by, a second administrator (admin), newest first',
    tags: ['users'],
    auth: ['admin'],
    query: z.object({
      status: z.enum(['pending', 'approved', 'rejected']).optional(),
      userId: z.string().max(64).optional(),
      cursor: z.string().optional(),
      limit: z.number().int().min(1).max(500).optional(),
    }),
    response: Page(RoleRequest),
    async handler({ query, user, db }) {
      const limit = query.limit ?? 100;
      const after = decodeCursor(query.cursor, 1);
      let q = db
        .selectFrom('role_requests as r')
        .innerJoin('users as u', (j) => j.onRef('u.org_id', '=', 'r.org_id').onRef('u.id', '=', 'r.user_id'))
        .leftJoin('users as by', (j) =>
          j.onRef('by.org_id', '=', 'r.org_id').onRef('by.id', '=', 'r.requested_by'),
        )
        .selectAll('r')
        .select(['u.name as user_name', 'by.name as requested_by_name'])
        .where('r.org_id', '=', user.orgId);
      if (query.status) q = q.where('r.status', '=', query.status);
      if (query.userId) q = q.where('r.user_id', '=', query.userId);
      if (after) q = q.where('r.id', '<', String(after[0]));
      const rows = await q
        .orderBy('r.id', 'desc')
        .limit(limit + 1)
        .execute();
      const shown = page(rows, limit, (r) => [String(r.id)]);
      return {
        items: shown.rows.map((r) => roleRequestView(r, r.user_name, r.requested_by_name ?? undefined)),
        nextCursor: shown.nextCursor,
      };
    },
  }),
  ...(['approve', 'reject'] as const).map((decision) =>
    defineRoute({
      method: 'post',
      path: `/role-requests/{id}/${decision}`,
      summary:
        decision === 'approve'
          ? 'Approve a role change: applies the grant at once (a second administrator, audit-logged)'
          : 'Reject a role change (any administrator, the requester too: that withdraws it; audit-logged)',
      description:
        decision === 'approve'
          ? 'The requester and the user themselves cannot approve (403 `own-role-request`, `own-role-grant`). ' +
            'A request is decided once: 409 `role-request-decided` afterwards. The user must still be active ' +
            '(409 `role-request-user-inactive`) and the scopes must still exist.'
          : 'A request is decided once: 409 `role-request-decided` afterwards.',
      tags: ['users'],
      auth: ['admin'],
      params: IdParams,
      response: RoleRequest,
      status: 200,
      errors: [404, 409],
      handler: ({ params, user, db, deps }) => decideRoleRequest(db, deps, user, params.id, decision),
    }),
  ),
];
