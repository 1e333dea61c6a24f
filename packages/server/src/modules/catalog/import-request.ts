import { BomFileError, type LoadedBom, parseBomCsv, parseBomJson, parseBomXlsx } from '@shopfloor/bom-io';
import { BomDocument } from '@shopfloor/sdk';
import type { Context } from 'hono';
import { z } from 'zod';
import { readBody, readBodyText } from '../../http/body.js';
import { badRequest, HttpProblem } from '../../http/problem.js';
import { refuseUnsafeValues } from '../../http/route.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A BOM file as the request carried it, checked against the file format's schema. */
export interface ImportedFile {
  loaded: LoadedBom;
  document: BomDocument;
}

/**
 * Reads the body of `POST /boms/import`: a JSON BomDocument, an .xlsx body, or multipart/form-data
 * with a `file` (.xlsx or .json) or the CSV fields `items`, `bomLines` and `uomConversions`.
 */
export async function readImportRequest(c: Context): Promise<ImportedFile> {
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  let loaded: LoadedBom;
  try {
    if (type.includes('json')) loaded = parseBomJson(await readBodyText(c), { file: 'the JSON body' });
    else if (type.startsWith(XLSX_TYPE)) loaded = await parseBomXlsx(await readBody(c), { file: 'the body' });
    else if (type.startsWith('multipart/form-data')) loaded = await readForm(c, type);
    else {
      throw new HttpProblem(
        415,
        'unsupported-media-type',
        'Unsupported media type',
        'send the BOM as application/json, as an .xlsx body, or as multipart/form-data (file, or items/bomLines/uomConversions CSV fields)',
      );
    }
  } catch (error) {
    if (error instanceof BomFileError)
      throw badRequest(error.message, [{ path: 'file', message: error.reason }]);
    throw error;
  }
  return { loaded, document: checkShape(loaded) };
}

type FormValue = string | File;

async function readForm(c: Context, type: string): Promise<LoadedBom> {
  // Read within the body limit first, then parsed: the first value of each field counts.
  const body = await readBody(c);
  const form = new Map<string, FormValue>();
  try {
    const parsed = await new Response(new Uint8Array(body), { headers: { 'content-type': type } }).formData();
    parsed.forEach((value, name) => {
      if (!form.has(name)) form.set(name, value);
    });
  } catch {
    throw badRequest('the multipart body cannot be read');
  }
  const one = (name: string): FormValue | undefined => form.get(name);
  const file = one('file');
  if (file !== undefined) {
    const name = file instanceof File ? file.name : 'file';
    const extension = /\.[^.]+$/.exec(name.toLowerCase())?.[0] ?? '';
    if (extension === '.xlsx' && file instanceof File)
      return parseBomXlsx(await file.arrayBuffer(), { file: name });
    if (extension === '.json') return parseBomJson(await text(file), { file: name });
    throw badRequest(
      `cannot import ${name}: send an .xlsx or .json file, or CSV as the fields items, bomLines and uomConversions`,
      [{ path: 'file', message: `unsupported file type '${extension || '(none)'}'` }],
    );
  }
  const items = one('items');
  const bomLines = one('bomLines');
  if (items === undefined || bomLines === undefined) {
    const missing = [items === undefined && 'items', bomLines === undefined && 'bomLines'].filter(Boolean);
    throw badRequest(
      'a multipart import needs a file field (.xlsx or .json) or the CSV fields items and bomLines',
      missing.map((field) => ({ path: String(field), message: 'missing' })),
    );
  }
  const conversions = one('uomConversions');
  const nameOf = (value: FormValue | undefined, list: string) =>
    value instanceof File && value.name ? value.name : `${list}.csv`;
  return parseBomCsv(
    {
      items: await text(items),
      bomLines: await text(bomLines),
      uomConversions: conversions === undefined ? undefined : await text(conversions),
    },
    {
      file: 'the CSV upload',
      names: {
        items: nameOf(items, 'items'),
        bomLines: nameOf(bomLines, 'bomLines'),
        uomConversions: nameOf(conversions, 'uomConversions'),
      },
    },
  );
}

const text = async (value: FormValue) => (typeof value === 'string' ? value : value.text());

/**
 * The file format's schema (lengths, units, positive quantities) before the engine looks at the
 * graph; each problem names its field (`bomLines.3.qty`) and, for spreadsheets, its row.
 */
function checkShape(loaded: LoadedBom): BomDocument {
  refuseUnsafeValues(loaded.document);
  const checked = z.safeParse(BomDocument, loaded.document);
  if (checked.success) return checked.data;
  const errors = checked.error.issues.map((issue) => {
    const [list, index] = issue.path;
    const where =
      typeof list === 'string' && typeof index === 'number'
        ? loaded.locate(list as 'items', index)
        : undefined;
    return {
      path: issue.path.map(String).join('.') || '(body)',
      message: where ? `${where}: ${issue.message}` : issue.message,
    };
  });
  const first = errors[0]!;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  throw badRequest(`${first.path}: ${first.message}${more}`, errors);
}
