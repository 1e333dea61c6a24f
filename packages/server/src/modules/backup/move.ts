import { existsSync, readdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { latestVersion, migrations } from '../../db/migrations/index.js';
import { type MoveTable, quoteIdent, sequencesOf, tablesInDependencyOrder } from './move-catalog.js';
import { countDifferences, LEDGER_CHECK_SQL, type LedgerCheck, readLedgerCheck } from './move-verify.js';
import { pgliteFolderInUse } from './pglite.js';

export interface MoveOptions {
  /** The embedded database's folder (SHOPFLOOR_DATA_DIR); the server must be stopped. */
  dataDir: string;
  /** postgres://… of an empty database (or of a database with an empty `schema`). */
  url: string;
  /** Schema to load into (created when missing); default: the connection's own (public). */
  schema?: string;
  /** Rows per insert statement. */
  batchRows?: number;
  onProgress?: (message: string) => void;
}

export interface MovedTable {
  table: string;
  rows: number;
}

export interface MoveResult {
  /** Schema version of the folder; the target ends at latestVersion (migrations after it run there). */
  sourceVersion: number;
  appliedAfterCopy: number[];
  schema: string;
  tables: MovedTable[];
  rows: number;
  sequences: number;
  ledger: LedgerCheck;
  /** Keys where the folder's own ledger already disagreed with its balances (carried over as they were). */
  sourceLedgerDisagreeing: number;
  seconds: number;
}

export type MoveErrorCode =
  | 'no-database'
  | 'in-use'
  | 'unreachable'
  | 'newer-schema'
  | 'not-empty'
  | 'mismatch';

/** A move refused or undone for a reason the administrator can act on; the target is left as it was. */
export class MoveError extends Error {
  constructor(
    readonly code: MoveErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'MoveError';
  }
}

// The lock migrate() takes: a server started on the target meanwhile waits for the move.
const MIGRATION_LOCK = 7260401;

/**
 * Copies an embedded database (PGlite folder) into PostgreSQL in ONE transaction on the target:
 * the migrations up to the folder's version, every table's rows parent first in batches, the
 * sequences past what they handed out, the migrations after the folder's version, then the checks
 * (row counts per table, ledger = balances). Any failure rolls it all back, schema included.
 */
export async function moveToPostgres(options: MoveOptions): Promise<MoveResult> {
  const started = performance.now();
  const say = options.onProgress ?? (() => undefined);
  const batchRows = options.batchRows ?? 5000;
  if (!existsSync(options.dataDir) || readdirSync(options.dataDir).length === 0) {
    throw new MoveError(
      'no-database',
      `no database in ${options.dataDir}: set SHOPFLOOR_DATA_DIR (or --from)`,
    );
  }
  if (pgliteFolderInUse(options.dataDir)) {
    throw new MoveError(
      'in-use',
      `the data folder ${options.dataDir} is in use by a running server (it holds postmaster.pid): stop the server first. After a crash, make sure no server runs, delete postmaster.pid and try again`,
    );
  }
  // The target first: a wrong URL or password is told before the folder is opened (seconds).
  const target = new pg.Client({ connectionString: options.url });
  try {
    await target.connect();
  } catch (error) {
    await target.end().catch(() => undefined);
    throw new MoveError(
      'unreachable',
      `cannot connect to ${hidePassword(options.url)}: ${(error as Error).message}`,
    );
  }
  let source: PGlite | undefined;
  try {
    source = await PGlite.create(options.dataDir);
    const sourceVersion = await versionOf(source, options.dataDir);
    await target.query('begin');
    try {
      const result = await load(source, target, sourceVersion, options, batchRows, say);
      await target.query('commit');
      return { ...result, seconds: (performance.now() - started) / 1000 };
    } catch (error) {
      await target.query('rollback').catch(() => undefined);
      throw error;
    }
  } finally {
    await target.end().catch(() => undefined);
    await source?.close();
  }
}

const hidePassword = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

async function versionOf(source: PGlite, dataDir: string): Promise<number> {
  const exists = await source.query<{ n: number }>(
    `select count(*)::int as n from pg_tables where schemaname = 'public' and tablename = 'schema_migrations'`,
  );
  if (exists.rows[0]!.n === 0) {
    throw new MoveError('no-database', `${dataDir} holds no Shopfloor database (no schema_migrations table)`);
  }
  const r = await source.query<{ v: number | null }>('select max(version)::int as v from schema_migrations');
  const version = r.rows[0]?.v ?? 0;
  if (version > latestVersion) {
    throw new MoveError(
      'newer-schema',
      `${dataDir} is at schema version ${version}; this version knows up to ${latestVersion}: move it with the Shopfloor that last ran on it`,
    );
  }
  return version;
}

async function load(
  source: PGlite,
  target: pg.Client,
  sourceVersion: number,
  options: MoveOptions,
  batchRows: number,
  say: (message: string) => void,
): Promise<Omit<MoveResult, 'seconds'>> {
  await target.query(`select pg_advisory_xact_lock(${MIGRATION_LOCK})`);
  if (options.schema) {
    await target.query(`create schema if not exists ${quoteIdent(options.schema)}`);
    await target.query(`set local search_path to ${quoteIdent(options.schema)}`);
  }
  const schema = (await target.query<{ s: string }>('select current_schema() as s')).rows[0]!.s;
  await refuseNonEmpty(target, schema, options.url);

  await target.query(`create table schema_migrations (
    version integer primary key,
    name text not null,
    applied_at timestamptz not null default now()
  )`);
  for (const m of migrations.filter((m) => m.version <= sourceVersion)) await runMigration(target, m.sql);
  say(`schema version ${sourceVersion} created in "${schema}"`);

  const tables = await tablesInDependencyOrder(source);
  const copied = tables.filter((t) => t.name !== 'schema_migrations').map((t) => t.name);
  const present = new Set(
    (
      await target.query<{ t: string }>(`select tablename as t from pg_tables where schemaname = $1`, [
        schema,
      ])
    ).rows.map((r) => r.t),
  );
  const unknown = copied.filter((name) => !present.has(name));
  if (unknown.length > 0) {
    throw new MoveError(
      'mismatch',
      `the folder holds tables no Shopfloor migration creates (${unknown.join(', ')}): move them by hand`,
    );
  }
  const moved: MovedTable[] = [];
  for (const table of tables) {
    const rows = await copyTable(source, target, table, batchRows);
    moved.push({ table: table.name, rows });
    if (rows > 0) say(`${table.name}: ${rows} rows`);
  }

  const sourceCounts = new Map(moved.map((t) => [t.table, t.rows]));
  const targetCounts = new Map<string, number>();
  for (const { table } of moved) {
    const r = await target.query<{ n: string }>(`select count(*)::text as n from ${quoteIdent(table)}`);
    targetCounts.set(table, Number(r.rows[0]!.n));
  }
  const differences = countDifferences(sourceCounts, targetCounts);
  if (differences.length > 0) {
    throw new MoveError(
      'mismatch',
      `row counts differ after the copy (${differences.join('; ')}): nothing was kept`,
    );
  }

  const sequences = await sequencesOf(source);
  for (const sequence of sequences) await setSequence(target, schema, sequence.name, sequence.lastValue);

  const after = migrations.filter((m) => m.version > sourceVersion);
  for (const m of after) {
    await runMigration(target, m.sql);
    await target.query('insert into schema_migrations (version, name) values ($1, $2)', [m.version, m.name]);
  }
  if (after.length > 0) say(`migrated from version ${sourceVersion} to ${latestVersion}`);

  const sourceLedger = readLedgerCheck(
    (await source.query<{ keys: string; off: string }>(LEDGER_CHECK_SQL)).rows[0],
  );
  const ledger = readLedgerCheck(
    (await target.query<{ keys: string; off: string }>(LEDGER_CHECK_SQL)).rows[0],
  );
  if (ledger.disagreeing.length > sourceLedger.disagreeing.length) {
    const first = ledger.disagreeing[0]!;
    throw new MoveError(
      'mismatch',
      `the stock ledger disagrees with the balances after the copy on ${ledger.disagreeing.length} keys (first: ${first.item} at ${first.location}, ledger ${first.ledger}, balance ${first.balance}): nothing was kept`,
    );
  }
  return {
    sourceVersion,
    appliedAfterCopy: after.map((m) => m.version),
    schema,
    tables: moved,
    rows: moved.reduce((sum, t) => sum + t.rows, 0),
    sequences: sequences.length,
    ledger,
    sourceLedgerDisagreeing: sourceLedger.disagreeing.length,
  };
}

async function refuseNonEmpty(target: pg.Client, schema: string, url: string): Promise<void> {
  const r = await target.query<{ name: string }>(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = $1 and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f') order by c.relname`,
    [schema],
  );
  if (r.rows.length === 0) return;
  const names = r.rows.map((row) => row.name);
  const location = hidePassword(url);
  throw new MoveError(
    'not-empty',
    `the target is not empty: schema "${schema}" of ${location} already holds ${names.length} tables or sequences (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}). The move loads only into an empty database: create one (createdb shopfloor) or pass --schema with a new schema name`,
  );
}

/** One statement at a time, split as migrate() splits them. */
async function runMigration(target: pg.Client, text: string): Promise<void> {
  for (const statement of text
    .split(/;\s*\n/)
    .map((t) => t.trim())
    .filter(Boolean)) {
    await target.query(statement);
  }
}

/**
 * Rows travel as JSON, one array per batch: PostgreSQL turns each value back into its column's type
 * (numeric keeps every digit, jsonb stays jsonb), so no type is converted in JavaScript.
 */
async function copyTable(
  source: PGlite,
  target: pg.Client,
  table: MoveTable,
  batchRows: number,
): Promise<number> {
  const name = quoteIdent(table.name);
  const columns = table.columns.map(quoteIdent).join(', ');
  const insert = `insert into ${name} (${columns}) select ${columns} from jsonb_populate_recordset(null::${name}, $1::jsonb)`;
  let copied = 0;
  await source.exec(
    `begin; declare move_rows no scroll cursor for select to_jsonb(t)::text as r from ${name} t`,
  );
  try {
    for (;;) {
      const batch = await source.query<{ r: string }>(`fetch ${batchRows} from move_rows`);
      if (batch.rows.length === 0) break;
      await target.query(insert, [`[${batch.rows.map((row) => row.r).join(',')}]`]);
      copied += batch.rows.length;
    }
  } finally {
    await source.exec('close move_rows; commit');
  }
  return copied;
}

/** Past what the source handed out and past the largest value of the column it numbers. */
async function setSequence(
  target: pg.Client,
  schema: string,
  name: string,
  lastValue: string | null,
): Promise<void> {
  const owner = await target.query<{ table: string; column: string }>(
    `select t.relname as table, a.attname as column
     from pg_class s join pg_namespace n on n.oid = s.relnamespace
     join pg_depend d on d.objid = s.oid and d.deptype = 'a' and d.classid = 'pg_class'::regclass
     join pg_class t on t.oid = d.refobjid
     join pg_attribute a on a.attrelid = t.oid and a.attnum = d.refobjsubid
     where s.relname = $1 and n.nspname = $2`,
    [name, schema],
  );
  const column = owner.rows[0];
  const max = column
    ? (
        await target.query<{ m: string | null }>(
          `select max(${quoteIdent(column.column)})::text as m from ${quoteIdent(column.table)}`,
        )
      ).rows[0]!.m
    : null;
  if (lastValue === null && max === null) return;
  await target.query('select setval($1::regclass, greatest($2::bigint, $3::bigint), true)', [
    `${quoteIdent(schema)}.${quoteIdent(name)}`,
    lastValue,
    max,
  ]);
}
