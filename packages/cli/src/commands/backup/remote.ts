import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Backup, Backup as BackupSchema } from '@shopfloor/sdk/admin';
import { InputError } from '../../errors.js';

/**
 * While the server runs on PGlite only the server may open its folder: it takes the backup
 * (POST /api/v1/backups) and the file is downloaded from it.
 */
export async function backupThroughServer(
  serverUrl: string,
  token: string,
  out: (serverFile: string) => string,
): Promise<{ backup: Backup; file: string }> {
  const base = `${serverUrl.replace(/\/+$/, '')}/api/v1`;
  const headers = { Authorization: `Bearer ${token}` };
  const taken = await call(`${base}/backups`, { method: 'POST', headers });
  const backup = BackupSchema.parse(await taken.json());
  const download = await call(`${base}/backups/${backup.id}/file`, { headers });
  const file = out(backup.file);
  try {
    await pipeline(
      Readable.fromWeb(download.body! as import('node:stream/web').ReadableStream),
      createWriteStream(file),
    );
  } catch (error) {
    await rm(file, { force: true });
    throw error;
  }
  return { backup, file };
}

async function call(url: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    throw new InputError(`cannot reach ${url}: ${(error as Error).cause ?? (error as Error).message}`);
  }
  if (response.ok) return response;
  const problem = (await response.json().catch(() => ({}))) as { detail?: string; title?: string };
  throw new InputError(
    `${init.method ?? 'GET'} ${url} answered ${response.status}: ${problem.detail ?? problem.title ?? response.statusText}`,
  );
}
