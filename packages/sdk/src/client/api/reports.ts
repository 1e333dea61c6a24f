import { OperationReport, OperationReportInput } from '../../schemas/operation-report.js';
import { validate } from '../../schemas/validate.js';
import type { Request } from '../request.js';
import { path } from '../url.js';

export function reportsApi(request: Request) {
  return {
    /**
     * 报工: reports good/scrap quantities of operation `seq` of work order `workOrderNo`. The key is
     * required: a report must never be counted twice, and with a key it can be retried safely.
     */
    create: async (
      workOrderNo: string,
      seq: number,
      input: OperationReportInput,
      options: { idempotencyKey: string },
    ) =>
      request({
        method: 'POST',
        path: path`/work-orders/${workOrderNo}/operations/${seq}/reports`,
        body: validate(OperationReportInput, input, `report of ${workOrderNo}:${seq}`),
        idempotencyKey: options.idempotencyKey,
        schema: OperationReport,
      }),
  };
}
