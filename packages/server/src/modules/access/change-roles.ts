import type { Role } from '@shopfloor/sdk';
import type { RoleChangePending } from '@shopfloor/sdk/admin';
import { sql } from 'kysely';
import type { AppDeps } from '../../deps.js';
import { conflict } from '../../http/problem.js';
import type { Db } from '../../http/route.js';
import type { Principal } from '../../http/session.js';
import { audit } from '../../shared/audit.js';
import { toUser, type UserRow } from '../auth/store.js';
import { keepOneAdmin } from '../platform/admin-routes.js';
import { type Access, splitRoleChange } from './role-change.js';
import { roleRequestView } from './role-request-view.js';

export interface RoleChangeOutcome {
  /** The user with what applied at once. */
  user: UserRow;
  /** The grant that waits for a second administrator, when there is one. */
  pending: RoleChangePending | null;
}

/**
 * Sets a user's roles and scopes the four-eyes way (权限变更双人复核): removals and operator/planner
 * apply now, audit-logged; guarded roles and new scopes become a pending role request, audit-logged.
 * Runs in the caller's transaction; the user's cached access is dropped on this replica.
 */
export async function changeRoles(
  db: Db,
  deps: AppDeps,
  actor: Principal,
  row: UserRow,
  wanted: Access,
): Promise<RoleChangeOutcome> {
  const before: Access = { roles: row.roles as Role[], workshops: row.workshops, warehouses: row.warehouses };
  const { now, granted } = splitRoleChange(before, wanted);
  if (before.roles.includes('admin') && !now.roles.includes('admin')) {
    await keepOneAdmin(db, actor.orgId, row.id);
  }
  let user = row;
  if (!sameAccess(before, now)) {
    user = await db
      .updateTable('users')
      .set({ ...now, updated_at: deps.clock.now() })
      .where('org_id', '=', actor.orgId)
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(db, {
      orgId: actor.orgId,
      actor: actor.userId,
      action: 'user.roles.changed',
      subjectType: 'user',
      subjectId: row.id,
      before,
      after: now,
    });
  }
  deps.services.userAccess.forget(actor.orgId);
  if (!granted) return { user, pending: null };

  const waiting = await db
    .selectFrom('role_requests')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('user_id', '=', row.id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  // The same grant asked again (a retried request) answers the request already waiting.
  if (waiting && waiting.requested_by === actor.userId && sameAccess(addedBy(waiting), granted)) {
    return { user, pending: { user: toUser(user), roleRequest: roleRequestView(waiting, user.name) } };
  }
  const request = await db
    .insertInto('role_requests')
    .values({
      org_id: actor.orgId,
      user_id: row.id,
      roles_added: granted.roles,
      workshops_added: granted.workshops,
      warehouses_added: granted.warehouses,
      requested_by: actor.userId,
      requested_at: deps.clock.now(),
    })
    .onConflict((oc) =>
      // A literal, not a parameter: PostgreSQL matches the partial unique index by its predicate.
      oc.columns(['org_id', 'user_id']).where(sql<boolean>`status = 'pending'`).doNothing(),
    )
    .returningAll()
    .executeTakeFirst();
  if (!request) {
    throw conflict(
      'role-request-pending',
      `a role change for '${row.id}' already waits for a second administrator (request ${waiting?.id ?? '?'}): approve or reject it first`,
      { user: row.id, request: waiting ? String(waiting.id) : null },
    );
  }
  await audit(db, {
    orgId: actor.orgId,
    actor: actor.userId,
    action: 'user.roles.requested',
    subjectType: 'user',
    subjectId: row.id,
    before,
    after: { requestId: String(request.id), add: granted },
  });
  return { user, pending: { user: toUser(user), roleRequest: roleRequestView(request, user.name) } };
}

export const addedBy = (r: {
  roles_added: string[];
  workshops_added: string[];
  warehouses_added: string[];
}): Access => ({
  roles: r.roles_added as Role[],
  workshops: r.workshops_added,
  warehouses: r.warehouses_added,
});

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && new Set([...a, ...b]).size === new Set(a).size;

const sameAccess = (a: Access, b: Access) =>
  sameSet(a.roles, b.roles) && sameSet(a.workshops, b.workshops) && sameSet(a.warehouses, b.warehouses);
