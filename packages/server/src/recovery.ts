import { prepareDatabase } from './bootstrap.js';
import type { ServerConfig } from './config.js';
import { type DatabaseHandle, openDatabase } from './db/database.js';
import { ensureAdmin, type LoginPlatform } from './modules/platform/login.js';

export interface GrantAdminInput {
  platform: LoginPlatform;
  platformUserId: string;
  name?: string;
  /** Written to the audit log as the actor: `cli:<os user>`. */
  actor: string;
  /** An open database to use instead of the one the config names (tests). */
  database?: DatabaseHandle;
}

/**
 * Recovery when every administrator has left: makes a DingTalk or WeCom user an administrator
 * straight in the database the server uses (DATABASE_URL, or the PGlite data folder — stop the
 * server first, PGlite opens a folder in one process only). Audit-logged like any grant.
 */
export async function grantAdminInDatabase(
  config: ServerConfig,
  input: GrantAdminInput,
): Promise<{ userId: string; roles: string[]; created: boolean }> {
  const handle =
    input.database ??
    (await openDatabase({
      url: config.databaseUrl,
      dataDir: config.dataDir,
      poolSize: 1,
      prepare: config.databasePrepare,
    }));
  try {
    await prepareDatabase(handle.db, config);
    return await handle.db.transaction().execute(async (tx) => {
      const before = await tx
        .selectFrom('users')
        .select('id')
        .where('org_id', '=', config.orgId)
        .where('platform', '=', input.platform)
        .where('platform_user_id', '=', input.platformUserId)
        .executeTakeFirst();
      const row = await ensureAdmin(tx, {
        orgId: config.orgId,
        platform: input.platform,
        platformUserId: input.platformUserId,
        name: input.name,
        actor: input.actor,
        reason: 'shopfloor admin grant',
        at: new Date(),
      });
      return { userId: row.id, roles: row.roles, created: !before };
    });
  } finally {
    if (!input.database) await handle.close();
  }
}
