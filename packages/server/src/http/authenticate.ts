import type { Role } from '@shopfloor/sdk';
import type { Context } from 'hono';
import type { AppDeps } from '../deps.js';
import { noteTokenUse } from '../modules/checkup/token-use.js';
import { unauthorized } from './problem.js';
import { requestHeader } from './request-header.js';
import { API_TOKEN_PREFIX, hashToken, type Principal, verifySession } from './session.js';

/** Resolves the bearer token of a request to its principal, or answers 401. */
export async function authenticate(c: Context, deps: AppDeps): Promise<Principal> {
  const header = requestHeader(c, 'Authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw unauthorized('sign in first: send Authorization: Bearer <token>');
  const token = match[1]!;
  if (token.startsWith(API_TOKEN_PREFIX)) return apiTokenPrincipal(token, deps);
  const principal = await verifySession(
    token,
    deps.secrets.session,
    Math.floor(deps.clock.now().getTime() / 1000),
  );
  if (!principal) throw unauthorized('the session token is invalid or expired; sign in again');
  // Another org's token, signed with the same secret on a shared database, is not ours to honour.
  if (principal.orgId !== deps.config.orgId) {
    throw unauthorized('this session belongs to another organisation; sign in here');
  }
  // Demo sessions die with demo mode, even when the secret that signed them lives on.
  if (principal.demo && !deps.config.demo) {
    throw unauthorized('this session was made in demo mode, which is off now; sign in again');
  }
  // Roles and scopes come from the user as they are now: a removal reaches sessions already issued.
  const now = await deps.services.userAccess.access(principal.orgId, principal.userId);
  if (!now) throw unauthorized('this account is not known here; sign in again');
  if (!now.active) throw unauthorized('this account is deactivated in Shopfloor; ask an administrator');
  return {
    orgId: principal.orgId,
    userId: principal.userId,
    name: now.name,
    roles: now.roles,
    workshops: now.workshops,
    warehouses: now.warehouses,
    ...(principal.demo ? { demo: true } : {}),
  };
}

async function apiTokenPrincipal(token: string, deps: AppDeps): Promise<Principal> {
  const row = await deps.db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', (j) => j.onRef('u.org_id', '=', 't.org_id').onRef('u.id', '=', 't.user_id'))
    .select([
      'u.org_id',
      'u.id',
      'u.name',
      'u.roles',
      'u.workshops',
      'u.warehouses',
      'u.active',
      't.revoked_at',
      't.minted_in_demo',
    ])
    .where('t.token_hash', '=', hashToken(token))
    // A token is good only on the servers of the org it was made in.
    .where('t.org_id', '=', deps.config.orgId)
    .executeTakeFirst();
  if (!row || row.revoked_at || !row.active) throw unauthorized('the API token is unknown or revoked');
  if (row.minted_in_demo && !deps.config.demo) {
    throw unauthorized(
      'this API token was made in demo mode, which is off now; ask an administrator for a new one',
    );
  }
  noteTokenUse(deps, hashToken(token));
  return {
    orgId: row.org_id,
    userId: row.id,
    name: row.name,
    roles: row.roles as Role[],
    workshops: row.workshops,
    warehouses: row.warehouses,
  };
}
