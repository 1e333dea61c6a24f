import { randomBytes } from 'node:crypto';
import { AuditEntry, Page, User } from '@shopfloor/sdk';
import { sql } from 'kysely';
import { badRequest, conflict, notFound } from '../../http/problem.js';
import { type Db, defineRoute, z } from '../../http/route.js';
import { newApiToken } from '../../http/session.js';
import { audit } from '../../shared/audit.js';
import { decodeCursor, page } from '../../shared/cursor.js';
import { isoShanghai } from '../../shared/time.js';
import { findUser, toUser } from '../auth/store.js';

const pageQuery = { cursor: z.string().optional(), limit: z.number().int().min(1).max(500).optional() };

const ApiTokenInput = z.object({
  userId: z.string().trim().min(1).max(64),
  name: z.string().trim().min(1).max(100),
});

const ApiToken = z.object({
  id: z.string(),
  userId: z.string(),
  name: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});
/** The only answer that ever carries the clear token: the server keeps just its hash. */
const ApiTokenCreated = ApiToken.extend({ token: z.string() });

const IdParams = z.object({ id: z.string().min(1).max(64) });

type TokenRow = { id: string; user_id: string; name: string; created_at: Date; revoked_at: Date | null };
const tokenView = (r: TokenRow) => ({
  id: r.id,
  userId: r.user_id,
  name: r.name,
  createdAt: isoShanghai(r.created_at)!,
  revokedAt: isoShanghai(r.revoked_at),
});

