import { randomUUID } from 'node:crypto';
import { StockMovement } from '@shopfloor/sdk';
import { badRequest, forbidden } from '../../http/problem.js';
import { type HandlerContext, z } from '../../http/route.js';
import { emitEvent } from '../../shared/events.js';
import { isoShanghai } from '../../shared/time.js';
import { checkDocumentLines, nextDocumentNo } from './document-lines.js';
import { checkLots } from './lots.js';
import { movementsOf } from './queries.js';

const codeText = (max: number) => z.string().trim().min(1).max(max);

export const ReceiptInput = z
  .object({
    kind: z
      .enum(['purchase', 'other'])
      .optional()
      .describe('purchase (采购入库, default) or other (其他入库)'),
    reference: codeText(100).optional().describe('Purchase order or delivery note number'),
    comment: codeText(500).optional(),
    lines: z
      .array(
        z.object({
          item: codeText(64),
          qty: z.number().positive().finite(),
          location: codeText(32),
          lot: codeText(64).optional(),
        }),
      )
      .min(1)
      .max(500),
  })
  .meta({ id: 'StockReceiptInput' });
export type ReceiptInput = z.infer<typeof ReceiptInput>;

export const Receipt = z
  .object({
    id: z.string(),
    no: z.string(),
    kind: z.enum(['purchase', 'other']),
    warehouse: z.string(),
    reference: z.string().optional(),
    comment: z.string().optional(),
    createdBy: z.string(),
    createdAt: z.string(),
    lines: z.array(
      z.object({
        line: z.number().int(),
        item: z.string(),
        qty: z.number(),
        location: z.string(),
        lot: z.string().optional(),
      }),
    ),
    movements: z.array(StockMovement),
  })
  .meta({ id: 'StockReceipt' });
export type Receipt = z.infer<typeof Receipt>;

/**
 * 入库单: the document through which purchased (or otherwise received) stock enters. Stored and
 * posted in one transaction; one warehouse per receipt, and only a warehouse the caller keeps.
 */
export async function createReceipt(ctx: HandlerContext<unknown, unknown, ReceiptInput>): Promise<Receipt> {
  const { body, user, db, deps } = ctx;
  // The lines with their quantities as the items count them (float noise rounded away).
  const { warehouseOf, lines } = await checkDocumentLines(db, user.orgId, body.lines);
  const warehouses = [...new Set(lines.map((l) => warehouseOf.get(l.location)!))];
  if (warehouses.length > 1) {
    throw badRequest(`a receipt is for one warehouse; these lines go to ${warehouses.join(', ')}`, [
      { path: 'lines', message: `locations in several warehouses: ${warehouses.join(', ')}` },
    ]);
  }
  const warehouse = warehouses[0]!;
  if (!user.roles.includes('admin') && !user.warehouses.includes(warehouse)) {
    throw forbidden(`you do not keep warehouse ${warehouse}`, { warehouse }, 'warehouse-out-of-scope');
  }
  const at = deps.clock.now();
  // Received lots become known to genealogy; a known lot takes only more of its own item.
  await checkLots(
    db,
    user.orgId,
    lines.flatMap((l, line) => (l.lot === undefined ? [] : [{ lot: l.lot, item: l.item, line }])),
    { register: true, at },
  );
  const id = randomUUID();
  const no = await nextDocumentNo(db, 'RC', at);
  const kind = body.kind ?? 'purchase';
  await db
    .insertInto('stock_receipts')
    .values({
      id,
      org_id: user.orgId,
      no,
      kind,
      warehouse,
      reference: body.reference ?? null,
      comment: body.comment ?? null,
      created_by: user.userId,
      created_at: at,
    })
    .execute();
  await db
    .insertInto('stock_receipt_lines')
    .values(
      lines.map((l, n) => ({
        org_id: user.orgId,
        receipt_id: id,
        line_no: n,
        item: l.item,
        qty: l.qty,
        location: l.location,
        lot: l.lot ?? '',
      })),
    )
    .execute();
  await deps.services.stock.post(db, {
    orgId: user.orgId,
    actor: user.userId,
    source: { type: 'receipt', id },
    at,
    movements: lines.map((l) => ({
      kind: 'receipt' as const,
      item: l.item,
      location: l.location,
      lot: l.lot,
      qty: l.qty,
    })),
  });
  await emitEvent(db, {
    orgId: user.orgId,
    topic: 'stock-receipt.created',
    aggregateType: 'stock-receipt',
    aggregateId: id,
    payload: { id, no, kind, warehouse, lines, by: user.userId },
  });
  return {
    id,
    no,
    kind,
    warehouse,
    ...(body.reference ? { reference: body.reference } : {}),
    ...(body.comment ? { comment: body.comment } : {}),
    createdBy: user.userId,
    createdAt: isoShanghai(at)!,
    lines: lines.map((l, n) => ({ line: n, ...l })),
    movements: await movementsOf(db, user.orgId, 'receipt', id),
  };
}
