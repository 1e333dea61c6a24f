import * as z from 'zod/mini';
import type { WriteOptions } from '../../client/api/shared.js';
import type { Request } from '../../client/request.js';
import { ShopfloorError } from '../../errors/shopfloor-error.js';
import { SetupReport } from '../setup-schemas.js';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A big workbook takes its time on the server: 20,000 items and 60,000 BOM lines are a few seconds. */
const IMPORT_TIMEOUT_MS = 300_000;

export interface SetupImportOptions extends WriteOptions {
  /** Check only: the report tells what the import would do, nothing is written. */
  dryRun?: boolean;
  /** Per attempt; default 5 minutes. */
  timeoutMs?: number;
}

/** The setup workbook (开账工作簿): template, export of the current data, import. */
export function setupApi(request: Request) {
  const download = (filled: boolean) =>
    request<Uint8Array>({
      method: 'GET',
      path: '/setup/workbook.xlsx',
      ...(filled ? { query: { filled: true } } : {}),
      responseType: 'bytes',
      timeoutMs: IMPORT_TIMEOUT_MS,
    });
  return {
    /** The empty template: a 说明 sheet, one sheet per list, an example row each. */
    template: () => download(false),
    /** The current plant data in the template's shape: edit it and import it back. */
    export: () => download(true),
    /**
     * Imports (or with `dryRun` checks) a workbook. Problems in the workbook, and a file refused as
     * a whole (not an .xlsx, over 25 MB), do not throw: the report lists them with sheet, row and
     * column, and `applied` is false (the server wrote nothing). Sign-in, role and network
     * failures throw as usual.
     */
    async import(workbook: Uint8Array, options: SetupImportOptions = {}): Promise<SetupReport> {
      try {
        return await request({
          method: 'POST',
          path: '/setup/workbook',
          ...(options.dryRun ? { query: { dryRun: true } } : {}),
          raw: { bytes: workbook, contentType: XLSX_CONTENT_TYPE },
          idempotencyKey: options.idempotencyKey,
          timeoutMs: options.timeoutMs ?? IMPORT_TIMEOUT_MS,
          schema: SetupReport,
        });
      } catch (error) {
        // A refused import answers problem+json that carries the report.
        const report =
          error instanceof ShopfloorError && error.problem
            ? z.safeParse(SetupReport, error.problem)
            : undefined;
        if (report?.success) return report.data;
        throw error;
      }
    },
  };
}