export const adminRoutes = [
  defineRoute({
    method: 'get',
    path: '/users',
    summary: 'Users of the org with their roles and scopes (admin)',
    description:
      'Users who signed in from DingTalk or WeCom but have no role yet are listed too: `pending=true` shows only them.',
    tags: ['users'],
    auth: ['admin'],
    query: z.object({ ...pageQuery, pending: z.boolean().optional() }),
    response: Page(User),
    async handler({ query, user, db }) {
      const limit = query.limit ?? 100;
      const after = decodeCursor(query.cursor, 1);
      let q = db.selectFrom('users').selectAll().where('org_id', '=', user.orgId);
      if (query.pending) q = q.where(sql<boolean>`cardinality(roles) = 0`);
      if (after) q = q.where('id', '>', String(after[0]));
      const rows = await q
        .orderBy('id')
        .limit(limit + 1)
        .execute();
      const shown = page(rows, limit, (r) => [r.id]);
      return { items: shown.rows.map(toUser), nextCursor: shown.nextCursor };
    },
  }),
  // PUT /users/{id}/roles lives in modules/access (权限变更双人复核).
  defineRoute({
    method: 'get',
    path: '/auth/api-tokens',
    summary: 'API tokens of the org, without their secrets (admin)',
    tags: ['auth'],
    auth: ['admin'],
    query: z.object({ ...pageQuery, userId: z.string().optional() }),
    response: z.object({ items: z.array(ApiToken), nextCursor: z.string().nullable() }),
    async handler({ query, user, db }) {
      const limit = query.limit ?? 100;
      const after = decodeCursor(query.cursor, 1);
      let q = db
        .selectFrom('api_tokens')
        .select(['id', 'user_id', 'name', 'created_at', 'revoked_at'])
        .where('org_id', '=', user.orgId);
      if (query.userId) q = q.where('user_id', '=', query.userId);
      if (after) q = q.where('id', '>', String(after[0]));
      const rows = await q
        .orderBy('id')
        .limit(limit + 1)
        .execute();
      const shown = page(rows, limit, (r) => [r.id]);
      return { items: shown.rows.map(tokenView), nextCursor: shown.nextCursor };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/auth/api-tokens',
    summary: 'Create an API token for a user (admin): the token is shown once',
    description:
      "For SDK integrations (ERP, MES scripts): send it as `Authorization: Bearer sft_…`. It acts with the user's current roles. " +
      'Only a SHA-256 hash is stored; the clear token is in this answer and nowhere else.',
    tags: ['auth'],
    auth: ['admin'],
    body: ApiTokenInput,
    response: ApiTokenCreated,
    errors: [404],
    async handler({ body, user, db, deps }) {
      const owner = await findUser(db, user.orgId, body.userId);
      if (!owner?.active) throw notFound(`no active user '${body.userId}'`);
      const { token, hash } = newApiToken();
      const row = await db
        .insertInto('api_tokens')
        .values({
          id: `tok_${randomBytes(9).toString('base64url')}`,
          org_id: user.orgId,
          user_id: owner.id,
          name: body.name,
          token_hash: hash,
          created_at: deps.clock.now(),
          minted_in_demo: deps.config.demo,
        })
        .returning(['id', 'user_id', 'name', 'created_at', 'revoked_at'])
        .executeTakeFirstOrThrow();
      await audit(db, {
        orgId: user.orgId,
        actor: user.userId,
        action: 'api-token.created',
        subjectType: 'user',
        subjectId: owner.id,
        after: { tokenId: row.id, name: row.name, roles: owner.roles },
      });
      return { ...tokenView(row), token };
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/auth/api-tokens/{id}',
    summary: 'Revoke an API token (admin); it is refused from the next request on',
    tags: ['auth'],
    auth: ['admin'],
    params: IdParams,
    response: ApiToken,
    status: 200,
    errors: [404],
    async handler({ params, user, db, deps }) {
      const row = await db
        .selectFrom('api_tokens')
        .select(['id', 'user_id', 'name', 'created_at', 'revoked_at'])
        .where('org_id', '=', user.orgId)
        .where('id', '=', params.id)
        .executeTakeFirst();
      if (!row) throw notFound(`no API token '${params.id}'`);
      if (row.revoked_at) return tokenView(row);
      const revoked = await db
        .updateTable('api_tokens')
        .set({ revoked_at: deps.clock.now() })
        .where('id', '=', row.id)
        .returning(['id', 'user_id', 'name', 'created_at', 'revoked_at'])
        .executeTakeFirstOrThrow();
      await audit(db, {
        orgId: user.orgId,
        actor: user.userId,
        action: 'api-token.revoked',
        subjectType: 'user',
        subjectId: row.user_id,
        before: { tokenId: row.id, name: row.name },
      });
      return tokenView(revoked);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/audit',
    summary: 'Audit log, newest first (admin): who changed what, before and after',
    tags: ['audit'],
    auth: ['admin'],
    query: z.object({
      ...pageQuery,
      subjectType: z.string().max(40).optional(),
      subjectId: z.string().max(64).optional(),
      actor: z.string().max(64).optional(),
    }),
    response: Page(AuditEntry),
    async handler({ query, user, db }) {
      const limit = query.limit ?? 50;
      const after = decodeCursor(query.cursor, 1);
      let q = db.selectFrom('audit_log').selectAll().where('org_id', '=', user.orgId);
      if (query.subjectType) q = q.where('subject_type', '=', query.subjectType);
      if (query.subjectId) q = q.where('subject_id', '=', query.subjectId);
      if (query.actor) q = q.where('actor', '=', query.actor);
      if (after) q = q.where('id', '<', String(after[0]));
      const rows = await q
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute();
      const shown = page(rows, limit, (r) => [String(r.id)]);
      return {
        items: shown.rows.map((r) => ({
          id: String(r.id),
          at: isoShanghai(r.at)!,
          actor: r.actor,
          action: r.action,
          target: { type: r.subject_type, id: r.subject_id },
          ...(r.before === null ? {} : { before: r.before }),
          ...(r.after === null ? {} : { after: r.after }),
        })),
        nextCursor: shown.nextCursor,
      };
    },
  }),
];

export async function checkScopesExist(
  db: Db,
  orgId: string,
  workshops: string[],
  warehouses: string[],
): Promise<void> {
  const known = async (table: 'workshops' | 'warehouses', codes: string[]) => {
    if (codes.length === 0) return new Set<string>();
    // Deactivated workshops and warehouses are no longer granted.
    const rows = await db
      .selectFrom(table)
      .select('code')
      .where('org_id', '=', orgId)
      .where('code', 'in', codes)
      .where('active', '=', true)
      .execute();
    return new Set(rows.map((r) => r.code));
  };
  const [ws, wh] = await Promise.all([known('workshops', workshops), known('warehouses', warehouses)]);
  const errors = [
    ...workshops.flatMap((c, i) =>
      ws.has(c) ? [] : [{ path: `workshops.${i}`, message: `no active workshop '${c}'` }],
    ),
    ...warehouses.flatMap((c, i) =>
      wh.has(c) ? [] : [{ path: `warehouses.${i}`, message: `no active warehouse '${c}'` }],
    ),
  ];
  if (errors.length) throw badRequest(errors.map((e) => e.message).join('; '), errors);
}

/** Taking admin away from the last active admin would lock everybody out of user management. */
export async function keepOneAdmin(db: Db, orgId: string, losing: string): Promise<void> {
  const others = await db
    .selectFrom('users')
    .select('id')
    .where('org_id', '=', orgId)
    .where('active', '=', true)
    .where('id', '<>', losing)
    .where((eb) => eb(eb.val('admin'), '=', eb.fn.any('roles')))
    .limit(1)
    .execute();
  if (others.length === 0) {
    throw conflict('last-admin', `'${losing}' is the last administrator; grant admin to someone else first`);
  }
}
