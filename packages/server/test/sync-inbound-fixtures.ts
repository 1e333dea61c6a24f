import { type Kysely, sql } from 'kysely';
import type { ServerConfig } from '../src/config.js';
import type { Database } from '../src/db/schema.js';
import type { Connector } from '../src/modules/sync/connectors/types.js';
import type { InboundEnvelope } from '../src/modules/sync/inbound/apply.js';
import { seedUsers } from './fixtures.js';

export const ORG = 'demo';
/** Finished goods with a routing through 总装车间: work orders for them can come in. */
export const PRODUCTS = Array.from({ length: 20 }, (_, i) => `FG-${String(i).padStart(2, '0')}`);

/** Users, two locations (RM-01 in WH-RM, FG-01 in WH-FG), 20 products with a routing. */
export async function seedInbound(db: Kysely<Database>, config: ServerConfig): Promise<void> {
  await seedUsers(db, config);
  const org = config.orgId;
  await db
    .insertInto('locations')
    .values([
      { org_id: org, code: 'RM-01', warehouse: 'WH-RM', name: '原材料01' },
      { org_id: org, code: 'FG-01', warehouse: 'WH-FG', name: '成品01' },
    ])
    .execute();
  await db
    .insertInto('items')
    .values(
      PRODUCTS.map((code) => ({
        org_id: org,
        code,
        name: `成品 ${code}`,
        uom: 'pcs',
        type: 'make' as const,
        precision: 0,
        created_at: new Date(),
        updated_at: new Date(),
      })),
    )
    .execute();
  await db
    .insertInto('routings')
    .values(PRODUCTS.map((item) => ({ org_id: org, item, seq: 10, name: '总装', workshop: 'WS-ASM' })))
    .execute();
}

/** An enabled connector of the kind straight in the database (its config is not what is tested here). */
export async function addConnector(
  db: Kysely<Database>,
  id: string,
  kind: Connector['kind'] = 'erp',
  enabled = true,
): Promise<Connector> {
  const config = { adapter: 'none' };
  await db
    .insertInto('sync_connectors')
    .values({
      id,
      org_id: ORG,
      kind,
      name: `ERP ${id}`,
      config: JSON.stringify(config),
      enabled,
      topics: [],
      created_at: new Date(),
    })
    .execute();
  return { id, orgId: ORG, kind, name: `ERP ${id}`, config };
}

const RM = (i: number) => `RM-${String(i).padStart(4, '0')}`;

export interface BigBatch {
  records: InboundEnvelope[];
  /** Index -> the reason code the record must be rejected with. */
  bad: Map<number, string>;
  expected: { items: number; bomLines: number; workOrders: number; receipts: number; snapshots: number };
  /** Item -> the quantity the good receipts put into RM-01. */
  receivedQty: Map<string, number>;
}

/**
 * 10,000 records as an ERP sends them on go-live: 1,500 raw materials, 1,500 BOM lines of the 20
 * products, 1,000 work orders, 4,000 purchase receipts and 2,000 stock snapshots; one in a hundred
 * is bad: an unknown item, a bad quantity, an unknown location, a BOM line that closes a cycle.
 */
