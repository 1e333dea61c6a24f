/**
 * A KeyValueStorage on disk for Node integrations: one file per key, written to a temporary file
 * and renamed, so a crash leaves either the old value or the new one, never half a value.
 * (The SDK's core imports nothing from Node; this lives with the app.)
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KeyValueStorage } from '@shopfloor/sdk';

export async function createFileStorage(directory: string): Promise<KeyValueStorage> {
  await mkdir(directory, { recursive: true });
  const fileOf = (key: string) => join(directory, `${encodeURIComponent(key)}.json`);
  return {
    async get(key) {
      try {
        return await readFile(fileOf(key), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async set(key, value) {
      const temporary = `${fileOf(key)}.${process.pid}.tmp`;
      await writeFile(temporary, value, { flush: true });
      await rename(temporary, fileOf(key));
    },
    async remove(key) {
      await rm(fileOf(key), { force: true });
    },
    async keys(prefix = '') {
      const names = await readdir(directory);
      return names
        .filter((name) => name.endsWith('.json'))
        .map((name) => decodeURIComponent(name.slice(0, -'.json'.length)))
        .filter((key) => key.startsWith(prefix));
    },
  };
}
