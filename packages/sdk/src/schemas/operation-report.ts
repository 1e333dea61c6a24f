import * as z from 'zod/mini';
import {
  code,
  described,
  Id,
  IsoDateTime,
  NonNegativeQuantity,
  named,
  OperationSeq,
  PositiveQuantity,
  text,
  WorkOrderNo,
} from './common.js';

/** A lot consumed by the operation: becomes an edge of the lot genealogy. */
export const ConsumedLot = z.object({ lot: code(64), item: code(), qty: PositiveQuantity });
export type ConsumedLot = z.infer<typeof ConsumedLot>;

const reportFields = {
  goodQty: described(NonNegativeQuantity, 'Good quantity (合格数)'),
  scrapQty: described(NonNegativeQuantity, 'Scrap quantity (报废数)'),
  scrapReason: z.optional(described(text(200), 'Required when scrapQty > 0')),
  consumedLots: z.optional(z.array(ConsumedLot)),
  producedLot: z.optional(code(64)),
  startedAt: z.optional(IsoDateTime),
  deviceTime: described(
    IsoDateTime,
    'Clock of the device when the operator reported (may be hours before sending)',
  ),
};

/** Body of `POST /work-orders/{no}/operations/{seq}/reports` (报工). */
export const OperationReportInput = named(
  z.object(reportFields).check(
    z.superRefine((report, ctx) => {
      if (report.goodQty + report.scrapQty <= 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['goodQty'],
          message: 'report a good or a scrap quantity above 0',
        });
      }
      if (report.scrapQty > 0 && report.scrapReason === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['scrapReason'],
          message: 'a scrap reason is required when scrapQty > 0',
        });
      }
    }),
  ),
  'OperationReportInput',
);
export type OperationReportInput = z.infer<typeof OperationReportInput>;

/** A stored operation report. */
export const OperationReport = named(
  z.object({
    id: Id,
    workOrderNo: WorkOrderNo,
    seq: OperationSeq,
    ...reportFields,
    reporter: described(code(64), 'User id of the operator'),
    reportedAt: described(IsoDateTime, 'Server time the report was stored'),
  }),
  'OperationReport',
);
export type OperationReport = z.infer<typeof OperationReport>;