export function bigBatch(prefix = 'B'): BigBatch {
  const records: InboundEnvelope[] = [];
  const bad = new Map<number, string>();
  const receivedQty = new Map<string, number>();
  const expected = { items: 0, bomLines: 0, workOrders: 0, receipts: 0, snapshots: 0 };
  const add = (
    kind: InboundEnvelope['kind'],
    sourceId: string,
    data: Record<string, unknown>,
    badCode?: string,
  ) => {
    if (badCode) bad.set(records.length, badCode);
    records.push({ kind, sourceId: `${prefix}-${sourceId}`, sourceVersion: '1', data });
  };
  for (let i = 0; i < 1_500; i++) {
    if (i % 60 === 7)
      add(
        'item',
        `I${i}`,
        { code: RM(i), name: `原料 ${i}`, uom: 'pcs', type: 'buy', safetyStock: -1 },
        'invalid',
      );
    else {
      add('item', `I${i}`, { code: RM(i), name: `原料 ${i}`, uom: 'pcs', type: 'buy', precision: 2 });
      expected.items++;
    }
  }
  const itemOk = (i: number) => i % 60 !== 7;
  for (let i = 0; i < 1_500; i++) {
    const parent = `FG-${String(i % 20).padStart(2, '0')}`;
    if (i % 60 === 11) {
      // RM(i-11) > FG: the product is already made from it (a line of this batch) — a cycle.
      const child = `FG-${String((i - 11) % 20).padStart(2, '0')}`;
      add('bomLine', `L${i}`, { parent: RM(i - 11), child, qty: 1 }, 'bom-cycle');
    } else if (!itemOk(i)) add('bomLine', `L${i}`, { parent, child: RM(i), qty: 2 }, 'unknown-item');
    else {
      add('bomLine', `L${i}`, { parent, child: RM(i), qty: 2 });
      expected.bomLines++;
    }
  }
  for (let i = 0; i < 1_000; i++) {
    const item = `FG-${String(i % 20).padStart(2, '0')}`;
    const data = {
      no: `WO-${prefix}-${i}`,
      item,
      qty: 10 + (i % 7),
      dueDate: '2026-12-20',
      status: 'released',
    };
    if (i % 100 === 3) add('workOrder', `W${i}`, { ...data, qty: 1.5 }, 'qty-precision');
    else {
      add('workOrder', `W${i}`, data);
      expected.workOrders++;
    }
  }
  for (let i = 0; i < 4_000; i++) {
    const n = (i * 7) % 1_500;
    const data = {
      no: `PO-${prefix}-${i}`,
      line: 1,
      item: RM(n),
      qty: 5.25,
      location: 'RM-01',
      lot: `LOT-${RM(n)}`,
    };
    if (i % 100 === 5) add('purchaseReceipt', `R${i}`, { ...data, location: 'NOWHERE' }, 'unknown-location');
    else if (i % 100 === 55)
      add('purchaseReceipt', `R${i}`, { ...data, item: 'NO-SUCH-ITEM', lot: undefined }, 'unknown-item');
    else if (!itemOk(n)) add('purchaseReceipt', `R${i}`, data, 'unknown-item');
    else {
      add('purchaseReceipt', `R${i}`, data);
      expected.receipts++;
      receivedQty.set(RM(n), (receivedQty.get(RM(n)) ?? 0) + 5.25);
    }
  }
  for (let i = 0; i < 2_000; i++) {
    if (i % 100 === 9)
      add('stockSnapshot', `S${i}`, { item: RM(i % 1_500), location: 'RM-01', qty: 'lots' }, 'invalid');
    else {
      add('stockSnapshot', `S${i}`, { item: RM(i % 1_500), location: 'RM-01', lot: `S${i}`, qty: i % 13 });
      expected.snapshots++;
    }
  }
  return { records, bad, expected, receivedQty };
}

/** Row counts of every table an inbound record can touch, for before/after comparisons. */
export async function tableCounts(db: Kysely<Database>): Promise<Record<string, number>> {
  const tables = [
    'items',
    'bom_lines',
    'work_orders',
    'work_order_operations',
    'stock_receipts',
    'stock_receipt_lines',
    'stock_movements',
    'stock_balances',
    'lots',
    'outbox_events',
    'inbound_records',
    'inbound_stock_snapshots',
    'alerts',
  ];
  const counts: Record<string, number> = {};
  for (const t of tables) {
    const r = await sql<{ n: string }>`select count(*) as n from ${sql.table(t)}`.execute(db);
    counts[t] = Number(r.rows[0]!.n);
  }
  const rev = await sql<{ r: string | null }>`select max(revision) as r from bom_revisions`.execute(db);
  counts.bomRevision = Number(rev.rows[0]?.r ?? 0);
  return counts;
}
