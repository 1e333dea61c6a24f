import type { CheckupCheck } from '@shopfloor/sdk/admin';
import { sql } from 'kysely';
import type { CheckupContext } from '../context.js';
import { check, say } from '../words.js';

/** Age of the last backup recorded in `backups` (a database without that table has none recorded). */
export async function backupCheck(ctx: CheckupContext): Promise<CheckupCheck> {
  const exists = await sql<{ t: string | null }>`select to_regclass('backups')::text as t`.execute(ctx.db);
  let last: Date | null = null;
  if (exists.rows[0]?.t) {
    const r = await sql<{ at: Date | null }>`select max(taken_at) as at from backups`.execute(ctx.db);
    last = r.rows[0]?.at ? new Date(r.rows[0].at) : null;
  }
  const fix = say(
    '运行 shopfloor backup，并设置 SHOPFLOOR_BACKUP_DIR 让服务器每天自动备份。',
    'Run shopfloor backup, and set SHOPFLOOR_BACKUP_DIR so the server backs up daily.',
  );
  if (!last) {
    return check(
      'backup',
      ctx.config.demo ? 'warn' : 'fail',
      say('没有任何备份记录', 'no backup recorded'),
      fix,
    );
  }
  const hours = (ctx.clock.now().getTime() - last.getTime()) / 3_600_000;
  const age = hours < 48 ? `${Math.max(0, Math.round(hours))} h` : `${Math.round(hours / 24)} d`;
  const { backupWarnHours, backupFailHours } = ctx.thresholds;
  const status = hours > backupFailHours ? 'fail' : hours > backupWarnHours ? 'warn' : 'ok';
  return check('backup', status, say(`最近一次备份在 ${age} 前`, `last backup ${age} ago`), fix, [
    last.toISOString(),
  ]);
}
