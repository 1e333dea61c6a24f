import { type CompiledBom, compileBom, roundQty } from '@shopfloor/bom-engine';
import { type Kysely, sql } from 'kysely';
import type { ServerConfig } from '../config.js';
import type { Database } from '../db/schema.js';
import type { Clock } from '../deps.js';
import type { Db } from '../http/route.js';
import { openAlert } from '../modules/alerts/store.js';
import { reopenTeamMinutesBackfill } from '../modules/analytics/minutes-worker.js';
import { bumpRevision, replaceLines } from '../modules/catalog/bom-store.js';
import { postMovements } from '../modules/stock/ledger.js';
import { DemoCalendar } from './calendar.js';
import { demoCatalog } from './catalog.js';
import { type DemoItem, routingOf } from './catalog-builder.js';
import { planGenealogy } from './genealogy.js';
import { planIssueRequests } from './issue-requests.js';
import { isLotTracked, materialLots, openingBalances } from './opening-stock.js';
import { DEMO_USERS, LOCATIONS, locationOf, WAREHOUSES, WORK_CENTERS, WORKSHOPS } from './plant.js';
import { planTeamHistory } from './team-history.js';
import { planWorkOrders } from './work-orders.js';

export interface DemoSeedResult {
  /** False when the org already had items: the seed never touches a database in use. */
  seeded: boolean;
  items: number;
  bomLines: number;
  /** BOM levels, the end items counting as level 1. */
  levels: number;
  workOrders: number;
  issueRequests: number;
  stockBalances: number;
  alerts: number;
}

const NOTHING: DemoSeedResult = {
  seeded: false,
  items: 0,
  bomLines: 0,
  levels: 0,
  workOrders: 0,
  issueRequests: 0,
  stockBalances: 0,
  alerts: 0,
};

/**
 * Fills an empty org with the demo furniture plant (演示家具厂): items, BOMs, routings, people,
 * stock, work orders in every state, issue requests and lot genealogy — in one transaction, so a
 * failed seed leaves nothing behind. Does nothing when the org already has items.
 */
export async function seedDemoFactory(
  db: Kysely<Database>,
  config: Pick<ServerConfig, 'orgId'>,
  clock: Clock,
): Promise<DemoSeedResult> {
  const orgId = config.orgId;
  if (await hasItems(db, orgId)) return NOTHING;
  return db.transaction().execute(async (tx) => {
    // Two replicas starting together on one PostgreSQL: the second waits, then finds the items.
    await sql`select pg_advisory_xact_lock(7260402)`.execute(tx);
    if (await hasItems(tx, orgId)) return NOTHING;
    return seed(tx, orgId, new DemoCalendar(clock.now()));
  });
}

