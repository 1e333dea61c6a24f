/** Finding demo data to act on, through the API. No vitest here: bench/app.ts uses it too. */
import type { IssueRequest, ShopfloorClient, WorkOrder, WorkOrderOperation } from '@shopfloor/sdk';

export interface ReportableOperation {
  order: WorkOrder;
  op: WorkOrderOperation;
  /** How much more the operation may report (good + scrap) before the sequence rule refuses. */
  room: number;
}

/**
 * An open operation in one of `workshops` that can take at least `needed` more pieces: the first
 * operation up to the order quantity, a later one up to the previous operation's good output.
 */
export async function findReportableOperation(
  api: ShopfloorClient,
  workshops: string[],
  needed: number,
): Promise<ReportableOperation> {
  const orders: WorkOrder[] = [];
  for (const status of ['in-progress', 'released'] as const) {
    for await (const order of api.workOrders.list({ status })) orders.push(order);
  }
  for (const order of orders) {
    for (let i = 0; i < order.operations.length; i++) {
      const op = order.operations[i]!;
      if (op.status === 'done' || !workshops.includes(op.workshop)) continue;
      const input = i === 0 ? order.qty : order.operations[i - 1]!.goodQty;
      const room = input - op.goodQty - op.scrapQty;
      if (room >= needed) return { order, op, room };
    }
  }
  throw new Error(`no open operation in ${workshops.join(', ')} can take ${needed} more pieces`);
}

/** Stock of `item` in `warehouse`, all locations and lots together. */
export async function onHand(api: ShopfloorClient, item: string, warehouse: string): Promise<number> {
  let total = 0;
  for await (const balance of api.stock.balances({ item, warehouse })) total += balance.qty;
  return total;
}

export interface CreatedRequest {
  request: IssueRequest;
  item: string;
  warehouse: string;
}

/**
 * Creates (as `requester`) a pending issue request of `qty` of a bought component that an open
 * work order still needs by its BOM and that `warehouse` holds enough of at one location and lot.
 * `skip` leaves out work orders already used, so two requests do not compete for one requirement.
 */
export async function createIssueRequestWithStock(
  requester: ShopfloorClient,
  warehouse: string,
  qty: number,
  skip: ReadonlySet<string> = new Set(),
): Promise<CreatedRequest> {
  for (const status of ['released', 'in-progress'] as const) {
    for await (const order of requester.workOrders.list({ status })) {
      if (skip.has(order.no)) continue;
      const materials = await requester.workOrders.materials(order.no);
      for (const line of materials.lines) {
        if (line.type !== 'buy' || line.remaining < qty) continue;
        const { items } = await requester.stock.balancesPage({ item: line.item, warehouse, limit: 100 });
        const source = items.filter((b) => b.qty >= qty).sort((a, b) => b.qty - a.qty)[0];
        if (!source?.location) continue;
        const request = await requester.issueRequests.create({
          warehouse,
          workOrderNo: order.no,
          lines: [
            { item: line.item, qty, location: source.location, ...(source.lot ? { lot: source.lot } : {}) },
          ],
          comment: 'e2e',
        });
        return { request, item: line.item, warehouse };
      }
    }
  }
  throw new Error(`no open work order needs ${qty} of a component ${warehouse} holds`);
}
