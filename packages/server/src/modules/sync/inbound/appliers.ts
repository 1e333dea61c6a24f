import { randomUUID } from 'node:crypto';
import { roundQty } from '@shopfloor/bom-engine';
import type { WorkOrderStatus } from '../../../db/schema.js';
import { fitsPrecision, precisionMessage } from '../../../shared/numbers.js';
import { type ItemChanges, insertItem, itemFromRow, updateItem } from '../../catalog/item-store.js';
import { insertWorkOrder } from '../../production/work-order-store.js';
import { checkLots } from '../../stock/lots.js';
import type { ChunkContext, ItemRow } from './context.js';
import type { ItemRecord, PurchaseReceiptRecord, StockSnapshotRecord, WorkOrderRecord } from './records.js';
import { reject } from './reject.js';

/**
 * A record checked against the chunk's view (a Rejection is thrown before anything is written):
 * `write` makes the change, `commit` updates the chunk's view once it stuck, `result` is what the
 * log keeps of it.
 */
export interface Plan {
  result?: Record<string, unknown>;
  write?: () => Promise<void>;
  commit?: () => void;
}

const numberOf = (v: string | null) => (v === null ? null : Number(v));

/** Upserts an item by code through the catalog's item store; unit, type and precision stay as they are. */
export function planItem(ctx: ChunkContext, r: ItemRecord): Plan {
  const known = ctx.items.get(r.code);
  if (!known) {
    let row: ItemRow | undefined;
    return {
      result: { created: true },
      async write() {
        // In fast mode new items wait for one multi-row insert (the chunk's first write that
        // needs them, or its end); a safe-mode record inserts its own.
        if (!ctx.safe) {
          row = ctx.newItems.add(r);
          return;
        }
        row = await insertItem(ctx.tx, ctx.orgId, r, ctx.now);
        if (!row) {
          reject(
            'item-exists',
            'code',
            `item ${r.code} was created meanwhile by someone else; send the record again`,
          );
        }
      },
      commit: () => {
        ctx.items.set(r.code, row!);
        ctx.bumpBom = true;
        ctx.events.push({
          orgId: ctx.orgId,
          topic: 'item.created',
          aggregateType: 'item',
          aggregateId: r.code,
          payload: itemFromRow(row!),
        });
      },
    };
  }
  const fixed = (field: string, ours: string | number, theirs: string | number, how: string) =>
    reject(
      `item-${field}-change`,
      field,
      `item ${r.code} is ${how} ${ours} here, not ${theirs}: its ${field} changes only through a BOM import, which checks the whole BOM`,
      { item: r.code, ours, theirs },
    );
  if (known.uom !== r.uom) fixed('uom', known.uom, r.uom, 'counted in');
  if (known.type !== r.type) fixed('type', known.type, r.type, 'of type');
  if (r.precision !== undefined && r.precision !== known.precision) {
    fixed('precision', known.precision, r.precision, 'kept with decimals');
  }
  const changes: ItemChanges = {};
  if (r.name !== known.name) changes.name = r.name;
  if (r.spec !== undefined && r.spec !== known.spec) changes.spec = r.spec;
  if (r.safetyStock !== undefined && r.safetyStock !== Number(known.safety_stock)) {
    changes.safetyStock = r.safetyStock;
  }
  if (r.leadTime !== undefined && r.leadTime !== Number(known.lead_time)) changes.leadTime = r.leadTime;
  if (r.cost !== undefined && r.cost !== numberOf(known.cost)) changes.cost = r.cost;
  if (r.abcClass !== undefined && r.abcClass !== known.abc_class) changes.abcClass = r.abcClass;
  if (Object.keys(changes).length === 0) return { result: { changed: [] } };
  let row: ItemRow | undefined;
  return {
    result: { changed: Object.keys(changes) },
    async write() {
      await ctx.newItems.flush(); // the item may be one of this chunk's, not inserted yet
      row = await updateItem(ctx.tx, ctx.orgId, r.code, changes, ctx.now);
    },
    commit: () => {
      ctx.items.set(r.code, row!);
      // The compiled BOM carries name, lead time and cost (as PUT /items/{code} knows).
      if (changes.name !== undefined || changes.leadTime !== undefined || changes.cost !== undefined) {
        ctx.bumpBom = true;
      }
      ctx.events.push({
        orgId: ctx.orgId,
        topic: 'item.updated',
        aggregateType: 'item',
        aggregateId: r.code,
        payload: { code: r.code, changes },
      });
    },
  };
}

