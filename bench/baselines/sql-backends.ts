/** The two databases the recursive-CTE baseline runs in: embedded PGlite and a PostgreSQL server. */
import type { SqlClient } from './recursive-cte.js';

export interface SqlDatabase {
  client: SqlClient;
  /** Name and version as the server reports it, for the report. */
  version: string;
  close(): Promise<void>;
}

export const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

async function serverVersion(client: SqlClient): Promise<string> {
  const { rows } = await client.query('SELECT version() AS version');
  const full = (rows[0] as { version: string }).version;
  return full.split(' on ')[0];
}

/** A fresh in-memory PGlite database. */
export async function openPglite(): Promise<SqlDatabase> {
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create();
  return { client: db, version: `PGlite 0.5.16 (${await serverVersion(db)})`, close: () => db.close() };
}

/**
 * A scratch schema in the PostgreSQL server at `url`, dropped on close. Answers the reason
 * instead when the server is not reachable, so the caller can report the skip.
 */
export async function openPostgres(url: string): Promise<SqlDatabase | { unreachable: string }> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    return { unreachable: error instanceof Error ? error.message || error.name : String(error) };
  }
  const schema = `shopfloor_bench_${process.pid}_${Date.now()}`;
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.query(`SET search_path TO ${schema}`);
  return {
    client,
    version: await serverVersion(client),
    close: async () => {
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.end();
    },
  };
}

/** Where the PostgreSQL baseline connects, with the password (if any) masked for the report. */
export function postgresUrl(): { url: string; shown: string } {
  const url = process.env.SHOPFLOOR_BENCH_PG_URL ?? DEFAULT_POSTGRES_URL;
  return { url, shown: url.replace(/:\/\/([^:/@]+):[^@]*@/, '://$1:***@') };
}
