import type { Kysely } from 'kysely';
import type { ServerConfig } from '../src/config.js';
import type { Database } from '../src/db/schema.js';

/** Demo users every test can sign in as; names follow the shop floor (李 the operator…). */
export async function seedUsers(db: Kysely<Database>, config: ServerConfig): Promise<void> {
  const org = config.orgId;
  await db
    .insertInto('workshops')
    .values([
      { org_id: org, code: 'WS-ASM', name: '总装车间' },
      { org_id: org, code: 'WS-MCH', name: '机加车间' },
    ])
    .onConflict((oc) => oc.doNothing())
    .execute();
  await db
    .insertInto('warehouses')
    .values([
      { org_id: org, code: 'WH-RM', name: '原材料仓' },
      { org_id: org, code: 'WH-FG', name: '成品仓' },
    ])
    .onConflict((oc) => oc.doNothing())
    .execute();
  await db
    .insertInto('users')
    .values([
      { org_id: org, id: 'op-li', name: '李师傅', roles: ['operator'], workshops: ['WS-ASM'] },
      { org_id: org, id: 'op-wang', name: '王师傅', roles: ['operator'], workshops: ['WS-MCH'] },
      { org_id: org, id: 'ap-zhao', name: '赵主管', roles: ['approver'], warehouses: ['WH-RM'] },
      { org_id: org, id: 'ap-qian', name: '钱主管', roles: ['approver', 'planner'], warehouses: ['WH-FG'] },
      { org_id: org, id: 'sk-sun', name: '孙仓管', roles: ['storekeeper'], warehouses: ['WH-RM', 'WH-FG'] },
      { org_id: org, id: 'pl-zhou', name: '周计划', roles: ['planner'], workshops: ['WS-ASM', 'WS-MCH'] },
      { org_id: org, id: 'admin', name: '系统管理员', roles: ['admin'] },
    ])
    .onConflict((oc) => oc.doNothing())
    .execute();
}
