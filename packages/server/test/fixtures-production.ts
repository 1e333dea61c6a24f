import { randomUUID } from 'node:crypto';
import type { ShopfloorClient } from '@shopfloor/sdk';
import { type Kysely, sql } from 'kysely';
import type { ServerConfig } from '../src/config.js';
import type { Database } from '../src/db/schema.js';
import { postMovements } from '../src/modules/stock/ledger.js';
import { seedUsers } from './fixtures.js';

/**
 * A small chair-and-table plant on top of the fixture users:
 * - CHAIR (椅子): 10 下料 and 20 焊接 in 机加车间 (WS-MCH, op-wang), 30 总装 in 总装车间 (WS-ASM, op-li)
 * - FRAME (框架): one operation, 10 焊接 in WS-MCH — its lots go into chairs
 * - TABLE (餐桌): one operation, 10 总装 in WS-ASM; BOM 1 TOP + 8 SCREW, for backflush
 * - NOROUTE: a make item without routing
 * Locations RM-01 (原材料仓 WH-RM) and FG-01 (成品仓 WH-FG); opening stock 2 TOP and 100 SCREW at RM-01.
 */
export async function seedProduction(db: Kysely<Database>, config: ServerConfig): Promise<void> {
  await seedUsers(db, config);
  const org = config.orgId;
  await sql`
    insert into locations (org_id, code, warehouse, name) values
      (${org}, 'RM-01', 'WH-RM', '原材料仓一区'), (${org}, 'FG-01', 'WH-FG', '成品仓一区')
    on conflict do nothing`.execute(db);
  await sql`
    insert into items (org_id, code, name, uom, type, precision) values
      (${org}, 'CHAIR', '实木餐椅', 'pcs', 'make', 0),
      (${org}, 'FRAME', '椅子框架', 'pcs', 'make', 0),
      (${org}, 'TABLE', '实木餐桌', 'pcs', 'make', 0),
      (${org}, 'TOP', '桌面板', 'pcs', 'buy', 0),
      (${org}, 'SCREW', '螺丝 M6', 'pcs', 'buy', 0),
      (${org}, 'STEEL', '方钢管', 'kg', 'buy', 3),
      (${org}, 'NOROUTE', '无工艺物料', 'pcs', 'make', 0)
    on conflict do nothing`.execute(db);
  await sql`
    insert into routings (org_id, item, seq, name, workshop, work_center, standard_minutes) values
      (${org}, 'CHAIR', 10, '下料', 'WS-MCH', 'SAW-1', 2),
      (${org}, 'CHAIR', 20, '焊接', 'WS-MCH', 'WELD-1', 5),
      (${org}, 'CHAIR', 30, '总装', 'WS-ASM', 'ASM-1', 8),
      (${org}, 'FRAME', 10, '焊接', 'WS-MCH', 'WELD-1', 6),
      (${org}, 'TABLE', 10, '总装', 'WS-ASM', 'ASM-1', 12)
    on conflict do nothing`.execute(db);
  await sql`
    insert into bom_lines (org_id, parent, child, seq, qty) values
      (${org}, 'TABLE', 'TOP', 10, 1), (${org}, 'TABLE', 'SCREW', 20, 8)`.execute(db);
  await sql`
    insert into bom_revisions (org_id, revision) values (${org}, 1)
    on conflict (org_id) do update set revision = bom_revisions.revision + 1`.execute(db);
  await db.transaction().execute((tx) =>
    postMovements(tx, {
      orgId: org,
      actor: 'admin',
      source: { type: 'opening-balance', id: 'OB-PRODUCTION' },
      movements: [
        { kind: 'receipt', item: 'TOP', location: 'RM-01', qty: 2 },
        { kind: 'receipt', item: 'SCREW', location: 'RM-01', qty: 100 },
      ],
    }),
  );
}

let counter = 0;
/** A fresh work-order number per call, so tests never share one. */
export const freshNo = (prefix = 'T') => `${prefix}-${process.pid}-${++counter}`;

/** Creates and releases a work order as the planner. */
export async function releasedWorkOrder(
  planner: ShopfloorClient,
  input: { item: string; qty: number; due?: string; backflush?: boolean; lot?: string },
) {
  const no = freshNo(input.item);
  await planner.workOrders.create({ due: '2026-12-31', ...input, no });
  return planner.workOrders.release(no);
}

/** A report body with the fields every test leaves alone. */
export const report = (good: number, extra: Record<string, unknown> = {}) => ({
  goodQty: good,
  scrapQty: 0,
  deviceTime: '2026-11-25T10:00:00+08:00',
  ...extra,
});

/** POST of one report as `token`, with a fresh Idempotency-Key unless one is given. */
export const postReport = (
  url: string,
  token: string,
  target: { no: string; seq: number },
  body: Record<string, unknown>,
  key: string = randomUUID(),
) =>
  fetch(`${url}/api/v1/work-orders/${target.no}/operations/${target.seq}/reports`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Idempotency-Key': key, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
