import { resolve } from 'node:path';
import { expectPositionals, parseCommandArgs } from '../args.js';
import { EXIT, InputError, UsageError } from '../errors.js';
import { IN_USE, loadServer } from './backup/server-config.js';
import type { Command } from './command.js';

const HELP = `Usage: shopfloor move-to-postgres [--from DIR] [--to URL] [--schema NAME] [--batch N] [--json]

Moves the embedded database (PGlite, a data folder) into an empty PostgreSQL database (迁移到
PostgreSQL), in one transaction: the same migrations, every table's rows (parents first, in
batches), the sequences set past their largest value, then checked — row counts equal in every
table, stock ledger = balances. Any failure leaves the target as it was. The folder is only read.

Stop the server first: a folder it has open (postmaster.pid) is refused. A target that already
holds tables is refused (exit code 2). Then start the server with DATABASE_URL and without
SHOPFLOOR_DATA_DIR; keep the folder until the server runs well on PostgreSQL.

Options:
  --from DIR      the data folder (default: SHOPFLOOR_DATA_DIR, as the server has it)
  --to URL        postgres://user:password@host:5432/db (default: DATABASE_URL)
  --schema NAME   load into this schema (created when missing) instead of the database's default
  --batch N       rows per insert (default 5000)
  --json          print the result as JSON
  -h, --help      this text

Example:
  SHOPFLOOR_DATA_DIR=/srv/shopfloor shopfloor move-to-postgres --to postgres://shopfloor@db:5432/shopfloor
`;

export const moveToPostgresCommand: Command = {
  name: 'move-to-postgres',
  summary: 'Move the embedded database (PGlite folder) into an empty PostgreSQL (server stopped)',
  help: HELP,
  async run(argv, context) {
    const command = 'shopfloor move-to-postgres';
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        from: { type: 'string' },
        to: { type: 'string' },
        schema: { type: 'string' },
        batch: { type: 'string' },
        json: { type: 'boolean' },
      },
      command,
    );
    if (values.help) {
      context.out.write(HELP);
      return EXIT.ok;
    }
    expectPositionals(positionals, [], command);
    const url = typeof values.to === 'string' ? values.to : process.env.DATABASE_URL;
    if (!url) throw new UsageError('where to? pass --to postgres://… or set DATABASE_URL', command);
    if (!/^postgres(ql)?:\/\//.test(url)) {
      throw new UsageError(`--to: a postgres:// URL is needed, not ${url.split(':')[0]}:…`, command);
    }
    const batchRows = values.batch === undefined ? 5000 : Number(values.batch);
    if (!Number.isInteger(batchRows) || batchRows < 1 || batchRows > 100_000) {
      throw new UsageError('--batch: a whole number of rows from 1 to 100000', command);
    }
    const schema = typeof values.schema === 'string' ? values.schema : undefined;
    if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
      throw new UsageError(
        '--schema: lower-case letters, digits and _ (at most 63), not starting with a digit',
        command,
      );
    }
    const { server, config } = await loadServer();
    const dataDir = resolve(typeof values.from === 'string' ? values.from : config.dataDir);
    const json = values.json === true;
    let moved: Awaited<ReturnType<typeof server.backups.moveToPostgres>>;
    try {
      moved = await server.backups.moveToPostgres({
        dataDir,
        url,
        ...(schema ? { schema } : {}),
        batchRows,
        onProgress: (message) => context.io.stderr.write(`move-to-postgres: ${message}\n`),
      });
    } catch (error) {
      const sqlState = (error as { code?: unknown }).code;
      if (!(error instanceof server.backups.MoveError)) {
        // A refusal of PostgreSQL's own (a role without CREATE, a full disk): the transaction rolled back.
        if (typeof sqlState === 'string' && /^[0-9A-Z]{5}$/.test(sqlState)) {
          throw new InputError(
            `PostgreSQL refused the move (${sqlState}): ${(error as Error).message}; nothing was kept`,
          );
        }
        throw error;
      }
      if (error.code === 'in-use') throw new InputError(`the data folder ${dataDir} ${IN_USE}`);
      if (error.code === 'mismatch') {
        context.io.stderr.write(`error: ${error.message}\n`);
        return EXIT.checkFailed;
      }
      throw new InputError(error.message);
    }
    if (json) {
      context.out.write(`${JSON.stringify(moved, null, 2)}\n`);
      return EXIT.ok;
    }
    const largest = [...moved.tables].sort((a, b) => b.rows - a.rows).slice(0, 5);
    const lines = [
      `moved ${dataDir} (schema version ${moved.sourceVersion}) into schema "${moved.schema}" of ${hidePassword(url)} in ${moved.seconds.toFixed(1)} s`,
      `  ${moved.tables.length} tables, ${moved.rows} rows (${largest.map((t) => `${t.table} ${t.rows}`).join(', ')}), ${moved.sequences} sequences`,
      `  checked: row counts equal in every table; stock ledger = balances on ${moved.ledger.keys} item/location/lot`,
      ...(moved.sourceLedgerDisagreeing > 0
        ? [
            `  note: the folder itself had ${moved.sourceLedgerDisagreeing} item/location/lot where the ledger and the balances disagree; they were copied as they were (run shopfloor doctor)`,
          ]
        : []),
      ...(moved.appliedAfterCopy.length > 0
        ? [`  migrated after the copy: versions ${moved.appliedAfterCopy.join(', ')}`]
        : []),
      `next: start the server with DATABASE_URL=${hidePassword(url)}${moved.schema === 'public' ? '' : ` (its role's search_path set to ${moved.schema}: ALTER ROLE … SET search_path = ${moved.schema})`} and without SHOPFLOOR_DATA_DIR; keep ${dataDir} until it runs well`,
    ];
    context.out.write(`${lines.join('\n')}\n`);
    return EXIT.ok;
  },
};

const hidePassword = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