async function hasItems(db: Db, orgId: string): Promise<boolean> {
  const row = await db
    .selectFrom('items')
    .select('code')
    .where('org_id', '=', orgId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

async function seed(tx: Db, orgId: string, cal: DemoCalendar): Promise<DemoSeedResult> {
  const catalog = demoCatalog();
  const bom = compileBom(catalog.document);
  const items = new Map(catalog.items.map((i) => [i.code, i]));

  const openingId = `OB-${cal.today}`;
  await seedPlant(tx, orgId);
  await seedCatalog(tx, orgId, catalog.items, catalog.document);

  // Opening balances (期初) go on the ledger; the lots they lie in were received earlier.
  const opening = openingBalances(catalog.items, cal);
  const received = new Map(opening.filter((m) => m.lot).map((m) => [m.lot!, m.qty]));
  const lotRows = catalog.items.flatMap((item) =>
    materialLots(item, cal).map((code, i) => ({
      org_id: orgId,
      code,
      item: item.code,
      kind: 'material' as const,
      qty: received.get(code) ?? 0,
      origin_type: 'opening-balance',
      origin_id: openingId,
      created_at: cal.at(i === 0 ? -24 : -9, '10:00'),
    })),
  );
  const materialLot = (item: string, which: 'older' | 'newer') => {
    const lots = materialLots(items.get(item)!, cal);
    if (lots.length === 0) throw new Error(`demo item ${item} is not lot-tracked`);
    return which === 'older' ? lots[0]! : lots[1]!;
  };

  const wo = planWorkOrders(orgId, items, cal);
  await tx.insertInto('work_orders').values(wo.orders).execute();
  await tx.insertInto('work_order_operations').values(wo.operations).execute();
  await tx.insertInto('operation_reports').values(wo.reports).execute();
  const history = planTeamHistory(orgId, items, cal);
  await tx.insertInto('work_orders').values(history.orders).execute();
  await tx.insertInto('work_order_operations').values(history.operations).execute();
  await tx.insertInto('operation_reports').values(history.reports).execute();
  // Reports without outbox events: the team comparison's backfill measures them.
  await reopenTeamMinutesBackfill(tx);

  const finished = wo.orders
    .filter((o) => o.status === 'done')
    .map((o) => ({ no: o.no, item: o.item, qty: Number(o.qty), lot: o.lot! }));
  const genealogy = planGenealogy(orgId, bom, cal, finished, wo.reports, materialLot);
  await tx
    .insertInto('lots')
    .values([...lotRows, ...genealogy.lots])
    .execute();
  await tx.insertInto('genealogy_edges').values(genealogy.edges).execute();

  await postMovements(tx, {
    orgId,
    actor: 'demo-storekeeper',
    source: { type: 'opening-balance', id: openingId },
    movements: [
      ...opening,
      ...genealogy.stock.map((s) => ({
        kind: 'receipt' as const,
        item: s.item,
        location: 'FG-01',
        lot: s.lot,
        qty: s.qty,
      })),
    ],
  });

  const ref = (status: string) =>
    wo.orders.filter((o) => o.status === status).map((o) => ({ no: o.no, item: o.item, qty: Number(o.qty) }));
  const requests = planIssueRequests(
    orgId,
    bom,
    cal,
    { released: ref('released'), running: ref('in-progress') },
    (code) => {
      const item = items.get(code)!;
      return { location: locationOf(item), lot: isLotTracked(item) ? materialLot(code, 'older') : '' };
    },
  );
  await tx.insertInto('issue_requests').values(requests.requests).execute();
  // Requests made after the seed number on from the seeded ones (IR-<date>-000001…).
  await sql`select setval('stock_document_no', greatest((select last_value from stock_document_no), ${requests.requests.length}))`.execute(
    tx,
  );
  await tx.insertInto('issue_request_lines').values(requests.lines).execute();
  await tx.insertInto('approvals').values(requests.approvals).execute();
  for (const posting of requests.postings) {
    await postMovements(tx, {
      orgId,
      actor: posting.actor,
      source: { type: 'issue-request', id: posting.requestId },
      movements: posting.movements,
    });
  }

  const alerts = await openShortageAlerts(tx, orgId, catalog.items, cal);
  const balances = await tx
    .selectFrom('stock_balances')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('org_id', '=', orgId)
    .executeTakeFirstOrThrow();
  return {
    seeded: true,
    items: catalog.items.length,
    bomLines: catalog.document.bomLines.length,
    levels: levelsOf(bom, catalog.items),
    workOrders: wo.orders.length,
    issueRequests: requests.requests.length,
    stockBalances: Number(balances.n),
    alerts,
  };
}

async function seedPlant(tx: Db, orgId: string): Promise<void> {
  await tx
    .insertInto('workshops')
    .values(WORKSHOPS.map((w) => ({ org_id: orgId, ...w })))
    .onConflict((oc) => oc.doNothing())
    .execute();
  await tx
    .insertInto('work_centers')
    .values(WORK_CENTERS.map((w) => ({ org_id: orgId, ...w, calendar: JSON.stringify(w.calendar) })))
    .onConflict((oc) => oc.doNothing())
    .execute();
  await tx
    .insertInto('warehouses')
    .values(WAREHOUSES.map((w) => ({ org_id: orgId, ...w })))
    .onConflict((oc) => oc.doNothing())
    .execute();
  await tx
    .insertInto('locations')
    .values(
      LOCATIONS.map(({ code, warehouse, name, kind }) => ({ org_id: orgId, code, warehouse, name, kind })),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
  await tx
    .insertInto('users')
    .values(DEMO_USERS.map((u) => ({ org_id: orgId, platform: 'demo', platform_user_id: null, ...u })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

async function seedCatalog(
  tx: Db,
  orgId: string,
  items: readonly DemoItem[],
  document: ReturnType<typeof demoCatalog>['document'],
): Promise<void> {
  await tx
    .insertInto('items')
    .values(
      items.map((i) => ({
        org_id: orgId,
        code: i.code,
        name: i.name,
        uom: i.uom,
        type: i.type,
        safety_stock: i.safetyStock,
        lead_time: i.leadTime,
        abc_class: i.abcClass,
        cost: i.cost,
        precision: i.precision,
      })),
    )
    .execute();
  await tx
    .insertInto('uom_conversions')
    .values(
      (document.uomConversions ?? []).map((c) => ({
        org_id: orgId,
        from_uom: c.from,
        to_uom: c.to,
        factor: c.factor,
        item: c.item ?? null,
      })),
    )
    .execute();
  // The BOM store's own writer: line numbering and every column as the API writes them.
  await replaceLines(tx, orgId, [...new Set(document.bomLines.map((l) => l.parent))], document.bomLines);
  await tx
    .insertInto('routings')
    .values(
      items.flatMap((item) =>
        routingOf(item).map((step) => ({
          org_id: orgId,
          item: item.code,
          seq: step.seq,
          name: step.name,
          workshop: step.workshop,
          work_center: step.workCenter,
          standard_minutes: step.standardMinutes,
        })),
      ),
    )
    .execute();
  // Caches of the compiled BOM key on the revision.
  await bumpRevision(tx, orgId, new Date());
}

/** Opens a safety-stock alert for every item whose stock ended below its safety stock. */
async function openShortageAlerts(
  tx: Db,
  orgId: string,
  items: readonly DemoItem[],
  cal: DemoCalendar,
): Promise<number> {
  const rows = await tx
    .selectFrom('stock_balances')
    .select(['item', (eb) => eb.fn.sum<string>('qty').as('qty')])
    .where('org_id', '=', orgId)
    .groupBy('item')
    .execute();
  const onHand = new Map(rows.map((r) => [r.item, Number(r.qty)]));
  let opened = 0;
  for (const item of items) {
    const have = onHand.get(item.code) ?? 0;
    if (item.type === 'phantom' || item.safetyStock <= 0 || have >= item.safetyStock) continue;
    // Bring stock back to twice the safety stock, in whole units of the item's precision.
    const places = item.precision;
    const order = Math.ceil((item.safetyStock * 2 - have) * 10 ** places) / 10 ** places;
    const arrives = cal.day(item.leadTime);
    const verb = item.type === 'buy' ? '采购' : '生产';
    await openAlert(tx, {
      orgId,
      kind: 'safety-stock',
      severity: have < item.safetyStock * 0.5 ? 'critical' : 'warning',
      subject: item.code,
      message: `${item.name}（${item.code}）库存 ${roundQty(have, places)} ${item.uom}，低于安全库存 ${item.safetyStock} ${item.uom}`,
      params: {
        item: item.code,
        itemName: item.name,
        onHand: roundQty(have, places),
        safetyStock: item.safetyStock,
        uom: item.uom,
      },
      suggestion: {
        text: `建议${verb} ${order} ${item.uom}，提前期 ${item.leadTime} 天，今天下单预计 ${arrives} 到货`,
        item: item.code,
        qty: order,
        uom: item.uom,
        orderBy: cal.today,
        needBy: arrives,
        // the order behind the text, so the app words the advice in the reader's language
        replenishment: {
          item: item.code,
          type: item.type === 'buy' ? 'buy' : 'make',
          qty: order,
          releaseDate: cal.today,
          dueDate: arrives,
          late: false,
          reasons: [],
        },
      },
    });
    opened++;
  }
  return opened;
}

function levelsOf(bom: CompiledBom, items: readonly DemoItem[]): number {
  return Math.max(...items.map((i) => bom.itemInfo(i.code).lowLevelCode)) + 1;
}
