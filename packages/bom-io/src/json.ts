import { readFile } from 'node:fs/promises';
import type { BomDocument } from '@shopfloor/bom-engine';
import { BomFileError, type LoadedBom } from './source.js';

export interface ParseJsonOptions {
  /** Names the input in messages (`cannot read <file>: …`). Default `JSON input`. */
  file?: string;
}

/**
 * The DESIGN.md format as is; records are located by their index (`bomLines[12]`), which the
 * engine's messages already name. Only the shape is checked here; the engine validates the rest.
 */
export function parseBomJson(text: string, options: ParseJsonOptions = {}): LoadedBom {
  const file = options.file ?? 'JSON input';
  let document: unknown;
  try {
    document = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new BomFileError(file, `invalid JSON (${(error as Error).message})`);
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new BomFileError(file, 'expected a JSON object with items and bomLines');
  }
  for (const list of ['items', 'bomLines'] as const) {
    if (!Array.isArray((document as Record<string, unknown>)[list])) {
      throw new BomFileError(file, `expected an array "${list}" at the top level`);
    }
  }
  const bom = document as BomDocument;
  return {
    file,
    document: bom,
    locate: () => undefined,
    itemLocation: (code) => {
      const index = bom.items.findIndex((item) => item?.code === code);
      return index < 0 ? undefined : `items[${index}]`;
    },
  };
}

export async function loadJsonBom(path: string, displayName: string): Promise<LoadedBom> {
  return parseBomJson(await readFile(path, 'utf8'), { file: displayName });
}
