import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ServerConfig } from './config.js';
import { migrate } from './db/migrations/index.js';
import type { Database } from './db/schema.js';

/**
 * Brings a database to what this code expects: schema migrated, the org present, and the session
 * secret — from the environment, or generated once and kept in the database so replicas share it.
 */
export async function prepareDatabase(
  db: Kysely<Database>,
  config: ServerConfig,
): Promise<{ sessionSecret: string }> {
  await migrate(db);
  const platform = config.dingtalk ? 'dingtalk' : config.wecom ? 'wecom' : 'demo';
  await db
    .insertInto('orgs')
    .values({ id: config.orgId, name: config.orgName, platform })
    .onConflict((oc) => oc.column('id').doUpdateSet({ platform }))
    .execute();
  await db
    .insertInto('bom_revisions')
    .values({ org_id: config.orgId })
    .onConflict((oc) => oc.column('org_id').doNothing())
    .execute();
  if (config.sessionSecret) return { sessionSecret: config.sessionSecret };
  await db
    .insertInto('settings')
    .values({ key: 'session_secret', value: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', 'session_secret')
    .executeTakeFirstOrThrow();
  return { sessionSecret: row.value };
}
