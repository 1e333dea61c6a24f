import { type Kysely, sql } from 'kysely';
import type { ServerConfig } from '../../src/config.js';
import type { Database } from '../../src/db/schema.js';
import { seedUsers } from '../fixtures.js';

export type Abc = 'A' | 'B' | 'C';

export interface Component {
  code: string;
  abc: Abc;
  /** Where receipts put it; work orders backflush from here first. */
  home: string;
}

export interface Product {
  code: string;
  abc: Abc;
  /** Finished-goods location its work orders receive into. */
  store: string;
  /** Components per unit, one BOM level. */
  bom: { item: string; qty: number }[];
}

/** 14 raw-material locations in 原材料仓, 6 in 成品仓 (FG-06 is a line-side kitting area, kind wip). */
export const RM_LOCATIONS = Array.from({ length: 14 }, (_, i) => `SR-${String(i + 1).padStart(2, '0')}`);
export const FG_LOCATIONS = ['SF-01', 'SF-02', 'SF-03', 'SF-04', 'SF-05'];
export const KIT_LOCATION = 'SF-06';

const classes = (n: number, a: number, b: number): Abc[] =>
  Array.from({ length: n }, (_, i) => (i < a ? 'A' : i < a + b ? 'B' : 'C'));

/** 24 bought components (6 A, 8 B, 10 C), each at home in one raw-material location. */
export const COMPONENTS: Component[] = classes(24, 6, 8).map((abc, i) => ({
  code: `SC-${String(i + 1).padStart(2, '0')}`,
  abc,
  home: RM_LOCATIONS[i % RM_LOCATIONS.length]!,
}));

/** 6 products (2 A, 2 B, 2 C) of 3 components each, assembled in 总装车间 in one operation. */
export const PRODUCTS: Product[] = classes(6, 2, 2).map((abc, i) => ({
  code: `SP-${i + 1}`,
  abc,
  store: FG_LOCATIONS[i % FG_LOCATIONS.length]!,
  bom: [0, 1, 2].map((k) => ({
    item: COMPONENTS[(i * 4 + k * 7) % COMPONENTS.length]!.code,
    qty: 1 + ((i + k) % 4),
  })),
}));

export const warehouseOf = (location: string) => (location.startsWith('SR-') ? 'WH-RM' : 'WH-FG');

/** The fixture users, 吴仓管 (storekeeper of 成品仓 only), and the plant above with its ABC classes. */
export async function seedPlant(db: Kysely<Database>, config: ServerConfig): Promise<void> {
  await seedUsers(db, config);
  const org = config.orgId;
  await db
    .insertInto('users')
    .values({ org_id: org, id: 'sk-fg', name: '吴仓管', roles: ['storekeeper'], warehouses: ['WH-FG'] })
    .execute();
  await db
    .insertInto('locations')
    .values([
      ...RM_LOCATIONS.map((code) => ({
        org_id: org,
        code,
        warehouse: 'WH-RM',
        name: `原材料${code}`,
        kind: 'raw-material' as const,
      })),
      ...FG_LOCATIONS.map((code) => ({
        org_id: org,
        code,
        warehouse: 'WH-FG',
        name: `成品${code}`,
        kind: 'finished-goods' as const,
      })),
      { org_id: org, code: KIT_LOCATION, warehouse: 'WH-FG', name: '配套区', kind: 'wip' as const },
    ])
    .execute();
  await db
    .insertInto('items')
    .values([
      ...COMPONENTS.map((c) => ({
        org_id: org,
        code: c.code,
        name: `零件${c.code}`,
        uom: 'pcs',
        type: 'buy' as const,
        precision: 0,
        abc_class: c.abc,
      })),
      ...PRODUCTS.map((p) => ({
        org_id: org,
        code: p.code,
        name: `产品${p.code}`,
        uom: 'pcs',
        type: 'make' as const,
        precision: 0,
        abc_class: p.abc,
      })),
    ])
    .execute();
  await db
    .insertInto('bom_lines')
    .values(
      PRODUCTS.flatMap((p) =>
        p.bom.map((l, k) => ({ org_id: org, parent: p.code, child: l.item, seq: (k + 1) * 10, qty: l.qty })),
      ),
    )
    .execute();
  await db
    .insertInto('routings')
    .values(
      PRODUCTS.map((p) => ({
        org_id: org,
        item: p.code,
        seq: 10,
        name: '总装',
        workshop: 'WS-ASM',
        standard_minutes: 10,
      })),
    )
    .execute();
  await sql`insert into bom_revisions (org_id, revision) values (${org}, 1)
            on conflict (org_id) do update set revision = bom_revisions.revision + 1`.execute(db);
}
