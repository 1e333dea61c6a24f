import type { CheckupCheck } from '@shopfloor/sdk/admin';
import { sql } from 'kysely';
import { currentVersion, latestVersion } from '../../../db/migrations/index.js';
import type { CheckupContext } from '../context.js';
import { checkTablePrivileges } from '../table-privileges.js';
import { check, errorMessage, say } from '../words.js';

export async function databaseCheck(ctx: CheckupContext): Promise<CheckupCheck> {
  const started = performance.now();
  try {
    const r = await sql<{ v: string }>`select version() as v`.execute(ctx.db);
    const ms = Math.round(performance.now() - started);
    const kind = ctx.dbKind === 'pglite' ? 'PGlite' : 'PostgreSQL';
    return check(
      'database',
      'ok',
      say(`${kind} 可连接（${ms} ms）`, `${kind} reachable (${ms} ms)`),
      undefined,
      [r.rows[0]!.v],
    );
  } catch (err) {
    return check(
      'database',
      'fail',
      say('数据库无法连接', 'the database is unreachable'),
      say(
        '检查 DATABASE_URL（或 SHOPFLOOR_DATA_DIR）与数据库服务是否在运行。',
        'Check DATABASE_URL (or SHOPFLOOR_DATA_DIR) and that the database server is running.',
      ),
      [errorMessage(err)],
    );
  }
}

export async function migrationsCheck(ctx: CheckupContext): Promise<CheckupCheck> {
  const version = await currentVersion(ctx.db).catch(() => 0);
  if (version === latestVersion) {
    return check(
      'migrations',
      'ok',
      say(`数据库结构为最新（版本 ${version}）`, `schema current (version ${version})`),
    );
  }
  const behind = version < latestVersion;
  return check(
    'migrations',
    'fail',
    behind
      ? say(
          `数据库结构为版本 ${version}，程序需要 ${latestVersion}`,
          `schema at version ${version}, the code expects ${latestVersion}`,
        )
      : say(
          `数据库结构为版本 ${version}，比程序（${latestVersion}）新`,
          `schema at version ${version}, newer than the code (${latestVersion})`,
        ),
    behind
      ? say(
          '先备份（shopfloor backup），再用有建表权限的账号启动一次服务器完成迁移。',
          'Take a backup (shopfloor backup), then start the server once with a role that may create tables to migrate.',
        )
      : say(
          '升级服务器程序到与数据库一致的版本。',
          'Upgrade the server to the version that migrated this database.',
        ),
  );
}

export async function privilegesCheck(ctx: CheckupContext): Promise<CheckupCheck> {
  const report = await checkTablePrivileges(ctx.db);
  if (report.missing.length === 0) {
    return check(
      'privileges',
      'ok',
      say(
        `数据库账号 ${report.role} 拥有所需的全部表权限`,
        `database role ${report.role} has every table privilege it needs`,
      ),
    );
  }
  const names = report.missing.map((m) => `${m.privilege} ${m.object}`);
  const shown = names.slice(0, 5).join(', ') + (names.length > 5 ? ` …(+${names.length - 5})` : '');
  return check(
    'privileges',
    'fail',
    say(`数据库账号 ${report.role} 缺少权限：${shown}`, `database role ${report.role} lacks ${shown}`),
    say(
      `以数据库管理员身份执行：${report.missing.map((m) => m.grant).join(' ')}`,
      `As the database administrator, run: ${report.missing.map((m) => m.grant).join(' ')}`,
    ),
    report.missing.map((m) => m.grant),
  );
}
