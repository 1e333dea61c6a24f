import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { PGlite } from '@electric-sql/pglite';
import { type Kysely, sql } from 'kysely';
import { currentVersion } from '../../db/migrations/index.js';
import type { Database } from '../../db/schema.js';
import { VERSION } from '../../version.js';
import { type BackupManifest, manifestHeader } from './manifest.js';
import { dumpPglite, pgliteBehind } from './pglite.js';
import { pgDump } from './postgres.js';

export type BackupReason = BackupManifest['reason'];

/** What is backed up: the embedded database itself, or a PostgreSQL database (one schema of it in tests). */
export type BackupSource =
  | { kind: 'pglite'; pglite: PGlite }
  | { kind: 'postgres'; url: string; schema?: string };

export class BackupUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupUnavailableError';
  }
}

/**
 * The source behind a server's database: PGlite when it is embedded, else DATABASE_URL and the
 * schema the connection works in (named in the dump only when it is not `public`).
 */
export async function backupSourceOf(
  db: Kysely<Database>,
  databaseUrl: string | undefined,
): Promise<BackupSource> {
  const pglite = await pgliteBehind(db);
  if (pglite) return { kind: 'pglite', pglite };
  if (!databaseUrl) {
    throw new BackupUnavailableError(
      'this server was given its PostgreSQL connection without DATABASE_URL: pg_dump has nothing to connect to',
    );
  }
  const r = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const schema = r.rows[0]?.schema;
  return { kind: 'postgres', url: databaseUrl, ...(schema && schema !== 'public' ? { schema } : {}) };
}

export interface TakenBackup {
  file: string;
  bytes: number;
  manifest: BackupManifest;
}

/** `shopfloor-<time>-<reason>.backup`: sorts by time, says why it was taken. */
export function backupFileName(at: Date, reason: BackupReason): string {
  return `shopfloor-${at.toISOString().replace(/[:.]/g, '-')}-${reason}.backup`;
}

/**
 * Writes a backup file: the manifest line, then the payload (PGlite's data folder as a gzip tar, or
 * `pg_dump -Fc`). Written under a `.partial` name and renamed at the end: a file with the final
 * name is always whole.
 */
export async function takeBackup(
  db: Kysely<Database>,
  source: BackupSource,
  options: { file: string; reason: BackupReason; at: Date },
): Promise<TakenBackup> {
  const file = resolve(options.file);
  await mkdir(dirname(file), { recursive: true });
  const schemaVersion = await currentVersion(db).catch(() => 0);
  const partial = join(dirname(file), `.${basename(file)}.partial`);
  const payloadFile = `${partial}.payload`;
  try {
    let payload: { bytes: number; sha256: string; write(to: NodeJS.WritableStream): Promise<void> };
    if (source.kind === 'pglite') {
      const dump = await dumpPglite(source.pglite);
      payload = {
        bytes: dump.length,
        sha256: createHash('sha256').update(dump).digest('hex'),
        write: (to) => new Promise((done, fail) => to.write(dump, (err) => (err ? fail(err) : done()))),
      };
    } else {
      await pgDump(source.url, payloadFile, source.schema);
      const hash = createHash('sha256');
      let bytes = 0;
      for await (const chunk of createReadStream(payloadFile)) {
        hash.update(chunk as Buffer);
        bytes += (chunk as Buffer).length;
      }
      payload = {
        bytes,
        sha256: hash.digest('hex'),
        write: (to) => pipeline(createReadStream(payloadFile), to, { end: false }),
      };
    }
    const manifest: BackupManifest = {
      format: source.kind === 'pglite' ? 'pglite-datadir-tar-gz' : 'pg-dump-custom',
      database: source.kind,
      schemaVersion,
      serverVersion: VERSION,
      takenAt: options.at.toISOString(),
      reason: options.reason,
      ...(source.kind === 'postgres' && source.schema ? { pgSchema: source.schema } : {}),
      payloadBytes: payload.bytes,
      sha256: payload.sha256,
    };
    await writeFile(partial, manifestHeader(manifest));
    const out = createWriteStream(partial, { flags: 'a' });
    await payload.write(out);
    await new Promise<void>((done, fail) => out.end((err?: Error | null) => (err ? fail(err) : done())));
    await rename(partial, file);
    return { file, bytes: (await stat(file)).size, manifest };
  } finally {
    await rm(partial, { force: true });
    await rm(payloadFile, { force: true });
  }
}
