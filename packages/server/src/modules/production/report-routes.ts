import { OperationReport, OperationReportInput, Page, PageQuery, WorkOrderNo } from '@shopfloor/sdk';
import { sql } from 'kysely';
import { z } from 'zod';
import { defineRoute } from '../../http/route.js';
import { decodeCursor, page } from '../../shared/cursor.js';
import { qty } from '../../shared/numbers.js';
import { isoShanghai } from '../../shared/time.js';
import { lockOperationRead, recordReport } from './report-service.js';

const OperationParams = z.object({ no: WorkOrderNo, seq: z.coerce.number().int().min(1).max(99_999) });

interface ReportRow {
  id: string;
  good_qty: string;
  scrap_qty: string;
  scrap_reason: string | null;
  produced_lot: string | null;
  reporter: string;
  device_time: Date | null;
  created_at: Date;
  precision: number;
  consumed: { lot: string; item: string; qty: string }[] | null;
}

export const reportRoutes = [
  defineRoute({
    method: 'post',
    path: '/work-orders/{no}/operations/{seq}/reports',
    summary: '报工: report good and scrap quantities of an operation',
    description:
      "Operators report only operations of their workshops. The work order must be released or in progress. An operation processes at most the previous operation's good output (the first: the order quantity). Consumed lots become genealogy edges into the produced lot; the last operation receives its good quantity into stock (and backflushes components when the work order says so). Send an Idempotency-Key: a retry is applied once.",
    tags: ['reports'],
    auth: ['operator'],
    params: OperationParams,
    body: OperationReportInput,
    response: OperationReport,
    errors: [404, 409, 422],
    firstRead: ({ params, user }) => lockOperationRead(user, params),
    handler: ({ params, body, user, db, deps, idempotency, firstRows }) =>
      recordReport(db, deps, user, params, body, idempotency, firstRows),
  }),

  defineRoute({
    method: 'get',
    path: '/work-orders/{no}/operations/{seq}/reports',
    summary: 'Reports of an operation, oldest first',
    tags: ['reports'],
    auth: 'any',
    params: OperationParams,
    query: PageQuery,
    response: Page(OperationReport),
    async handler({ params, query, user, db }) {
      const limit = query.limit ?? 50;
      const after = decodeCursor(query.cursor, 2);
      const r = await sql<ReportRow>`
        select r.id, r.good_qty, r.scrap_qty, r.scrap_reason, r.produced_lot, r.reporter, r.device_time,
               r.created_at, coalesce(i.precision, 6) as precision,
               (select json_agg(json_build_object('lot', e.from_lot, 'item', l.item, 'qty', e.qty) order by e.id)
                from genealogy_edges e join lots l on l.org_id = e.org_id and l.code = e.from_lot
                where e.report_id = r.id) as consumed
        from operation_reports r
        join work_orders wo on wo.org_id = r.org_id and wo.no = r.work_order_no
        left join items i on i.org_id = wo.org_id and i.code = wo.item
        where r.org_id = ${user.orgId} and r.work_order_no = ${params.no} and r.seq = ${params.seq}
          ${after ? sql`and (r.created_at, r.id) > (${String(after[0])}::timestamptz, ${String(after[1])}::uuid)` : sql``}
        order by r.created_at, r.id
        limit ${limit + 1}`.execute(db);
      const shown = page(r.rows, limit, (row) => [row.created_at.toISOString(), row.id]);
      return {
        items: shown.rows.map((row) => toReport(params, row)),
        nextCursor: shown.nextCursor,
      };
    },
  }),
];

function toReport(target: { no: string; seq: number }, row: ReportRow): OperationReport {
  const places = Number(row.precision);
  return {
    id: row.id,
    workOrderNo: target.no,
    seq: target.seq,
    goodQty: qty(row.good_qty, places),
    scrapQty: qty(row.scrap_qty, places),
    ...(row.scrap_reason !== null ? { scrapReason: row.scrap_reason } : {}),
    ...(row.consumed?.length
      ? { consumedLots: row.consumed.map((c) => ({ lot: c.lot, item: c.item, qty: qty(c.qty) })) }
      : {}),
    ...(row.produced_lot !== null ? { producedLot: row.produced_lot } : {}),
    deviceTime: isoShanghai(row.device_time ?? row.created_at)!,
    reporter: row.reporter,
    reportedAt: isoShanghai(row.created_at)!,
  };
}
