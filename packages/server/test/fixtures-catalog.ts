import type { BomDocument } from '@shopfloor/bom-engine';
import type { Kysely } from 'kysely';
import type { ServerConfig } from '../src/config.js';
import type { Database } from '../src/db/schema.js';
import { seedUsers } from './fixtures.js';

/** The demo users plus bins in the warehouses (库位), for the reference-data routes. */
export async function seedCatalog(db: Kysely<Database>, config: ServerConfig): Promise<void> {
  await seedUsers(db, config);
  await db
    .insertInto('locations')
    .values([
      { org_id: config.orgId, code: 'RM-A01', warehouse: 'WH-RM', name: '原材料 A 区 01' },
      { org_id: config.orgId, code: 'RM-A02', warehouse: 'WH-RM' },
      { org_id: config.orgId, code: 'FG-01', warehouse: 'WH-FG', name: '成品 01' },
    ])
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** A dining table (餐桌) with a phantom hardware kit, a screw used on two levels and a mm → m conversion. */
export const TABLE_BOM: BomDocument = {
  uomConversions: [{ from: 'mm', to: 'm', factor: 0.001 }],
  items: [
    { code: 'TABLE', name: '餐桌', uom: 'pcs', type: 'make', leadTime: 3 },
    { code: 'TOP', name: '桌面', uom: 'pcs', type: 'make' },
    { code: 'LEG', name: '桌腿', uom: 'pcs', type: 'make' },
    { code: 'KIT', name: '五金包', uom: 'set', type: 'phantom' },
    { code: 'SCREW', name: '螺丝 M6', uom: 'pcs', type: 'buy', cost: 0.12 },
    { code: 'WOOD', name: '橡木板', uom: 'm', type: 'buy', cost: 85 },
  ],
  bomLines: [
    { parent: 'TABLE', child: 'TOP', qty: 1 },
    { parent: 'TABLE', child: 'LEG', qty: 4, scrapRate: 0.02 },
    { parent: 'TABLE', child: 'KIT', qty: 1 },
    { parent: 'KIT', child: 'SCREW', qty: 8 },
    { parent: 'LEG', child: 'SCREW', qty: 2 },
    { parent: 'LEG', child: 'WOOD', qty: 720, uom: 'mm' },
    { parent: 'TOP', child: 'WOOD', qty: 3.6, effectiveFrom: '2026-01-01' },
  ],
};

/**
 * The same document with every item code prefixed, so tests sharing one server never touch each
 * other's items. Item-specific conversions follow their item.
 */
export function prefixed(document: BomDocument, prefix: string): BomDocument {
  const code = (c: string) => `${prefix}-${c}`;
  return {
    uomConversions: document.uomConversions?.map((c) => (c.item ? { ...c, item: code(c.item) } : c)),
    items: document.items.map((item) => ({ ...item, code: code(item.code) })),
    bomLines: document.bomLines.map((line) => ({
      ...line,
      parent: code(line.parent),
      child: code(line.child),
    })),
  };
}

/** The three lists of a document as CSV with Chinese headers, as a Chinese ERP export writes them. */
export function chineseCsv(document: BomDocument): {
  items: string;
  bomLines: string;
  uomConversions: string;
} {
  const csv = (rows: unknown[][]) =>
    `\uFEFF${rows.map((row) => row.map((cell) => String(cell ?? '')).join(',')).join('\r\n')}\r\n`;
  const types = { make: '自制', buy: '外购', phantom: '虚拟件' } as const;
  return {
    items: csv([
      ['料号', '物料名称', '单位', '类型', '提前期', '单价'],
      ...document.items.map((i) => [i.code, i.name, i.uom, types[i.type], i.leadTime, i.cost]),
    ]),
    bomLines: csv([
      ['父项', '子项', '用量', '单位', '损耗率', '生效日期', '失效日期'],
      ...document.bomLines.map((l) => [
        l.parent,
        l.child,
        l.qty,
        l.uom,
        l.scrapRate,
        l.effectiveFrom,
        l.effectiveTo,
      ]),
    ]),
    uomConversions: csv([
      ['源单位', '目标单位', '换算系数', '物料编码'],
      ...(document.uomConversions ?? []).map((c) => [c.from, c.to, c.factor, c.item]),
    ]),
  };
}
