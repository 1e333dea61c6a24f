import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { documentFromLists, type ListName, matchListName, type RawList } from './columns.js';
import { CsvSyntaxError, parseCsv } from './csv-parse.js';
import { BomFileError, type LoadedBom } from './source.js';

/** The CSV texts of one BOM: one per list, as the files `items.csv`, `bomLines.csv`, `uomConversions.csv` hold them. */
export interface BomCsvTexts {
  items: string;
  bomLines: string;
  uomConversions?: string;
}

export interface ParseCsvOptions {
  /** Names the input in messages (`cannot read <file>: …`). Default `CSV input`. */
  file?: string;
  /** The file name of each list, for record locations (`bomLines.csv line 14`). Default `<list>.csv`. */
  names?: Partial<Record<ListName, string>>;
}

/** Reads a BOM from CSV texts held in memory (an upload); the same columns and aliases as the files. */
export function parseBomCsv(texts: BomCsvTexts, options: ParseCsvOptions = {}): LoadedBom {
  const file = options.file ?? 'CSV input';
  const list = (name: ListName, text: string) => csvList(text, options.names?.[name] ?? `${name}.csv`, file);
  return documentFromLists(file, {
    items: list('items', texts.items),
    bomLines: list('bomLines', texts.bomLines),
    uomConversions:
      texts.uomConversions === undefined ? undefined : list('uomConversions', texts.uomConversions),
  });
}

/**
 * A CSV BOM is a folder of one file per list: `items.csv`, `bomLines.csv` (or `bom.csv`,
 * `物料清单.csv` …) and optionally `uomConversions.csv`. The user names the folder or any file in
 * it; a file with an unrecognized name is taken as the BOM lines, its siblings give the rest.
 */
export async function loadCsvBom(path: string, displayName: string): Promise<LoadedBom> {
  const isFolder = (await stat(path)).isDirectory();
  const folder = isFolder ? path : dirname(path);
  const files = await findListFiles(folder);
  if (!isFolder && matchListName(basename(path, '.csv')) === undefined) files.bomLines = path;

  const missing = (['items', 'bomLines'] as const).filter((list) => files[list] === undefined);
  if (missing.length > 0) {
    const expected = missing.map((list) => (list === 'items' ? 'items.csv' : 'bomLines.csv')).join(' and ');
    throw new BomFileError(displayName, `no ${expected} in ${isFolder ? 'the folder' : 'the same folder'}`);
  }

  const read = async (list: ListName) => {
    const file = files[list];
    return file === undefined ? undefined : readCsvList(file, displayName);
  };
  return documentFromLists(displayName, {
    items: (await read('items'))!,
    bomLines: (await read('bomLines'))!,
    uomConversions: await read('uomConversions'),
  });
}

async function findListFiles(folder: string): Promise<Partial<Record<ListName, string>>> {
  const found: Partial<Record<ListName, string>> = {};
  for (const name of (await readdir(folder)).sort()) {
    if (!name.toLowerCase().endsWith('.csv')) continue;
    const list = matchListName(name.slice(0, -4));
    if (list !== undefined && found[list] === undefined) found[list] = join(folder, name);
  }
  return found;
}

async function readCsvList(file: string, displayName: string): Promise<RawList> {
  const name = basename(file);
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new BomFileError(displayName, `${name}: ${error.code ?? error.message}`);
  });
  return csvList(text, name, displayName);
}

/** The first record is the header; each other record keeps the physical line it starts on. */
function csvList(text: string, name: string, displayName: string): RawList {
  try {
    const [header, ...rows] = parseCsv(text);
    return {
      source: name,
      header: header?.fields ?? [],
      rows: rows.map((record) => ({ location: `${name} line ${record.line}`, cells: record.fields })),
    };
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new BomFileError(displayName, `${name}: ${error.message}`);
    throw error;
  }
}
