import { existsSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { expectPositionals, parseCommandArgs } from '../../args.js';
import { EXIT, InputError, UsageError } from '../../errors.js';
import type { Command } from '../command.js';
import { backupThroughServer } from './remote.js';
import { cliActor, IN_USE, loadServer } from './server-config.js';

const HELP = `Usage: shopfloor backup [--out FILE] [--server URL --token TOKEN]

Takes a backup (备份) of the server's database into one file: a manifest (schema version, server
version, time, checksum) and the data — the embedded database's folder (PGlite), or pg_dump -Fc
(PostgreSQL; needs pg_dump installed). \`shopfloor restore <file>\` puts it back.

While the server runs on the embedded database, only the server may open its folder: pass --server
and an administrator's --token, the server takes the backup into SHOPFLOOR_BACKUP_DIR, records it
and this command downloads it. Without --server the command opens the database itself, from the
server's settings: DATABASE_URL, or SHOPFLOOR_DATA_DIR (the server must be stopped then).

Options:
  --out FILE       where to write it (default: SHOPFLOOR_BACKUP_DIR or the current folder,
                   shopfloor-<time>-manual.backup)
  --server URL     take it through the running server (http://host:8080)
  --token TOKEN    an administrator's API token or session token (with --server; or SHOPFLOOR_TOKEN)
  -h, --help       this text

Examples:
  shopfloor backup --server http://127.0.0.1:8080 --token sft_… --out /mnt/nas/shopfloor.backup
  SHOPFLOOR_DATA_DIR=/srv/shopfloor shopfloor backup --out /mnt/nas/shopfloor.backup
`;

export const backupCommand: Command = {
  name: 'backup',
  summary: 'Back up the server database into one file (PGlite folder or pg_dump)',
  help: HELP,
  async run(argv, context) {
    const command = 'shopfloor backup';
    const { values, positionals } = parseCommandArgs(
      argv,
      { out: { type: 'string' }, server: { type: 'string' }, token: { type: 'string' } },
      command,
    );
    if (values.help) {
      context.out.write(HELP);
      return EXIT.ok;
    }
    expectPositionals(positionals, [], command);
    const out = typeof values.out === 'string' ? resolve(values.out) : undefined;
    if (typeof values.server === 'string') {
      const token = typeof values.token === 'string' ? values.token : process.env.SHOPFLOOR_TOKEN;
      if (!token) throw new UsageError('--server needs --token (or SHOPFLOOR_TOKEN)', command);
      const { backup, file } = await backupThroughServer(
        values.server,
        token,
        (serverFile) => out ?? resolve(basename(serverFile)),
      );
      const { server } = await loadServer();
      const { manifest } = await server.backups.verifyBackupFile(file, Number.MAX_SAFE_INTEGER);
      context.out.write(
        `backup ${backup.id} taken by the server (${backup.file}, ${backup.bytes} bytes, schema version ${manifest.schemaVersion})\ndownloaded to ${file}\n`,
      );
      return EXIT.ok;
    }
    if (values.token !== undefined) throw new UsageError('--token goes with --server', command);
    return backupDirectly(out, context);
  },
};

async function backupDirectly(
  out: string | undefined,
  context: Parameters<Command['run']>[1],
): Promise<number> {
  const { server, config } = await loadServer();
  if (!config.databaseUrl) {
    const dir = resolve(config.dataDir);
    if (!existsSync(dir) || readdirSync(dir).length === 0) {
      throw new InputError(
        `no database in ${dir}: set SHOPFLOOR_DATA_DIR (or DATABASE_URL) as the server has it`,
      );
    }
    if (server.backups.pgliteFolderInUse(dir)) throw new InputError(`the data folder ${dir} ${IN_USE}`);
  }
  const handle = await server.openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: 1,
    prepare: config.databasePrepare,
  });
  try {
    const at = new Date();
    const file = out ?? resolve(join(config.backupDir ?? '.', server.backups.backupFileName(at, 'manual')));
    const source = await server.backups.backupSourceOf(handle.db, config.databaseUrl);
    const taken = await server.backups
      .takeBackup(handle.db, source, { file, reason: 'manual', at })
      .catch((error: Error) => {
        if (error instanceof server.backups.PgToolError) throw new InputError(error.message);
        throw error;
      });
    // A database older than the backups table (schema 8) has nowhere to record it; the file is whole all the same.
    const recorded = taken.manifest.schemaVersion >= 8;
    if (recorded) {
      await server.backups.recordBackup(handle.db, {
        takenAt: at,
        file: taken.file,
        bytes: taken.bytes,
        reason: 'manual',
        takenBy: cliActor(),
      });
    }
    context.out.write(
      `backup of ${handle.location} (schema version ${taken.manifest.schemaVersion}) written to ${taken.file}, ${taken.bytes} bytes${recorded ? '' : ' (not recorded: the database predates the backups list)'}\n`,
    );
    return EXIT.ok;
  } finally {
    await handle.close();
  }
}