/** A quantity of an item as the item counts it, or a rejection naming the item's precision. */
function itemQty(ctx: ChunkContext, code: string, qty: number, path = 'qty'): { item: ItemRow; qty: number } {
  const item = ctx.items.get(code);
  if (!item) reject('unknown-item', path === 'qty' ? 'item' : path, `unknown item ${code}`, { item: code });
  if (!fitsPrecision(qty, item.precision)) {
    reject('qty-precision', 'qty', `qty: ${precisionMessage(item, qty)}`, {
      item: code,
      precision: item.precision,
    });
  }
  return { item, qty: roundQty(qty, item.precision) };
}

// On hold and cancelled here too (docs/work-orders.md): the other system must not resume or revive it.
const STARTED: readonly WorkOrderStatus[] = ['in-progress', 'on-hold', 'done', 'closed', 'cancelled'];

/**
 * Creates a work order (operations from the item's routing, receipt location the default one, as
 * POST /work-orders does), or changes qty, due date and status of one that has not started here.
 */
export function planWorkOrder(ctx: ChunkContext, r: WorkOrderRecord): Plan {
  const { qty } = itemQty(ctx, r.item, r.qty);
  const routing = ctx.routings.get(r.item);
  if (r.workshop !== undefined) {
    if (!ctx.workshops.has(r.workshop)) {
      reject('unknown-workshop', 'workshop', `unknown workshop ${r.workshop}`, { workshop: r.workshop });
    }
    if (routing && !routing.has(r.workshop)) {
      reject(
        'workshop-not-on-routing',
        'workshop',
        `the routing of ${r.item} does not pass through workshop ${r.workshop} (it runs through ${[...routing].join(', ')})`,
        { item: r.item, workshop: r.workshop },
      );
    }
  }
  const known = ctx.workOrders.get(r.no);
  const by = ctx.actor;
  if (!known) {
    if (r.status === 'closed') {
      reject(
        'work-order-closed-unknown',
        'status',
        `work order ${r.no} is closed in the other system and was never opened here: there is nothing to close`,
        { workOrderNo: r.no },
      );
    }
    if (!routing) {
      reject(
        'no-routing',
        'item',
        `item ${r.item} has no routing: define its operations before work orders for it come in`,
        { item: r.item },
      );
    }
    const release = r.status === 'released';
    const write = async () => {
      const inserted = await insertWorkOrder(ctx.tx, ctx.orgId, {
        no: r.no,
        item: r.item,
        qty,
        due: r.dueDate,
        location: ctx.defaultFinishedLocation ?? undefined,
        issueLocation: undefined,
        createdAt: ctx.now,
      });
      if (!inserted)
        reject('work-order-exists', 'no', `work order ${r.no} was created meanwhile by someone else`);
      if (release) {
        await ctx.tx
          .updateTable('work_orders')
          .set({ status: 'released', released_at: ctx.now })
          .where('org_id', '=', ctx.orgId)
          .where('no', '=', r.no)
          .execute();
      }
    };
    const status: WorkOrderStatus = release ? 'released' : 'draft';
    return {
      result: { created: true, status },
      write,
      commit: () => {
        ctx.workOrders.set(r.no, { item: r.item, qty: String(qty), due: r.dueDate, status, started: false });
        ctx.events.push({
          orgId: ctx.orgId,
          topic: 'work-order.created',
          aggregateType: 'work-order',
          aggregateId: r.no,
          payload: { no: r.no, item: r.item, qty, due: r.dueDate, by },
        });
        if (release) {
          ctx.events.push({
            orgId: ctx.orgId,
            topic: 'work-order.released',
            aggregateType: 'work-order',
            aggregateId: r.no,
            payload: { no: r.no, by, at: ctx.now.toISOString() },
          });
        }
      },
    };
  }
  if (known.item !== r.item) {
    reject(
      'work-order-item-change',
      'item',
      `work order ${r.no} makes ${known.item} here, not ${r.item}: close it and send a new work order`,
      { workOrderNo: r.no, ours: known.item, theirs: r.item },
    );
  }
  const changes: { qty?: number; due?: string; status?: WorkOrderStatus } = {};
  if (qty !== Number(known.qty)) changes.qty = qty;
  if (r.dueDate !== known.due) changes.due = r.dueDate;
  if (r.status !== undefined && r.status !== known.status) changes.status = r.status;
  if (Object.keys(changes).length === 0) return { result: { changed: [] } };
  if (STARTED.includes(known.status) || known.started) {
    const state = known.started && !STARTED.includes(known.status) ? 'started' : known.status;
    reject(
      'work-order-started',
      Object.keys(changes)[0] === 'due' ? 'dueDate' : Object.keys(changes)[0]!,
      `work order ${r.no} is ${state} here: its ${Object.keys(changes)
        .map((k) => (k === 'due' ? 'due date' : k))
        .join(', ')} can change only before work on it starts`,
      { workOrderNo: r.no, status: known.status },
    );
  }
  if (changes.status === 'draft') {
    reject('work-order-status', 'status', `work order ${r.no} is released here: it cannot go back to draft`, {
      workOrderNo: r.no,
      status: known.status,
    });
  }
  const write = async () => {
    await ctx.tx
      .updateTable('work_orders')
      .set({
        ...(changes.qty !== undefined ? { qty: changes.qty } : {}),
        ...(changes.due !== undefined ? { due: changes.due } : {}),
        ...(changes.status !== undefined ? { status: changes.status } : {}),
        ...(changes.status === 'released' ? { released_at: ctx.now } : {}),
        ...(changes.status === 'closed' ? { closed_at: ctx.now } : {}),
      })
      .where('org_id', '=', ctx.orgId)
      .where('no', '=', r.no)
      .execute();
  };
  return {
    result: { changed: Object.keys(changes) },
    write,
    commit: () => {
      ctx.workOrders.set(r.no, {
        ...known,
        qty: String(changes.qty ?? known.qty),
        due: changes.due ?? known.due,
        status: changes.status ?? known.status,
      });
      if (changes.qty !== undefined || changes.due !== undefined) {
        ctx.events.push({
          orgId: ctx.orgId,
          topic: 'work-order.updated',
          aggregateType: 'work-order',
          aggregateId: r.no,
          payload: { no: r.no, changes: { qty: changes.qty, due: changes.due }, by },
        });
      }
      if (changes.status === 'released') {
        ctx.events.push({
          orgId: ctx.orgId,
          topic: 'work-order.released',
          aggregateType: 'work-order',
          aggregateId: r.no,
          payload: { no: r.no, by, at: ctx.now.toISOString() },
        });
      }
      if (changes.status === 'closed') {
        ctx.events.push({
          orgId: ctx.orgId,
          topic: 'work-order.closed',
          aggregateType: 'work-order',
          aggregateId: r.no,
          payload: { no: r.no, by, at: ctx.now.toISOString() },
        });
      }
    },
  };
}

