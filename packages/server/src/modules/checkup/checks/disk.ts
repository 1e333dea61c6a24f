import { statfs } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CheckupCheck } from '@shopfloor/sdk/admin';
import type { CheckupContext } from '../context.js';
import { check, errorMessage, say } from '../words.js';

const gib = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(1)} GiB`;

/** Free space where the server keeps its data: the PGlite folder; on PostgreSQL the backup folder when set. */
export async function diskCheck(ctx: CheckupContext): Promise<CheckupCheck> {
  const { dataDir, backupDir } = ctx.config;
  const folder = resolve(ctx.dbKind === 'postgres' && backupDir ? backupDir : dataDir);
  let free: number;
  try {
    const s = await statfs(folder).catch(() => statfs(resolve(folder, '..')));
    free = Number(s.bavail) * Number(s.bsize);
  } catch (err) {
    return check(
      'disk',
      'warn',
      say(`无法读取数据目录 ${folder} 的磁盘空间`, `cannot read the free space of ${folder}`),
      say(
        '确认 SHOPFLOOR_DATA_DIR 指向存在且可访问的目录。',
        'Make sure SHOPFLOOR_DATA_DIR names a folder that exists and is readable.',
      ),
      [errorMessage(err)],
    );
  }
  const { diskWarnBytes, diskFailBytes } = ctx.thresholds;
  const status = free < diskFailBytes ? 'fail' : free < diskWarnBytes ? 'warn' : 'ok';
  return check(
    'disk',
    status,
    say(`数据目录所在磁盘剩余 ${gib(free)}`, `${gib(free)} free on the data folder's disk`),
    say(
      `清理或扩容 ${folder} 所在的磁盘（旧备份可用 SHOPFLOOR_BACKUP_KEEP 限制数量）。`,
      `Free or grow the disk of ${folder} (SHOPFLOOR_BACKUP_KEEP limits how many backups are kept).`,
    ),
    [folder],
  );
}
