import type { Context } from 'hono';
import { readBody } from '../../http/body.js';
import { HttpProblem } from '../../http/problem.js';
import { requestHeader } from '../../http/request-header.js';
import { fileRefusal } from './report.js';

/** The workbook upload has a limit of its own: a 20,000-item workbook is a few MB, far past 1 MB. */
export const WORKBOOK_MAX_BYTES = 25 * 1024 * 1024;

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FILE_TYPES = [XLSX_TYPE, 'application/octet-stream', 'multipart/form-data'];

const tooLarge = (dryRun: boolean) =>
  fileRefusal(
    413,
    'too-large',
    `文件超过 ${WORKBOOK_MAX_BYTES / 1024 / 1024} MB：请拆成几个工作簿分批导入`,
    `the workbook is larger than ${WORKBOOK_MAX_BYTES / 1024 / 1024} MB: split it into several workbooks`,
    dryRun,
  );

/**
 * True for a workbook upload (`POST …/setup/workbook` with a file content type): the app's 1 MB
 * body limit does not apply to it, the route enforces WORKBOOK_MAX_BYTES instead.
 */
export function isWorkbookUpload(c: Context): boolean {
  if (c.req.method !== 'POST' || !c.req.path.endsWith('/setup/workbook')) return false;
  const type = (requestHeader(c, 'content-type') ?? '').toLowerCase();
  return FILE_TYPES.some((t) => type.startsWith(t));
}

/**
 * The workbook of `POST /setup/workbook`: the raw body (.xlsx or application/octet-stream) or the
 * `file` field of multipart/form-data. A declared length past the limit is refused before reading;
 * a chunked body is counted while it is read.
 */
export async function readWorkbookUpload(c: Context, dryRun: boolean): Promise<Uint8Array> {
  const type = (requestHeader(c, 'content-type') ?? '').toLowerCase();
  if (!FILE_TYPES.some((t) => type.startsWith(t))) {
    throw fileRefusal(
      415,
      'unsupported-media-type',
      '请上传 .xlsx 文件（Content-Type 为 .xlsx、application/octet-stream 或 multipart/form-data 的 file 字段）',
      `send the workbook as ${XLSX_TYPE}, application/octet-stream or the multipart/form-data field 'file'`,
      dryRun,
    );
  }
  if (Number(requestHeader(c, 'content-length') ?? 0) > WORKBOOK_MAX_BYTES) throw tooLarge(dryRun);
  let body: Buffer;
  try {
    body = await readBody(c, WORKBOOK_MAX_BYTES);
  } catch (error) {
    if (error instanceof HttpProblem && error.status === 413) throw tooLarge(dryRun);
    throw fileRefusal(400, 'unreadable', '无法读取上传的内容', 'the upload could not be read', dryRun);
  }
  if (!type.startsWith('multipart/form-data')) return body;
  let file: FormDataEntryValue | null;
  try {
    const form = await new Response(new Uint8Array(body), { headers: { 'content-type': type } }).formData();
    file = form.get('file');
  } catch {
    throw fileRefusal(400, 'unreadable', '无法读取上传的表单', 'the multipart body cannot be read', dryRun);
  }
  if (!(file instanceof File)) {
    throw fileRefusal(
      400,
      'no-file',
      '表单里没有名为 file 的文件',
      "the multipart body has no file field named 'file'",
      dryRun,
    );
  }
  return new Uint8Array(await file.arrayBuffer());
}
