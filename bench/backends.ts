/**
 * The two databases every server section runs on: an empty PGlite, then PostgreSQL when one
 * answers (SHOPFLOOR_BENCH_PG_URL, default 127.0.0.1:5432/test) in a fresh schema dropped after.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { DatabaseHandle, openDatabase } from '../packages/server/src/index.js';
import { errorLine } from './report.js';

export const BENCH_PG_URL = process.env.SHOPFLOOR_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The URL as printed in reports: the password masked. */
export const shownPgUrl = (url = BENCH_PG_URL) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

/** Null when PostgreSQL answers, else why not (printed as the row's "skipped" reason). */
export async function probePostgres(url = BENCH_PG_URL): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    return `no PostgreSQL at ${shownPgUrl(url)} (${errorLine(error)})`;
  } finally {
    await client.end().catch(() => {});
  }
}

/** A fresh schema name for one PostgreSQL run. */
export const benchSchema = () => `bench_${randomUUID().replaceAll('-', '').slice(0, 12)}`;

/**
 * Runs `bench` on an empty in-memory PGlite, then on PostgreSQL in a fresh schema; an unreachable
 * PostgreSQL gives a `{ label, skipped }` row instead.
 */
export async function onEachBackend<T extends { label: string; skipped?: string }>(
  server: { openDatabase: typeof openDatabase },
  bench: (label: string, database: DatabaseHandle) => Promise<T>,
): Promise<T[]> {
  const outcomes: T[] = [];
  const pglite = await server.openDatabase({ dataDir: 'memory://' });
  try {
    outcomes.push(await bench('PGlite (embedded)', pglite));
  } finally {
    await pglite.close();
  }
  const unreachable = await probePostgres();
  if (unreachable) {
    outcomes.push({ label: 'PostgreSQL', skipped: unreachable } as T);
    return outcomes;
  }
  const schema = benchSchema();
  const database = await server.openDatabase({ url: BENCH_PG_URL, schema });
  try {
    outcomes.push(await bench('PostgreSQL', database));
  } finally {
    await database.db.schema.dropSchema(schema).ifExists().cascade().execute();
    await database.close();
  }
  return outcomes;
}
