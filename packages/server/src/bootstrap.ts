import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ServerConfig } from './config.js';
import { currentVersion, latestVersion, migrate } from './db/migrations/index.js';
import type { Database } from './db/schema.js';
import { refusesWrites } from './http/errors.js';
import { backupBeforeMigrations } from './modules/backup/before-migrations.js';

export interface PreparedDatabase {
  sessionSecret: string;
  /** Versions this start applied (empty when the schema was current). */
  migrationsApplied: number[];
  /** Schema version the database is at now. */
  schemaVersion: number;
  /**
   * The database refused writes at start (a read-only replica, a role without INSERT): the server
   * serves reads, answers 503 to changes and reports `db: degraded` until writes come back.
   */
  readOnly: boolean;
  /** A start in production mode took away what demo mode had made (counts of this start; zero when nothing was left). */
  demoRetired: { users: number; apiTokens: number; sessionSecretRotated: boolean };
}

/**
 * Brings a database to what this code expects: schema migrated, the org present, and the session
 * secret — from the environment, or generated once and kept in the database so replicas share it.
 */
export async function prepareDatabase(db: Kysely<Database>, config: ServerConfig): Promise<PreparedDatabase> {
  try {
    return await prepareWritable(db, config);
  } catch (err) {
    if (!refusesWrites(err)) throw err;
    return prepareReadOnly(db, config, err as Error);
  }
}

async function prepareWritable(db: Kysely<Database>, config: ServerConfig): Promise<PreparedDatabase> {
  const preMigration = await backupBeforeMigrations(db, config);
  const { applied } = await migrate(db);
  await preMigration?.record(db);
  const platform = config.dingtalk ? 'dingtalk' : config.wecom ? 'wecom' : 'demo';
  const before = await db
    .selectFrom('orgs')
    .select('platform')
    .where('id', '=', config.orgId)
    .executeTakeFirst();
  await db
    .insertInto('orgs')
    .values({ id: config.orgId, name: config.orgName, platform })
    .onConflict((oc) => oc.column('id').doUpdateSet({ platform, name: config.orgName }))
    .execute();
  await db
    .insertInto('bom_revisions')
    .values({ org_id: config.orgId })
    .onConflict((oc) => oc.column('org_id').doNothing())
    .execute();
  // The secret is renewed once, when the org moves from the demo to a platform: not on every start
  // of a server with demo mode off and no platform (API tokens only), whose org stays 'demo'.
  const movedOffDemo = before?.platform === 'demo' && platform !== 'demo';
  const demoRetired = config.demo
    ? { users: 0, apiTokens: 0, sessionSecretRotated: false }
    : await retireDemo(db, config, movedOffDemo);
  const prepared = { migrationsApplied: applied, schemaVersion: latestVersion, readOnly: false, demoRetired };
  if (config.sessionSecret) return { ...prepared, sessionSecret: config.sessionSecret };
  await db
    .insertInto('settings')
    .values({ key: 'session_secret', value: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  return { ...prepared, sessionSecret: await storedSecret(db) };
}

/** A database that refuses writes can still be served, if a writable start prepared it before. */
async function prepareReadOnly(
  db: Kysely<Database>,
  config: ServerConfig,
  cause: Error,
): Promise<PreparedDatabase> {
  const refused = `the database refuses writes (${cause.message})`;
  const version = await currentVersion(db).catch(() => 0);
  if (version !== latestVersion) {
    throw new Error(
      `${refused} and its schema is at version ${version}, not ${latestVersion}: start once against a writable database to migrate it`,
    );
  }
  const org = await db.selectFrom('orgs').select('id').where('id', '=', config.orgId).executeTakeFirst();
  if (!org)
    throw new Error(
      `${refused} and has no org '${config.orgId}' yet: start once against a writable database`,
    );
  const sessionSecret = config.sessionSecret ?? (await storedSecret(db).catch(() => undefined));
  if (!sessionSecret) {
    throw new Error(`${refused} and holds no session secret: set SHOPFLOOR_SESSION_SECRET`);
  }
  return {
    sessionSecret,
    migrationsApplied: [],
    schemaVersion: version,
    readOnly: true,
    demoRetired: { users: 0, apiTokens: 0, sessionSecretRotated: false },
  };
}

/**
 * Production mode keeps nothing demo mode made usable: demo users deactivated, API tokens minted in
 * demo mode revoked, and, when the org was a demo until now, a new generated session secret so that
 * no session signed before still verifies (session tokens minted in demo mode are refused by their
 * claim as well). Idempotent: a later start finds nothing left to retire.
 */
async function retireDemo(
  db: Kysely<Database>,
  config: ServerConfig,
  wasDemo: boolean,
): Promise<PreparedDatabase['demoRetired']> {
  return db.transaction().execute(async (tx) => {
    const users = await tx
      .updateTable('users')
      .set({ active: false })
      .where('org_id', '=', config.orgId)
      .where('platform', '=', 'demo')
      .where('active', '=', true)
      .returning('id')
      .execute();
    const tokens = await tx
      .updateTable('api_tokens')
      .set({ revoked_at: new Date() })
      .where('org_id', '=', config.orgId)
      .where('minted_in_demo', '=', true)
      .where('revoked_at', 'is', null)
      .returning('id')
      .execute();
    const rotate = wasDemo && !config.sessionSecret;
    if (rotate) {
      await tx
        .updateTable('settings')
        .set({ value: randomBytes(32).toString('base64url') })
        .where('key', '=', 'session_secret')
        .execute();
    }
    if (users.length > 0 || tokens.length > 0 || rotate) {
      await tx
        .insertInto('audit_log')
        .values({
          org_id: config.orgId,
          actor: 'system',
          action: 'demo.retired',
          subject_type: 'org',
          subject_id: config.orgId,
          after: JSON.stringify({
            usersDeactivated: users.map((u) => u.id),
            apiTokensRevoked: tokens.length,
            sessionSecretRotated: rotate,
          }),
        })
        .execute();
    }
    return { users: users.length, apiTokens: tokens.length, sessionSecretRotated: rotate };
  });
}

async function storedSecret(db: Kysely<Database>): Promise<string> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', 'session_secret')
    .executeTakeFirstOrThrow();
  return row.value;
}
