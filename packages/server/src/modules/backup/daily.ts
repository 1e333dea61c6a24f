import { join } from 'node:path';
import { sql } from 'kysely';
import type { AppDeps } from '../../deps.js';
import type { Db } from '../../http/route.js';
import { runWorkers, type Worker } from '../../shared/worker.js';
import { applyRetention } from './retention.js';
import { lastBackupAt, recordBackup } from './store.js';
import { backupFileName, backupSourceOf, takeBackup } from './take.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Replicas of one database take the daily backup in turn, never two at once. */
const DAILY_BACKUP_LOCK = 7260408;
/** How often a replica looks whether the daily backup is due. */
export const DAILY_CHECK_INTERVAL_MS = 5 * 60 * 1000;

/**
 * Takes a backup into SHOPFLOOR_BACKUP_DIR when the last daily one is 24 hours old (or there is
 * none), then deletes daily backups beyond SHOPFLOOR_BACKUP_KEEP. Does nothing without a folder.
 */
export function createDailyBackupWorker(deps: AppDeps): Worker {
  const run = async (db: Db): Promise<number> => {
    const dir = deps.config.backupDir!;
    const now = deps.clock.now();
    const last = await lastBackupAt(db, 'daily');
    if (last && now.getTime() - last.getTime() < DAY_MS) return 0;
    const source = await backupSourceOf(deps.db, deps.config.databaseUrl);
    const taken = await takeBackup(deps.db, source, {
      file: join(dir, backupFileName(now, 'daily')),
      reason: 'daily',
      at: now,
    });
    await recordBackup(db, {
      takenAt: now,
      file: taken.file,
      bytes: taken.bytes,
      reason: 'daily',
      takenBy: null,
    });
    const removed = await applyRetention(db, deps.config.backupKeep);
    deps.logger.info({ file: taken.file, bytes: taken.bytes, removed }, 'daily backup taken');
    return 1;
  };
  return {
    name: 'daily-backup',
    async tick() {
      if (!deps.config.backupDir) return 0;
      // PGlite is one process and one connection (a transaction would hold the lock the dump waits for).
      if (deps.dbKind === 'pglite') return run(deps.db);
      // The lock lasts the transaction, the check and the record are in it: a replica that waited sees the new row.
      return deps.db.transaction().execute(async (tx) => {
        const got = await sql<{
          ok: boolean;
        }>`select pg_try_advisory_xact_lock(${DAILY_BACKUP_LOCK}) as ok`.execute(tx);
        return got.rows[0]?.ok ? run(tx) : 0;
      });
    },
  };
}

/** Starts the daily backups of a running server; returns the function that stops them. */
export function startDailyBackups(deps: AppDeps, intervalMs = DAILY_CHECK_INTERVAL_MS): () => Promise<void> {
  if (!deps.config.backupDir) return () => Promise.resolve();
  const worker = createDailyBackupWorker(deps);
  // The first look right away: a server restarted every night still gets its backup.
  const first = worker.tick().catch((err) => deps.logger.error({ err }, 'daily backup failed'));
  const stop = runWorkers([worker], intervalMs, deps.logger);
  return async () => {
    await first;
    await stop();
  };
}