/** What a posted receipt put where: a newer version that says the same is no change. */
export interface ReceiptPosting {
  receiptId: string;
  receiptNo: string;
  item: string;
  location: string;
  lot: string | null;
  qty: number;
}

/** The parts of a receipt that the posting is made of, to compare versions by. */
export const postingKey = (p: { item: string; location: string; lot?: string | null; qty: number }) =>
  `${p.item}\u0000${p.location}\u0000${p.lot ?? ''}\u0000${p.qty}`;

/**
 * A purchase receipt (采购入库单) of one line into the location, posted through the stock ledger
 * in the record's transaction: the lot becomes known as a material lot of the item.
 */
export function planPurchaseReceipt(ctx: ChunkContext, r: PurchaseReceiptRecord): Plan {
  const { item, qty } = itemQty(ctx, r.item, r.qty);
  if (item.type === 'phantom') {
    reject('phantom-item', 'item', `${r.item} is a phantom: it is never stocked`, { item: r.item });
  }
  const warehouse = ctx.locations.get(r.location);
  if (warehouse === undefined) {
    reject('unknown-location', 'location', `unknown location ${r.location}`, { location: r.location });
  }
  const holds = r.lot === undefined ? undefined : ctx.lots.get(r.lot);
  if (r.lot !== undefined && holds !== undefined && holds !== r.item) {
    reject('lot-item-mismatch', 'lot', `lot ${r.lot} holds item ${holds}, not ${r.item}`, {
      lot: r.lot,
      item: r.item,
      expected: holds,
    });
  }
  const id = randomUUID();
  const posting: ReceiptPosting = {
    receiptId: id,
    receiptNo: '',
    item: r.item,
    location: r.location,
    lot: r.lot ?? null,
    qty,
  };
  const line = r.line === undefined ? '' : ` line ${r.line}`;
  const received = r.receivedAt ? `, received ${r.receivedAt}` : '';
  const lines = [{ item: r.item, qty, location: r.location, ...(r.lot ? { lot: r.lot } : {}) }];
  return {
    result: posting as unknown as Record<string, unknown>,
    async write() {
      // A lot the chunk knows holds this item already; a new one is registered (and locked) as
      // POST /stock/receipts registers it, so a concurrent document cannot make it another item's.
      if (r.lot !== undefined && holds === undefined) {
        await checkLots(ctx.tx, ctx.orgId, [{ lot: r.lot, item: r.item, line: 0 }], {
          register: true,
          at: ctx.now,
        });
      }
      posting.receiptNo = await ctx.documentNo();
      await ctx.receipts.add(
        {
          id,
          org_id: ctx.orgId,
          no: posting.receiptNo,
          kind: 'purchase',
          warehouse,
          reference: r.no,
          comment: `${ctx.connector.name}: receipt ${r.no}${line}${received}`.slice(0, 500),
          created_by: ctx.actor,
          created_at: ctx.now,
        },
        {
          org_id: ctx.orgId,
          receipt_id: id,
          line_no: 0,
          item: r.item,
          qty,
          location: r.location,
          lot: r.lot ?? '',
        },
      );
      await ctx.deps.services.stock.post(ctx.tx, {
        orgId: ctx.orgId,
        actor: ctx.actor,
        source: { type: 'receipt', id },
        at: ctx.now,
        movements: [{ kind: 'receipt', item: r.item, location: r.location, lot: r.lot, qty }],
      });
    },
    commit: () => {
      if (r.lot !== undefined) ctx.lots.set(r.lot, r.item);
      ctx.events.push({
        orgId: ctx.orgId,
        topic: 'stock-receipt.created',
        aggregateType: 'stock-receipt',
        aggregateId: id,
        payload: {
          id,
          no: posting.receiptNo,
          kind: 'purchase',
          warehouse,
          lines,
          by: ctx.actor,
          reference: r.no,
        },
      });
    },
  };
}

/**
 * The other system's stock of (item, location, lot), kept as its latest view for the
 * reconciliation; never posted to our ledger, which moves only through documents.
 */
export function planStockSnapshot(
  ctx: ChunkContext,
  r: StockSnapshotRecord,
  source: { sourceId: string; sourceVersion: string },
): Plan {
  const lot = r.lot ?? '';
  return {
    result: { item: r.item, location: r.location, lot: r.lot ?? null, qty: r.qty },
    commit: () => {
      ctx.snapshots.set(`${r.item}\u0000${r.location}\u0000${lot}`, {
        item: r.item,
        location: r.location,
        lot,
        qty: r.qty,
        ...source,
      });
    },
  };
}
