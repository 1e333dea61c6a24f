import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
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
    return openPostgres(options.url, options.schema, options.poolSize ?? 10, options.onIdleError);
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

async function openPostgres(
  url: string,
  schema: string | undefined,
  max: number,
  onIdleError: (err: Error) => void = () => undefined,
): Promise<DatabaseHandle> {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    // Each connection works in the test's schema when one is given.
    ...(schema ? { options: `-c search_path="${schema}"` } : {}),
  });
  pool.on('error', onIdleError);
  if (schema) {
    const c = await pool.connect();
    try {
      await c.query(`create schema if not exists "${schema}"`);
    } finally {
      c.release();
    }
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'postgres',
    location: url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@'),
    async close() {
      await db.destroy();
    },
  };
}
