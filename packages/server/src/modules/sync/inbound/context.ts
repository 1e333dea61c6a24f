import type { ItemInput } from '@shopfloor/sdk';
import type { Insertable, Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Database, WorkOrderStatus } from '../../../db/schema.js';
import type { AppDeps } from '../../../deps.js';
import type { Db } from '../../../http/route.js';
import type { DomainEvent } from '../../../shared/events.js';
import type { Connector } from '../connectors/types.js';
import type { BomGraph } from './bom-lines.js';
import type { RecordsByKind } from './records.js';

export type ItemRow = Selectable<Database['items']>;

export interface WorkOrderFacts {
  item: string;
  qty: string;
  due: string;
  status: WorkOrderStatus;
  /** An operation has a report or has started: the order runs here now. */
  started: boolean;
}

export interface SnapshotRow {
  item: string;
  location: string;
  lot: string;
  qty: number;
  sourceId: string;
  sourceVersion: string;
}

/**
 * What the records of one chunk need, read in a few queries before any is applied and kept up to
 * date as they are (an item created by record 3 is known to record 7 of the same chunk).
 */
export interface ChunkContext {
  tx: Db;
  deps: AppDeps;
  orgId: string;
  connector: Connector;
  actor: string;
  now: Date;
  /** Every record in a savepoint of its own (the chunk's second try, after a write failed). */
  safe: boolean;
  items: Map<string, ItemRow>;
  /** location code -> warehouse */
  locations: Map<string, string>;
  /** lot code -> the item it holds */
  lots: Map<string, string>;
  workOrders: Map<string, WorkOrderFacts>;
  /** item -> workshops of its routing */
  routings: Map<string, Set<string>>;
  workshops: Set<string>;
  defaultFinishedLocation: string | null;
  bom: BomGraph | null;
  bomRevision: number;
  /** Parents whose lines changed: one bom.changed event each at the end of the chunk. */
  touchedParents: Set<string>;
  bumpBom: boolean;
  events: DomainEvent[];
  snapshots: Map<string, SnapshotRow>;
  /** New items of a fast-mode chunk, inserted together before anything that refers to them. */
  newItems: { add(item: ItemInput): ItemRow; flush(): Promise<void> };
  /** The next stock document number (RC-yyyymmdd-nnnnnn), read for the chunk in one query. */
  documentNo(): Promise<string>;
  /** Stores a receipt and its line: at once in safe mode, with the chunk's others at its end otherwise. */
  receipts: {
    add(
      header: Insertable<Database['stock_receipts']>,
      line: Insertable<Database['stock_receipt_lines']>,
    ): Promise<void>;
  };
}

type Parsed = { [K in keyof RecordsByKind]: { kind: K; record: RecordsByKind[K] } }[keyof RecordsByKind];

/** Reads the items, locations, lots, work orders and routings the chunk's records name. */
export async function loadContext(
  base: Omit<
    ChunkContext,
    | 'items'
    | 'locations'
    | 'lots'
    | 'workOrders'
    | 'routings'
    | 'workshops'
    | 'bom'
    | 'bomRevision'
    | 'touchedParents'
    | 'bumpBom'
    | 'events'
    | 'snapshots'
  >,
  records: readonly Parsed[],
): Promise<ChunkContext> {
  const { tx, orgId } = base;
  const itemCodes = new Set<string>();
  const locationCodes = new Set<string>();
  const lotCodes = new Set<string>();
  const woNos = new Set<string>();
  let workshopsNeeded = false;
  for (const r of records) {
    switch (r.kind) {
      case 'item':
        itemCodes.add(r.record.code);
        break;
      case 'bomLine':
        itemCodes.add(r.record.parent).add(r.record.child);
        break;
      case 'workOrder':
        itemCodes.add(r.record.item);
        woNos.add(r.record.no);
        if (r.record.workshop) workshopsNeeded = true;
        break;
      case 'purchaseReceipt':
        itemCodes.add(r.record.item);
        locationCodes.add(r.record.location);
        if (r.record.lot) lotCodes.add(r.record.lot);
        break;
      case 'stockSnapshot':
        break;
    }
  }
  const woItems = [...new Set(records.flatMap((r) => (r.kind === 'workOrder' ? [r.record.item] : [])))];
  const none = Promise.resolve([]);
  const [items, locations, lots, workOrders, routings, workshops] = await Promise.all([
    itemCodes.size === 0
      ? none
      : tx
          .selectFrom('items')
          .selectAll()
          .where('org_id', '=', orgId)
          .where('code', 'in', [...itemCodes])
          .execute(),
    locationCodes.size === 0
      ? none
      : tx
          .selectFrom('locations')
          .select(['code', 'warehouse'])
          .where('org_id', '=', orgId)
          .where('code', 'in', [...locationCodes])
          .execute(),
    lotCodes.size === 0
      ? none
      : tx
          .selectFrom('lots')
          .select(['code', 'item'])
          .where('org_id', '=', orgId)
          .where('code', 'in', [...lotCodes])
          .execute(),
    woNos.size === 0
      ? none
      : sql<{
          no: string;
          item: string;
          qty: string;
          due: string;
          status: WorkOrderStatus;
          started: boolean;
        }>`
          select wo.no, wo.item, wo.qty, wo.due, wo.status,
            exists (select 1 from work_order_operations o where o.org_id = wo.org_id and o.work_order_no = wo.no
                    and (o.good_qty > 0 or o.scrap_qty > 0 or o.status in ('in-progress', 'done'))) as started
          from work_orders wo where wo.org_id = ${orgId} and wo.no = any(${[...woNos]}::text[])`
          .execute(tx)
          .then((r) => r.rows),
    woItems.length === 0
      ? none
      : tx
          .selectFrom('routings')
          .select(['item', 'workshop'])
          .where('org_id', '=', orgId)
          .where('item', 'in', woItems)
          .execute(),
    workshopsNeeded
      ? tx.selectFrom('workshops').select('code').where('org_id', '=', orgId).execute()
      : Promise.resolve([] as { code: string }[]),
  ]);
  const routingMap = new Map<string, Set<string>>();
  for (const r of routings) routingMap.set(r.item, (routingMap.get(r.item) ?? new Set()).add(r.workshop));
  return {
    ...base,
    items: new Map(items.map((r) => [r.code, r])),
    locations: new Map(locations.map((r) => [r.code, r.warehouse])),
    lots: new Map(lots.map((r) => [r.code, r.item])),
    workOrders: new Map(
      workOrders.map((r) => [
        r.no,
        { item: r.item, qty: r.qty, due: r.due, status: r.status, started: r.started === true },
      ]),
    ),
    routings: routingMap,
    workshops: new Set(workshops.map((w) => w.code)),
    bom: null,
    bomRevision: 0,
    touchedParents: new Set(),
    bumpBom: false,
    events: [],
    snapshots: new Map(),
  };
}
