import { createHash } from 'node:crypto';
import type { AuthSession } from '@shopfloor/sdk';
import type { AppDeps } from '../../deps.js';
import { forbidden, notFound } from '../../http/problem.js';
import { signInLimiter } from '../../http/rate-limit.js';
import type { Db } from '../../http/route.js';
import { signSession } from '../../http/session.js';
import { audit } from '../../shared/audit.js';
import { findUserByPlatformId, toPrincipal, toUser, type UserRow } from '../auth/store.js';
import { platformClients } from './clients.js';
import type { PlatformIdentity } from './dingtalk.js';
import { platformProblem } from './problems.js';

export type LoginPlatform = 'dingtalk' | 'wecom';

const LABEL: Record<LoginPlatform, string> = { dingtalk: 'DingTalk', wecom: 'WeCom' };

/**
 * Exchanges a host app's one-time code for a session. The org and the corp are the server's own
 * settings; nothing the client sends besides the code is used.
 */
export async function loginWithCode(
  deps: AppDeps,
  platform: LoginPlatform,
  code: string,
): Promise<AuthSession> {
  const client = platformClients(deps)[platform];
  if (!client) throw notFound(`${LABEL[platform]} sign-in is not configured on this server`);
  let identity: PlatformIdentity;
  try {
    identity = await client.userByCode(code);
  } catch (err) {
    throw platformProblem(err, platform === 'dingtalk' ? 'getuserinfo' : 'auth/getuserinfo');
  }
  // The user is known only once the code is exchanged: past the limit, no session is issued.
  await signInLimiter(deps).takeUser(`${platform}:${identity.userId}`);
  const orgId = deps.config.orgId;
  const bootstrap = deps.config.admins.some((a) => a.platform === platform && a.userId === identity.userId);
  const row = bootstrap
    ? await deps.db.transaction().execute((tx) =>
        ensureAdmin(tx, {
          orgId,
          platform,
          platformUserId: identity.userId,
          name: identity.name,
          actor: 'system',
          reason: 'SHOPFLOOR_ADMINS',
          at: deps.clock.now(),
        }),
      )
    : await findUserByPlatformId(deps.db, orgId, platform, identity.userId);
  if (bootstrap) deps.services.userAccess.forget(orgId);
  if (!row) {
    await provision(deps, platform, identity);
    throw forbidden(
      `${identity.name ?? identity.userId} is not registered in Shopfloor; ask an administrator to grant you a role`,
    );
  }
  if (!row.active) throw forbidden('this account is deactivated in Shopfloor; ask an administrator');
  if (row.roles.length === 0) {
    throw forbidden('your account has no role in Shopfloor yet; ask an administrator to grant you one');
  }
  const token = await signSession(
    toPrincipal(row),
    deps.secrets.session,
    Math.floor(deps.clock.now().getTime() / 1000),
  );
  return { token, user: toUser(row) };
}

/**
 * A first sign-in creates the user with no roles (so an administrator finds them in the user list by
 * name), audited; they stay refused until a role is granted.
 */
async function provision(deps: AppDeps, platform: LoginPlatform, identity: PlatformIdentity): Promise<void> {
  const orgId = deps.config.orgId;
  const id = shopfloorUserId(platform, identity.userId);
  await deps.db.transaction().execute(async (tx) => {
    const created = await tx
      .insertInto('users')
      .values({
        org_id: orgId,
        id,
        name: (identity.name ?? identity.userId).slice(0, 100),
        roles: [],
        platform,
        platform_user_id: identity.userId,
      })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!created) return;
    await audit(tx, {
      orgId,
      actor: 'system',
      action: 'user.provisioned',
      subjectType: 'user',
      subjectId: id,
      after: { platform, platformUserId: identity.userId, roles: [] },
    });
  });
}

export interface EnsureAdminInput {
  orgId: string;
  platform: LoginPlatform;
  platformUserId: string;
  name?: string;
  /** Who made them admin: `system` for SHOPFLOOR_ADMINS, `cli:<os user>` for the recovery command. */
  actor: string;
  reason: string;
  at: Date;
}

/**
 * Makes a platform user an active administrator, creating them when new; audit-logged when anything
 * changed. Used by SHOPFLOOR_ADMINS at sign-in and by `shopfloor admin grant` for recovery.
 */
export async function ensureAdmin(db: Db, input: EnsureAdminInput): Promise<UserRow> {
  const id = shopfloorUserId(input.platform, input.platformUserId);
  const existing = await findUserByPlatformId(db, input.orgId, input.platform, input.platformUserId);
  if (existing?.active && existing.roles.includes('admin')) return existing;
  const row = existing
    ? await db
        .updateTable('users')
        .set({ roles: [...new Set([...existing.roles, 'admin'])], active: true, updated_at: input.at })
        .where('org_id', '=', input.orgId)
        .where('id', '=', existing.id)
        .returningAll()
        .executeTakeFirstOrThrow()
    : await db
        .insertInto('users')
        .values({
          org_id: input.orgId,
          id,
          name: (input.name ?? input.platformUserId).slice(0, 100),
          roles: ['admin'],
          platform: input.platform,
          platform_user_id: input.platformUserId,
          created_at: input.at,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
  await audit(db, {
    orgId: input.orgId,
    actor: input.actor,
    action: 'user.admin-bootstrapped',
    subjectType: 'user',
    subjectId: row.id,
    before: existing ? { roles: existing.roles, active: existing.active } : undefined,
    after: { roles: row.roles, active: row.active, reason: input.reason },
  });
  return row;
}

/** `dingtalk-<userid>`, hashed when the platform id would not fit the 64-character user id. */
export function shopfloorUserId(platform: LoginPlatform, platformUserId: string): string {
  const prefix = platform === 'dingtalk' ? 'dt-' : 'wc-';
  const id = prefix + platformUserId;
  if (id.length <= 64) return id;
  return prefix + createHash('sha256').update(platformUserId).digest('hex').slice(0, 40);
}
