import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { expectPositionals, parseCommandArgs } from '../../args.js';
import { EXIT, InputError } from '../../errors.js';
import type { Command } from '../command.js';
import { IN_USE, loadServer } from './server-config.js';

const HELP = `Usage: shopfloor restore <file>

Puts a backup taken by \`shopfloor backup\` (or the server's daily and pre-migration backups) back
into the server's database, from the server's settings: DATABASE_URL (PostgreSQL, with pg_restore
--clean --if-exists; needs pg_restore installed) or SHOPFLOOR_DATA_DIR (the embedded database: the
folder that was there is renamed <folder>.before-restore-<time>, not deleted).

Stop the server first. The whole file is checked before anything is replaced: a file that is not a
Shopfloor backup, a damaged one, a backup of the other kind of database, or one of a newer schema
than this version knows is refused. A backup of an older schema is migrated when the server starts.

Options:
  -h, --help   this text

Example:
  SHOPFLOOR_DATA_DIR=/srv/shopfloor shopfloor restore /mnt/nas/shopfloor.backup
`;

export const restoreCommand: Command = {
  name: 'restore',
  summary: 'Restore a backup file into the server database (server stopped)',
  help: HELP,
  async run(argv, context) {
    const command = 'shopfloor restore';
    const { values, positionals } = parseCommandArgs(argv, {}, command);
    if (values.help) {
      context.out.write(HELP);
      return EXIT.ok;
    }
    const [file] = expectPositionals(positionals, ['file'], command);
    const { server, config } = await loadServer();
    const target = config.databaseUrl
      ? ({ kind: 'postgres', url: config.databaseUrl } as const)
      : ({ kind: 'pglite', dataDir: resolve(config.dataDir) } as const);
    if (
      target.kind === 'pglite' &&
      existsSync(target.dataDir) &&
      server.backups.pgliteFolderInUse(target.dataDir)
    ) {
      throw new InputError(`the data folder ${target.dataDir} ${IN_USE}`);
    }
    let restored: Awaited<ReturnType<typeof server.backups.restoreBackup>>;
    try {
      restored = await server.backups.restoreBackup(resolve(file!), target);
    } catch (error) {
      if (error instanceof server.backups.BackupFileError || error instanceof server.backups.PgToolError) {
        throw new InputError(error.message);
      }
      throw error;
    }
    const { manifest, movedAside } = restored;
    const where = target.kind === 'pglite' ? target.dataDir : 'the database of DATABASE_URL';
    const lines = [
      `restored ${resolve(file!)} into ${where}: a ${manifest.reason} backup of ${manifest.takenAt} (schema version ${manifest.schemaVersion}, Shopfloor ${manifest.serverVersion})`,
      ...(movedAside
        ? [`the folder that was there is now ${movedAside}: delete it once the server runs well`]
        : []),
      manifest.schemaVersion < server.latestVersion
        ? `the server migrates it from version ${manifest.schemaVersion} to ${server.latestVersion} when it starts`
        : 'start the server',
    ];
    context.out.write(`${lines.join('\n')}\n`);
    return EXIT.ok;
  },
};
