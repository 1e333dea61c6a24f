import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Db } from '../../http/route.js';
import type { BackupReason } from './take.js';

export interface BackupRecord {
  id: number;
  takenAt: string;
  file: string;
  bytes: number;
  reason: BackupReason;
  takenBy: string | null;
}

const toRecord = (r: {
  id: number;
  taken_at: Date;
  file: string;
  bytes: number;
  reason: BackupReason;
  taken_by: string | null;
}): BackupRecord => ({
  id: Number(r.id),
  takenAt: new Date(r.taken_at).toISOString(),
  file: r.file,
  bytes: Number(r.bytes),
  reason: r.reason,
  takenBy: r.taken_by,
});

export async function recordBackup(
  db: Db | Kysely<Database>,
  row: { takenAt: Date; file: string; bytes: number; reason: BackupReason; takenBy: string | null },
): Promise<BackupRecord> {
  const inserted = await db
    .insertInto('backups')
    .values({
      taken_at: row.takenAt,
      file: row.file,
      bytes: row.bytes,
      reason: row.reason,
      taken_by: row.takenBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRecord(inserted);
}

/** Newest first. */
export async function listBackups(db: Db, limit = 200): Promise<BackupRecord[]> {
  const rows = await db
    .selectFrom('backups')
    .selectAll()
    .orderBy('taken_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toRecord);
}

export async function findBackup(db: Db, id: number): Promise<BackupRecord | undefined> {
  const row = await db.selectFrom('backups').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

export async function lastBackupAt(db: Db, reason: BackupReason): Promise<Date | null> {
  const row = await db
    .selectFrom('backups')
    .select((eb) => eb.fn.max('taken_at').as('at'))
    .where('reason', '=', reason)
    .executeTakeFirst();
  return row?.at ? new Date(row.at) : null;
}
