import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { DeferredBeginDialect } from './deferred-begin.js';
import { PGliteDialect } from './pglite-dialect.js';
import type { Database } from './schema.js';

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: 'pglite' | 'postgres';
  /** Where the data lives, for logs: a folder or a URL without its password. */
  location: string;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://… — a real PostgreSQL server. Wins over dataDir. */
  url?: string;
  /** Folder of the embedded database; 'memory://' for a throwaway one. */
  dataDir?: string;
  /** PostgreSQL schema to use (tests isolate themselves in one schema each). */
  schema?: string;
  poolSize?: number;
  /**
   * PostgreSQL: keep data statements prepared per connection under a name (default true). False
   * sends every statement unnamed — needed behind PgBouncer in transaction mode, where consecutive
   * transactions of one client connection may run on different server connections.
   */
  prepare?: boolean;
  /**
   * An idle pooled connection failed (server restart, terminated backend). Without a listener
   * node-postgres re-throws it as an unhandled 'error' event and the process dies; the pool drops
   * the connection and the next query opens a new one.
   */
  onIdleError?: (err: Error) => void;
}

// Dates stay 'YYYY-MM-DD' (no time-zone shifts); int8 (ids, counts) becomes a number.
const PARSERS = { 1082: (v: string) => v, 20: (v: string) => Number(v) };
pg.types.setTypeParser(1082, PARSERS[1082]);
pg.types.setTypeParser(20, PARSERS[20]);

// numeric comes back from PostgreSQL as strings; the stores convert them where they read.
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.url) {
    return openPostgres(
      options.url,
      options.schema,
      options.poolSize ?? 20,
      options.prepare ?? true,
      options.onIdleError,
    );
  }
  const dataDir = options.dataDir ?? './.shopfloor';
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir, { parsers: PARSERS });
  if (options.schema) {
    await client.exec(
      `create schema if not exists "${options.schema}"; set search_path to "${options.schema}";`,
    );
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
  return {
    db,
    kind: 'pglite',
    location: dataDir,
    async close() {
      await db.destroy();
      await client.close();
    },
  };
}

/** Statements kept prepared per PostgreSQL connection; the least recently used one goes beyond it. */
const PREPARED_PER_CONNECTION = 256;
/** Data statements with an explicit column list: what they return cannot change under them. */
const PREPARABLE = /^\s*(select|insert|update|delete|with)\b[^*]*$/is;

/**
 * Each data statement is prepared once per connection (a named statement) and then only bound and
 * executed: the server skips parsing and, once it settles on a generic plan, planning. Kysely sends
 * one statement at a time as (text, values). Statements with a `*` stay unnamed: a column added by
 * a newer replica's migration would change what they return ("cached plan must not change result
 * type"). Names are never reused, so a DEALLOCATE lost in an aborted transaction harms nothing.
 * Off with DATABASE_PREPARE=off: behind PgBouncer in transaction mode a named statement prepared in
 * one transaction is unknown on the server connection the next one gets.
 */
function keepStatementsPrepared(client: pg.PoolClient): void {
  const connection = (client as unknown as { connection?: { parsedStatements?: Record<string, string> } })
    .connection;
  if (!connection?.parsedStatements) return;
  const names = new Map<string, string>();
  let counter = 0;
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((...args: unknown[]) => {
    const [text, values] = args;
    if (
      args.length !== 2 ||
      typeof text !== 'string' ||
      !Array.isArray(values) ||
      !PREPARABLE.test(text) ||
      // Several statements in one string (see answerEveryStatement) cannot be prepared.
      (values.length === 0 && text.includes(';'))
    ) {
      return query(...args);
    }
    let name = names.get(text);
    if (name !== undefined) {
      names.delete(text);
    } else {
      name = `sf${++counter}`;
      if (names.size >= PREPARED_PER_CONNECTION) {
        const [oldText, oldName] = names.entries().next().value!;
        names.delete(oldText);
        delete connection.parsedStatements![oldName];
        (query(`deallocate ${oldName}`) as Promise<unknown>).catch(() => undefined);
      }
    }
    names.set(text, name);
    return query({ name, text, values });
  }) as typeof client.query;
}

/**
 * A string of several statements (no parameters: the simple-query protocol) answers one result per
 * statement, which Kysely would read as no rows. Here it answers the rows of all its statements in
 * order, and the last one's command and count: one round trip can then carry, say, BEGIN, a lock
 * and a read made after the lock is held (each statement takes its own snapshot).
 */
