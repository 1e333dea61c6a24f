import type { Role } from '@shopfloor/sdk';
import type { RoleRequest } from '@shopfloor/sdk/admin';
import type { AppDeps } from '../../deps.js';
import { conflict, forbidden, notFound } from '../../http/problem.js';
import type { Db } from '../../http/route.js';
import type { Principal } from '../../http/session.js';
import { audit } from '../../shared/audit.js';
import { checkScopesExist } from '../platform/admin-routes.js';
import { addedBy } from './change-roles.js';
import { type Access, withGranted } from './role-change.js';
import { roleRequestView } from './role-request-view.js';

export type Decision = 'approve' | 'reject';

/**
 * Decides a pending role request once: the row is locked, so of two decisions at the same time one
 * applies and the other hears 409 `role-request-decided`. Approving re-checks that the user is
 * still active and the scopes still exist, and adds the grant to what the user holds now.
 */
export async function decideRoleRequest(
  db: Db,
  deps: AppDeps,
  decider: Principal,
  id: string,
  decision: Decision,
): Promise<RoleRequest> {
  const found = /^\d{1,18}$/.test(id)
    ? await db
        .selectFrom('role_requests')
        .selectAll()
        .where('org_id', '=', decider.orgId)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst()
    : undefined;
  if (!found) throw notFound(`no role request '${id}'`, 'role-request-not-found', { request: id });
  if (found.status !== 'pending') {
    throw conflict('role-request-decided', `role request ${id} is ${found.status} already`, {
      request: id,
      status: found.status,
    });
  }
  if (decision === 'approve' && found.requested_by === decider.userId) {
    throw forbidden(
      'a second administrator must approve the role change you asked for (权限变更双人复核)',
      { request: id },
      'own-role-request',
    );
  }
  if (decision === 'approve' && found.user_id === decider.userId) {
    throw forbidden(
      'another administrator must approve a grant to yourself',
      { request: id },
      'own-role-grant',
    );
  }
  // Locked too: a removal running at the same time is not overwritten by the grant.
  const user = await db
    .selectFrom('users')
    .selectAll()
    .where('org_id', '=', decider.orgId)
    .where('id', '=', found.user_id)
    .forUpdate()
    .executeTakeFirst();
  if (decision === 'approve' && !user?.active) {
    throw conflict(
      'role-request-user-inactive',
      `user '${found.user_id}' is deactivated: reject the request`,
      {
        request: id,
        user: found.user_id,
      },
    );
  }
  const granted = addedBy(found);
  if (decision === 'approve')
    await checkScopesExist(db, decider.orgId, granted.workshops, granted.warehouses);

  const decided = await db
    .updateTable('role_requests')
    .set({
      status: decision === 'approve' ? 'approved' : 'rejected',
      decided_by: decider.userId,
      decided_at: deps.clock.now(),
    })
    .where('org_id', '=', decider.orgId)
    .where('id', '=', found.id)
    .where('status', '=', 'pending')
    .returningAll()
    .executeTakeFirst();
  if (!decided) {
    throw conflict('role-request-decided', `role request ${id} was decided meanwhile`, {
      request: id,
      status: null,
    });
  }
  const userName = user?.name ?? found.user_id;
  if (decision === 'reject') {
    await audit(db, {
      orgId: decider.orgId,
      actor: decider.userId,
      action: 'user.roles.rejected',
      subjectType: 'user',
      subjectId: found.user_id,
      after: { requestId: id, add: granted, requestedBy: found.requested_by },
    });
    return roleRequestView(decided, userName);
  }
  const before: Access = {
    roles: user!.roles as Role[],
    workshops: user!.workshops,
    warehouses: user!.warehouses,
  };
  const after = withGranted(before, granted);
  await db
    .updateTable('users')
    .set({ ...after, updated_at: deps.clock.now() })
    .where('org_id', '=', decider.orgId)
    .where('id', '=', found.user_id)
    .execute();
  await audit(db, {
    orgId: decider.orgId,
    actor: decider.userId,
    action: 'user.roles.approved',
    subjectType: 'user',
    subjectId: found.user_id,
    before,
    after: { ...after, requestId: id, requestedBy: found.requested_by },
  });
  deps.services.userAccess.forget(decider.orgId);
  return roleRequestView(decided, userName);
}
