import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { z } from 'zod';

/** First line of every backup file: what `shopfloor restore` looks for before anything else. */
export const BACKUP_MAGIC = 'shopfloor-backup/1\n';
/** The manifest is one JSON line; anything longer is not a manifest of ours. */
const MAX_HEADER_BYTES = 16 * 1024;

export const BackupManifest = z.object({
  /** How the payload after the manifest is written. */
  format: z.enum(['pglite-datadir-tar-gz', 'pg-dump-custom']),
  database: z.enum(['pglite', 'postgres']),
  /** Migration version of the database backed up: a newer one than the code knows is refused. */
  schemaVersion: z.number().int().min(0),
  serverVersion: z.string(),
  takenAt: z.string(),
  reason: z.enum(['manual', 'daily', 'pre-migration']),
  /** PostgreSQL: the schema dumped when it was not `public` (tests isolate themselves in one). */
  pgSchema: z.string().optional(),
  payloadBytes: z.number().int().min(0),
  /** sha256 of the payload, hex: a damaged file is refused before it replaces anything. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type BackupManifest = z.infer<typeof BackupManifest>;

/** A file `shopfloor restore` will not use; the message says why in a sentence. */
export class BackupFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupFileError';
  }
}

export function manifestHeader(manifest: BackupManifest): Buffer {
  return Buffer.from(`${BACKUP_MAGIC}${JSON.stringify(manifest)}\n`, 'utf8');
}

/** The manifest and where the payload starts; throws BackupFileError for a file that is not a backup. */
export async function readManifest(
  file: string,
): Promise<{ manifest: BackupManifest; payloadOffset: number }> {
  let head: Buffer;
  const handle = await open(file, 'r').catch((err: NodeJS.ErrnoException) => {
    throw new BackupFileError(`cannot read ${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  });
  try {
    const buffer = Buffer.alloc(MAX_HEADER_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, MAX_HEADER_BYTES, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  if (!head.subarray(0, BACKUP_MAGIC.length).equals(Buffer.from(BACKUP_MAGIC))) {
    throw new BackupFileError(
      `${file} is not a Shopfloor backup (it does not start with the backup manifest)`,
    );
  }
  const end = head.indexOf(0x0a, BACKUP_MAGIC.length);
  if (end < 0) throw new BackupFileError(`${file}: the backup manifest is cut off or too long`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(head.toString('utf8', BACKUP_MAGIC.length, end));
  } catch {
    throw new BackupFileError(`${file}: the backup manifest is not readable JSON`);
  }
  const manifest = BackupManifest.safeParse(parsed);
  if (!manifest.success) {
    throw new BackupFileError(
      `${file}: the backup manifest is not one this version reads (${manifest.error.issues
        .map((i) => `${i.path.join('.') || '(manifest)'}: ${i.message}`)
        .join('; ')})`,
    );
  }
  return { manifest: manifest.data, payloadOffset: end + 1 };
}

/**
 * Reads the whole file: the manifest, then the payload's length and checksum. Refuses a backup of a
 * newer schema than `latestVersion` (restoring it would give this code tables it does not know).
 */
export async function verifyBackupFile(
  file: string,
  latestVersion: number,
): Promise<{ manifest: BackupManifest; payloadOffset: number }> {
  const read = await readManifest(file);
  const { manifest, payloadOffset } = read;
  if (manifest.schemaVersion > latestVersion) {
    throw new BackupFileError(
      `${file} is a backup of schema version ${manifest.schemaVersion} (server ${manifest.serverVersion}); this version knows up to ${latestVersion}: restore it with Shopfloor ${manifest.serverVersion} or newer`,
    );
  }
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file, { start: payloadOffset })) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  if (bytes !== manifest.payloadBytes || hash.digest('hex') !== manifest.sha256) {
    throw new BackupFileError(
      `${file} is damaged: its content does not match the checksum in its manifest (${bytes} of ${manifest.payloadBytes} bytes read); use another backup`,
    );
  }
  return read;
}
