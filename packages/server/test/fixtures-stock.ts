import type { ShopfloorClient } from '@shopfloor/sdk';
import { type Kysely, sql } from 'kysely';
import type { ServerConfig } from '../src/config.js';
import type { Database } from '../src/db/schema.js';
import type { Receipt } from '../src/modules/stock/receipts.js';
import { seedUsers } from './fixtures.js';
import type { TestServer } from './harness.js';

export const ORG = 'demo';

/**
 * Stock fixtures: locations in WH-RM (RM-A01, RM-A02) and WH-FG (FG-01), a dining table BOM
 * (餐桌 = 4 桌腿 + 1.2 m² 橡木板 + 五金包 of 16 螺丝) with a routing, and released work orders
 * of 10 tables. Tests add their own items with `addItem` so they never share balances.
 */
export async function seedStock(db: Kysely<Database>, config: ServerConfig): Promise<void> {
  await seedUsers(db, config);
  const org = config.orgId;
  // A storekeeper of the finished-goods warehouse only, for scope checks.
  await db
    .insertInto('users')
    .values({ org_id: org, id: 'sk-fg', name: '吴仓管', roles: ['storekeeper'], warehouses: ['WH-FG'] })
    .execute();
  await db
    .insertInto('locations')
    .values([
      { org_id: org, code: 'RM-A01', warehouse: 'WH-RM', name: '原材料A区01' },
      { org_id: org, code: 'RM-A02', warehouse: 'WH-RM', name: '原材料A区02' },
      { org_id: org, code: 'FG-01', warehouse: 'WH-FG', name: '成品区01' },
    ])
    .execute();
  await db
    .insertInto('items')
    .values([
      { org_id: org, code: 'TABLE', name: '餐桌', uom: 'pcs', type: 'make', precision: 0 },
      { org_id: org, code: 'LEG', name: '实木桌腿', uom: 'pcs', type: 'buy', precision: 0, lead_time: 10 },
      { org_id: org, code: 'BOARD', name: '橡木板', uom: 'm2', type: 'buy', precision: 2, lead_time: 7 },
      { org_id: org, code: 'KIT', name: '五金包', uom: 'set', type: 'phantom' },
      { org_id: org, code: 'SCREW', name: '螺丝 M6×30', uom: 'pcs', type: 'buy', precision: 0, lead_time: 5 },
    ])
    .execute();
  await db
    .insertInto('bom_lines')
    .values([
      { org_id: org, parent: 'TABLE', child: 'LEG', seq: 10, qty: 4 },
      { org_id: org, parent: 'TABLE', child: 'BOARD', seq: 20, qty: 1.2 },
      { org_id: org, parent: 'TABLE', child: 'KIT', seq: 30, qty: 1 },
      { org_id: org, parent: 'KIT', child: 'SCREW', seq: 10, qty: 16 },
    ])
    .execute();
  await db
    .insertInto('routings')
    .values({ org_id: org, item: 'TABLE', seq: 10, name: '总装', workshop: 'WS-ASM', standard_minutes: 30 })
    .execute();
  for (const no of ['WO-STK-1', 'WO-STK-2', 'WO-STK-3']) await addWorkOrder(db, org, no, 'released');
  await addWorkOrder(db, org, 'WO-STK-DRAFT', 'draft');
  await sql`insert into bom_revisions (org_id, revision) values (${org}, 1)
            on conflict (org_id) do update set revision = bom_revisions.revision + 1, changed_at = now()`.execute(
    db,
  );
}

async function addWorkOrder(db: Kysely<Database>, org: string, no: string, status: 'draft' | 'released') {
  await db
    .insertInto('work_orders')
    .values({ org_id: org, no, item: 'TABLE', qty: 10, due: '2026-12-10', status })
    .execute();
  await db
    .insertInto('work_order_operations')
    .values({ org_id: org, work_order_no: no, seq: 10, name: '总装', workshop: 'WS-ASM', status: 'ready' })
    .execute();
}

/** A buy item of its own for one test, so balances and alerts of tests never mix. */
export async function addItem(
  db: Kysely<Database>,
  code: string,
  options: { name?: string; safetyStock?: number; precision?: number; leadTime?: number } = {},
): Promise<void> {
  await db
    .insertInto('items')
    .values({
      org_id: ORG,
      code,
      name: options.name ?? code,
      uom: 'pcs',
      type: 'buy',
      safety_stock: options.safetyStock ?? 0,
      precision: options.precision ?? 0,
      lead_time: options.leadTime ?? 0,
    })
    .execute();
  // Item changes move the BOM revision, so the compiled graph (which lists every item) is rebuilt.
  await sql`update bom_revisions set revision = revision + 1 where org_id = ${ORG}`.execute(db);
}

/** Receives stock through a receipt document, as the storekeeper 孙仓管 (the only way stock enters). */
export async function receive(
  server: TestServer,
  lines: { item: string; qty: number; location?: string; lot?: string }[],
  as = 'sk-sun',
): Promise<Receipt> {
  const client = await server.as(as);
  return receiptBy(client, lines);
}

export function receiptBy(
  client: ShopfloorClient,
  lines: { item: string; qty: number; location?: string; lot?: string }[],
): Promise<Receipt> {
  return client.request<Receipt>({
    method: 'POST',
    path: '/stock/receipts',
    body: { lines: lines.map((l) => ({ location: 'RM-A01', ...l })), reference: 'PO-TEST' },
  });
}

/** On-hand of an item at a location (all lots), read through the API. */
export async function onHand(server: TestServer, item: string, location = 'RM-A01'): Promise<number> {
  const client = await server.as('admin');
  const page = await client.stock.balancesPage({ item, limit: 500 });
  return page.items.filter((b) => b.location === location).reduce((sum, b) => sum + b.qty, 0);
}

/** The number of movements the ledger holds for an item (read from the database). */
export async function movementCount(server: TestServer, item: string): Promise<number> {
  const r = await server.database.db
    .selectFrom('stock_movements')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('org_id', '=', ORG)
    .where('item', '=', item)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
