// Backups (备份): taken by `shopfloor backup`, POST /backups, the daily worker and before migrations;
// restored by `shopfloor restore`. See docs/backup.md.
export { backupBeforeMigrations } from './before-migrations.js';
export { createDailyBackupWorker, startDailyBackups } from './daily.js';
export { BackupFileError, type BackupManifest, readManifest, verifyBackupFile } from './manifest.js';
export { MoveError, type MoveOptions, type MoveResult, moveToPostgres } from './move.js';
export { pgliteFolderInUse } from './pglite.js';
export { PgToolError } from './postgres.js';
export { type RestoreTarget, restoreBackup } from './restore.js';
export { applyRetention } from './retention.js';
export { type BackupRecord, listBackups, recordBackup } from './store.js';
export {
  type BackupReason,
  type BackupSource,
  BackupUnavailableError,
  backupFileName,
  backupSourceOf,
  type TakenBackup,
  takeBackup,
} from './take.js';
