import { User } from '@shopfloor/sdk';
import { RoleChangePending, UserInput, UserUpdate } from '@shopfloor/sdk/admin';
import { notFound } from '../../http/problem.js';
import { Accepted, defineRoute, z } from '../../http/route.js';
import { audit } from '../../shared/audit.js';
import { changeRoles } from '../access/change-roles.js';
import { roleRequestRoutes } from '../access/routes.js';
import { findUser, toUser } from '../auth/store.js';
import { checkScopesExist, keepOneAdmin } from '../platform/admin-routes.js';
import { shopfloorUserId } from '../platform/login.js';
import { alreadyExists } from './store.js';

const IdParams = z.object({ id: z.string().min(1).max(64) });

export const userRoutes = [
  defineRoute({
    method: 'post',
    path: '/users',
    summary: 'Register a DingTalk or WeCom user ahead of their first sign-in (admin, audit-logged)',
    description:
      'The id is `dt-<userid>` or `wc-<userid>`, the one their first sign-in would get. ' +
      'A user who already signed in (listed with `pending=true`) answers 409 `exists`: set their roles instead. ' +
      'Operator and planner apply at once; admin, approver, storekeeper and every workshop or warehouse answer ' +
      '202 with a role request a second administrator approves (权限变更双人复核).',
    tags: ['users'],
    auth: ['admin'],
    body: UserInput,
    response: User,
    accepted: RoleChangePending,
    errors: [409],
    async handler({ body, user, db, deps }) {
      const wanted = {
        roles: body.roles,
        workshops: body.workshops ?? [],
        warehouses: body.warehouses ?? [],
      };
      await checkScopesExist(db, user.orgId, wanted.workshops, wanted.warehouses);
      const id = shopfloorUserId(body.platform, body.platformUserId);
      // Created without access, then given it the four-eyes way like any other role change.
      const row = await db
        .insertInto('users')
        .values({
          org_id: user.orgId,
          id,
          name: body.name,
          platform: body.platform,
          platform_user_id: body.platformUserId,
          team: body.team ?? null,
          created_at: deps.clock.now(),
        })
        .onConflict((oc) => oc.doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!row) throw alreadyExists('user', id);
      await audit(db, {
        orgId: user.orgId,
        actor: user.userId,
        action: 'user.created',
        subjectType: 'user',
        subjectId: id,
        after: toUser(row),
      });
      const outcome = await changeRoles(db, deps, user, row, wanted);
      return outcome.pending ? new Accepted(outcome.pending) : toUser(outcome.user);
    },
  }),
  defineRoute({
    method: 'put',
    path: '/users/{id}',
    summary:
      'Rename, deactivate or reactivate a user, or set their team (班组) or e-mail (alert rules) (admin, audit-logged)',
    description:
      'A deactivated user cannot sign in; their sessions and API tokens are refused within 5 seconds. ' +
      'The last active administrator cannot be deactivated (409 `last-admin`).',
    tags: ['users'],
    auth: ['admin'],
    params: IdParams,
    body: UserUpdate,
    response: User,
    errors: [404, 409],
    async handler({ params, body, user, db, deps }) {
      const before = await findUser(db, user.orgId, params.id);
      if (!before) throw notFound(`no user '${params.id}'`);
      if (body.active === false && before.active && before.roles.includes('admin')) {
        await keepOneAdmin(db, user.orgId, before.id);
      }
      const after = await db
        .updateTable('users')
        .set({
          name: body.name ?? before.name,
          active: body.active ?? before.active,
          team: body.team === undefined ? (before.team ?? null) : body.team,
          ...(body.email === undefined ? {} : { email: body.email }),
          updated_at: deps.clock.now(),
        })
        .where('org_id', '=', user.orgId)
        .where('id', '=', before.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      if ((before.team ?? null) !== (after.team ?? null)) {
        await audit(db, {
          orgId: user.orgId,
          actor: user.userId,
          action: 'user.team-changed',
          subjectType: 'user',
          subjectId: before.id,
          before: { team: before.team ?? null },
          after: { team: after.team },
        });
      }
      if (body.email !== undefined && (before.email ?? null) !== (after.email ?? null)) {
        await audit(db, {
          orgId: user.orgId,
          actor: user.userId,
          action: 'user.email-changed',
          subjectType: 'user',
          subjectId: before.id,
          before: { email: before.email ?? null },
          after: { email: after.email ?? null },
        });
      }
      if (before.active !== after.active || before.name !== after.name) {
        await audit(db, {
          orgId: user.orgId,
          actor: user.userId,
          action:
            before.active !== after.active
              ? after.active
                ? 'user.activated'
                : 'user.deactivated'
              : 'user.renamed',
          subjectType: 'user',
          subjectId: before.id,
          before: { name: before.name, active: before.active },
          after: { name: after.name, active: after.active },
        });
      }
      deps.services.userAccess.forget(user.orgId);
      return toUser(after);
    },
  }),
  ...roleRequestRoutes,
];