function answerEveryStatement(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((...args: unknown[]) => {
    const answer = query(...args);
    if (typeof args.at(-1) === 'function' || !(answer instanceof Promise)) return answer;
    return answer.then((result: pg.QueryResult | pg.QueryResult[]) => {
      if (!Array.isArray(result)) return result;
      const last = result.at(-1)!;
      return { ...last, rows: result.flatMap((r) => r.rows ?? []) };
    });
  }) as typeof client.query;
}

/**
 * How a handle runs a string of several statements (see callStatement): 'named' with its
 * connections' statements prepared (openDatabase, DATABASE_PREPARE on), 'literal' without
 * (DATABASE_PREPARE off); a handle opened elsewhere is absent and answers only the last one's rows.
 */
const severalStatements = new WeakMap<object, 'named' | 'literal'>();
/** Statements run by name in strings of several: name → text with $1, $2… */
const namedStatements = new Map<string, string>();
const EXECUTE_NAMED = /\bexecute (sfn_\w+)\(/g;

/** How `db` runs a string of several statements; undefined: send them one at a time. */
export function severalStatementsOf(db: object): 'named' | 'literal' | undefined {
  return severalStatements.get(db);
}

/**
 * A statement for a string of several (no parameters there): on a 'named' handle `execute
 * sfn_<name>(literals)`, its plan kept prepared per connection (prepared on the connection's first
 * use, a round trip of its own, once); on a 'literal' one the text with the literals in place.
 * Arguments are text (null: SQL NULL), escaped here.
 */
export function callStatement(
  mode: 'named' | 'literal',
  name: string,
  text: string,
  args: readonly (string | null)[],
): string {
  const full = `sfn_${name}`;
  const known = namedStatements.get(full);
  if (known !== undefined && known !== text) throw new Error(`${full} names two statements`);
  namedStatements.set(full, text);
  const literals = args.map((a) => (a === null ? 'NULL' : pg.escapeLiteral(a)));
  if (mode === 'named') return `execute ${full}(${literals.join(', ')})`;
  return text.replace(/\$(\d+)/g, (_, n: string) => literals[Number(n) - 1]!);
}

/** Prepares the named statements a string of several executes, the first time this connection sees them. */
function prepareNamedOnFirstUse(client: pg.PoolClient): void {
  const prepared = new Set<string>();
  const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
  client.query = ((...args: unknown[]) => {
    const [text, values] = args;
    if (typeof text !== 'string' || args.length > 2 || (Array.isArray(values) && values.length > 0)) {
      return query(...args);
    }
    const missing = [...text.matchAll(EXECUTE_NAMED)]
      .map((m) => m[1]!)
      .filter((name) => !prepared.has(name) && namedStatements.has(name));
    if (missing.length === 0) return query(...args);
    return (async () => {
      for (const name of new Set(missing)) {
        await query(`prepare ${name} as ${namedStatements.get(name)}`);
        prepared.add(name);
      }
      return query(...args);
    })();
  }) as typeof client.query;
}

async function openPostgres(
  url: string,
  schema: string | undefined,
  max: number,
  prepare: boolean,
  onIdleError: (err: Error) => void = () => undefined,
): Promise<DatabaseHandle> {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    // Each connection works in the test's schema when one is given.
    ...(schema ? { options: `-c search_path="${schema}"` } : {}),
  });
  pool.on('error', onIdleError);
  pool.on('connect', (client) => {
    // A connection cut while checked out between two statements (a transaction) emits 'error' on
    // the client, where the pool listens only while it is idle: report it, never crash the process.
    client.on('error', onIdleError);
    answerEveryStatement(client);
    if (prepare) {
      keepStatementsPrepared(client);
      prepareNamedOnFirstUse(client);
    }
  });
  if (schema) {
    const c = await pool.connect();
    try {
      await c.query(`create schema if not exists "${schema}"`);
    } finally {
      c.release();
    }
  }
  const db = new Kysely<Database>({ dialect: new DeferredBeginDialect(new PostgresDialect({ pool })) });
  severalStatements.set(db, prepare ? 'named' : 'literal');
  return {
    db,
    kind: 'postgres',
    location: url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@'),
    async close() {
      await db.destroy();
    },
  };
}
