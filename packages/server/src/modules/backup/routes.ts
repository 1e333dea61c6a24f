import { createReadStream, existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import { Backup, BackupList } from '@shopfloor/sdk/admin';
import { z } from 'zod';
import { conflict, HttpProblem, notFound } from '../../http/problem.js';
import { defineRoute } from '../../http/route.js';
import { PgToolError } from './postgres.js';
import { findBackup, listBackups, recordBackup } from './store.js';
import { BackupUnavailableError, backupFileName, backupSourceOf, takeBackup } from './take.js';

const IdParams = z.object({ id: z.coerce.number().int().min(1) });

export const backupRoutes = [
  defineRoute({
    method: 'post',
    path: '/backups',
    summary: 'Take a backup now (备份) into SHOPFLOOR_BACKUP_DIR and record it',
    description:
      'A consistent copy while the server runs: PGlite dumps its data folder between transactions, PostgreSQL runs pg_dump -Fc. `shopfloor backup --server` calls this, then downloads the file.',
    tags: ['backups'],
    auth: ['admin'],
    response: Backup,
    // No transaction around it: PGlite's dump waits for the one connection a transaction would hold.
    mutation: false,
    errors: [409, 503],
    async handler({ deps, user }) {
      const dir = deps.config.backupDir;
      if (!dir) {
        throw conflict(
          'backup-dir-not-set',
          'SHOPFLOOR_BACKUP_DIR is not set: the server has no folder for backups (see docs/backup.md)',
        );
      }
      const at = deps.clock.now();
      try {
        const source = await backupSourceOf(deps.db, deps.config.databaseUrl);
        const taken = await takeBackup(deps.db, source, {
          file: join(dir, backupFileName(at, 'manual')),
          reason: 'manual',
          at,
        });
        return await recordBackup(deps.db, {
          takenAt: at,
          file: taken.file,
          bytes: taken.bytes,
          reason: 'manual',
          takenBy: user.userId,
        });
      } catch (err) {
        if (err instanceof BackupUnavailableError) throw conflict('backup-unavailable', err.message);
        if (err instanceof PgToolError)
          throw new HttpProblem(503, 'backup-failed', 'Backup failed', err.message);
        throw err;
      }
    },
  }),
  defineRoute({
    method: 'get',
    path: '/backups',
    summary: 'Backups taken, newest first (the last 200)',
    tags: ['backups'],
    auth: ['admin'],
    response: BackupList,
    async handler({ db }) {
      return { items: await listBackups(db) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/backups/{id}/file',
    summary: 'Download a backup file',
    description: 'application/octet-stream; `shopfloor restore <file>` reads it (with the server stopped).',
    tags: ['backups'],
    auth: ['admin'],
    params: IdParams,
    response: null,
    errors: [404],
    async handler({ db, params }) {
      const backup = await findBackup(db, params.id);
      if (!backup) throw notFound(`no backup ${params.id}`, 'backup-not-found', { id: params.id });
      if (!existsSync(backup.file)) {
        throw notFound(`the file of backup ${params.id} is gone (${backup.file})`, 'backup-file-missing', {
          id: params.id,
        });
      }
      const stream = Readable.toWeb(createReadStream(backup.file)) as ReadableStream;
      return new Response(stream, {
        headers: {
          'Content-Type': 'application/octet-stream',
          'Content-Length': String(backup.bytes),
          'Content-Disposition': `attachment; filename="${basename(backup.file)}"`,
        },
      });
    },
  }),
];
