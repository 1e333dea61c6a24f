import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import type { ServerConfig } from '../../config.js';
import { migrations } from '../../db/migrations/index.js';
import type { Database } from '../../db/schema.js';
import { recordBackup } from './store.js';
import { backupFileName, backupSourceOf, type TakenBackup, takeBackup } from './take.js';

/**
 * Before migrations change a database that already holds data, and when SHOPFLOOR_BACKUP_DIR is
 * set: a backup, the way back (docs/backup.md, rollback). A fresh database has nothing to lose. The
 * file is written before the migrations and recorded after them (the backups table may be one of
 * them). A failed backup stops the start: no migration runs without the backup that was asked for.
 */
export async function backupBeforeMigrations(
  db: Kysely<Database>,
  config: ServerConfig,
  at: Date = new Date(),
): Promise<{ taken: TakenBackup; record(db: Kysely<Database>): Promise<void> } | null> {
  if (!config.backupDir) return null;
  const exists = await sql<{ t: string | null }>`select to_regclass('schema_migrations')::text as t`.execute(
    db,
  );
  if (!exists.rows[0]?.t) return null;
  const done = await sql<{ version: number }>`select version from schema_migrations`.execute(db);
  if (done.rows.length === 0) return null;
  const have = new Set(done.rows.map((r) => Number(r.version)));
  if (migrations.every((m) => have.has(m.version))) return null;
  const source = await backupSourceOf(db, config.databaseUrl);
  const taken = await takeBackup(db, source, {
    file: join(config.backupDir, backupFileName(at, 'pre-migration')),
    reason: 'pre-migration',
    at,
  }).catch((err: Error) => {
    throw new Error(
      `the backup before migrations failed, so no migration ran (${err.message}); fix it, or unset SHOPFLOOR_BACKUP_DIR to migrate without one`,
    );
  });
  return {
    taken,
    async record(migrated) {
      await recordBackup(migrated, {
        takenAt: at,
        file: taken.file,
        bytes: taken.bytes,
        reason: 'pre-migration',
        takenBy: null,
      });
    },
  };
}
