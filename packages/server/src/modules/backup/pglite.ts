import { existsSync, readdirSync, renameSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

const gzipAsync = promisify(gzip);

/**
 * The PGlite instance under a Kysely built on PGliteDialect (its one connection holds it), or null
 * on PostgreSQL. The server has only the Kysely handle; the dump needs PGlite itself.
 */
export async function pgliteBehind(db: Kysely<Database>): Promise<PGlite | null> {
  let found: unknown = null;
  await db.getExecutor().provideConnection(async (connection) => {
    found = (connection as unknown as { pg?: unknown }).pg ?? null;
  });
  return found instanceof PGlite ? found : null;
}

/**
 * The data folder as a gzip tar. PGlite runs one statement at a time and the dump waits for its
 * query lock, so it is taken between transactions: a consistent copy while the server runs.
 * Requests wait while it holds the lock, so it copies uncompressed and gzips after, off the lock.
 */
export async function dumpPglite(pglite: PGlite): Promise<Buffer> {
  const dump = await pglite.dumpDataDir('none');
  return gzipAsync(new Uint8Array(await dump.arrayBuffer()), { level: 1 });
}

/**
 * Replaces the data folder with the dumped one. A folder that holds data is renamed aside
 * (`<folder>.before-restore-<time>`), never deleted: the administrator removes it once content.
 */
export async function loadPglite(
  payload: Buffer,
  dataDir: string,
  now: Date,
): Promise<{ movedAside?: string }> {
  let movedAside: string | undefined;
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    movedAside = `${dataDir.replace(/[/\\]+$/, '')}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
    renameSync(dataDir, movedAside);
  }
  const pglite = await PGlite.create(dataDir, {
    loadDataDir: new Blob([new Uint8Array(payload)], { type: 'application/x-gzip' }),
  });
  // Opening runs recovery from the write-ahead log; a query proves the copy is a working database.
  await pglite.query('select 1');
  await pglite.close();
  return movedAside ? { movedAside } : {};
}

export const readPayload = (file: string, offset: number) =>
  readFile(file).then((all) => all.subarray(offset));

/**
 * PGlite writes postmaster.pid into its folder while open and removes it on a clean close: a folder
 * with it is in use by a server (or was left by one that crashed). Two processes on one folder
 * corrupt it, so the CLI refuses such a folder.
 */
export function pgliteFolderInUse(dataDir: string): boolean {
  return existsSync(join(dataDir, 'postmaster.pid'));
}
