import { stat } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { loadCsvBom } from './csv.js';
import { loadJsonBom } from './json.js';
import { BomFileError, type LoadedBom } from './source.js';
import { loadXlsxBom } from './xlsx.js';

/**
 * Reads a BOM from a `.json` file, a `.xlsx` workbook, or CSV (a folder of CSV files or one of
 * them). Throws `BomFileError` when the input cannot be read as a BOM; the document itself is not
 * validated here (that is `compileBom`/`validateBom`'s job).
 */
export async function loadBomFile(path: string): Promise<LoadedBom> {
  const fullPath = resolve(path);
  const info = await stat(fullPath).catch((error: NodeJS.ErrnoException) => {
    throw new BomFileError(path, error.code === 'ENOENT' ? 'no such file or directory' : describe(error));
  });
  const extension = extname(fullPath).toLowerCase();
  try {
    if (info.isDirectory() || extension === '.csv') return await loadCsvBom(fullPath, path);
    if (extension === '.json') return await loadJsonBom(fullPath, path);
    if (extension === '.xlsx') return await loadXlsxBom(fullPath, path);
  } catch (error) {
    if (error instanceof BomFileError) throw error;
    if (isErrno(error)) throw new BomFileError(path, describe(error));
    throw error;
  }
  throw new BomFileError(
    path,
    `unknown file type '${extension || '(none)'}' (expected .json, .csv, .xlsx or a folder of CSV files)`,
  );
}

function isErrno(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';
}

function describe(error: NodeJS.ErrnoException): string {
  const messages: Record<string, string> = {
    EACCES: 'permission denied',
    EISDIR: 'is a directory',
    ENOENT: 'no such file or directory',
  };
  return messages[error.code ?? ''] ?? error.code ?? error.message;
}
