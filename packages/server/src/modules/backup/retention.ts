import { rm } from 'node:fs/promises';
import type { Db } from '../../http/route.js';

/**
 * Keeps the newest `keep` daily backups and deletes the older ones, files and records. Manual and
 * pre-migration backups are the administrator's to delete: they are taken for a reason.
 */
export async function applyRetention(db: Db, keep: number): Promise<string[]> {
  const old = await db
    .selectFrom('backups')
    .select(['id', 'file'])
    .where('reason', '=', 'daily')
    .orderBy('taken_at', 'desc')
    .orderBy('id', 'desc')
    .offset(keep)
    .limit(10_000)
    .execute();
  for (const row of old) {
    await rm(row.file, { force: true });
    await db.deleteFrom('backups').where('id', '=', row.id).execute();
  }
  return old.map((r) => r.file);
}
