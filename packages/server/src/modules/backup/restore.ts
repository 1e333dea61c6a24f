import { createReadStream } from 'node:fs';
import { latestVersion } from '../../db/migrations/index.js';
import { BackupFileError, type BackupManifest, verifyBackupFile } from './manifest.js';
import { loadPglite, readPayload } from './pglite.js';
import { pgRestore } from './postgres.js';

/** Where a backup goes back: the embedded database's folder, or a PostgreSQL database. */
export type RestoreTarget = { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string };

/**
 * Checks the file whole (manifest, checksum, schema version, kind of database) before it touches
 * the target, then restores it. The server must be stopped: see docs/backup.md.
 */
export async function restoreBackup(
  file: string,
  target: RestoreTarget,
  now: Date = new Date(),
): Promise<{ manifest: BackupManifest; movedAside?: string }> {
  const { manifest, payloadOffset } = await verifyBackupFile(file, latestVersion);
  if (manifest.database !== target.kind) {
    throw new BackupFileError(
      manifest.database === 'pglite'
        ? `${file} is a backup of the embedded database (PGlite), but DATABASE_URL names PostgreSQL: unset DATABASE_URL and set SHOPFLOOR_DATA_DIR to restore it`
        : `${file} is a backup of a PostgreSQL database (pg_dump), but no DATABASE_URL is set: set DATABASE_URL to the database to restore it into`,
    );
  }
  if (target.kind === 'pglite') {
    const moved = await loadPglite(await readPayload(file, payloadOffset), target.dataDir, now);
    return { manifest, ...moved };
  }
  await pgRestore(target.url, createReadStream(file, { start: payloadOffset }));
  return { manifest };
}
