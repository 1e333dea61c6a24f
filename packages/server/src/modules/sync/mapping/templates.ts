import { MAPPING_FORMAT, MappingDocument } from './document.js';
import { canonical } from './store.js';

/**
 * The mapping templates shipped with the server (`GET /sync/mapping-templates/{name}`): starting
 * points an integrator downloads, edits (organisation numbers, units, warehouses) and PUTs on a
 * connector. Where the field names come from: docs/sync-mapping.md.
 */
export interface MappingTemplate {
  name: string;
  title: string;
  system: string;
  document: MappingDocument;
}

const iso = (ours: string, theirs: string, extra: Record<string, unknown> = {}) => ({
  ours,
  theirs,
  ...extra,
});
const trim = [{ op: 'trim' as const }];

/** Our names on both sides: a generic JSON ERP that takes Shopfloor's own record shapes. */
const genericJson: MappingDocument = {
  format: MAPPING_FORMAT,
  name: 'Generic JSON ERP',
  system: 'generic-json',
  description:
    'Our field names on both sides: copy it and rename the `theirs` paths to the names your system uses.',
  entities: {
    item: {
      target: 'item',
      fields: [
        iso('code', 'code', { required: true, transform: trim }),
        iso('name', 'name', { required: true, transform: trim }),
        iso('uom', 'uom', { required: true }),
        iso('type', 'type', { default: 'buy' }),
        iso('spec', 'spec'),
      ],
    },
    bomLine: {
      target: 'bomLine',
      fields: [
        iso('parent', 'parent', { required: true }),
        iso('child', 'child', { required: true }),
        iso('qty', 'qty', { required: true, transform: [{ op: 'number' }] }),
        iso('uom', 'uom'),
        iso('scrapRate', 'scrapRate'),
        iso('effectiveFrom', 'effectiveFrom'),
        iso('effectiveTo', 'effectiveTo'),
      ],
    },
    workOrder: {
      target: 'workOrder',
      fields: [
        iso('no', 'no', { required: true }),
        iso('item', 'item', { required: true }),
        iso('qty', 'qty', { required: true, transform: [{ op: 'number' }] }),
        iso('dueDate', 'dueDate', { required: true }),
        iso('workshop', 'workshop'),
        iso('status', 'status'),
      ],
    },
    purchaseReceipt: {
      target: 'purchaseReceipt',
      fields: [
        iso('no', 'no', { required: true }),
        iso('line', 'line'),
        iso('item', 'item', { required: true }),
        iso('qty', 'qty', { required: true, transform: [{ op: 'number' }] }),
        iso('location', 'location', { required: true }),
        iso('lot', 'lot'),
        iso('receivedAt', 'receivedAt'),
      ],
    },
    stockSnapshot: {
      target: 'stockSnapshot',
      fields: [
        iso('item', 'item', { required: true }),
        iso('location', 'location', { required: true }),
        iso('lot', 'lot'),
        iso('qty', 'qty', { required: true, transform: [{ op: 'number' }] }),
      ],
    },
  },
  outbound: [
    { topic: 'item.created', kind: 'item' },
    { topic: 'item.updated', kind: 'item' },
    { topic: 'work-order.created', kind: 'workOrder', from: { dueDate: 'due' } },
    { topic: 'stock-receipt.created', kind: 'purchaseReceipt', each: 'lines', from: { line: 'lineNo' } },
  ],
};

/** 金蝶云星空 K/3 Cloud WebAPI: form ids and field keys of the Save / ExecuteBillQuery data packets. */
const kingdee: MappingDocument = {
  format: MAPPING_FORMAT,
  name: '金蝶云星空 K/3 Cloud',
  system: 'kingdee-k3cloud',
  description:
    'Form ids and field keys of K/3 Cloud WebAPI data packets (Save Model). Replace the organisation number 100 ' +
    '(FCreateOrgId, FUseOrgId, FPrdOrgId, FStockOrgId) and the unit numbers with yours.',
  valueMaps: {
    // 单据状态 FDocumentStatus: A 创建, B 审核中, C 已审核, D 重新审核, Z 暂存.
    documentStatus: [
      { ours: 'draft', theirs: 'A' },
      { ours: 'draft', theirs: 'B' },
      { ours: 'released', theirs: 'C' },
      { ours: 'draft', theirs: 'D' },
      { ours: 'draft', theirs: 'Z' },
    ],
    // 生产订单业务状态 FStatus: 1 计划, 2 计划确认, 3 下达, 4 开工, 5 完工, 6 结案, 7 结算.
    moStatus: [
      { ours: 'draft', theirs: '1' },
      { ours: 'draft', theirs: '2' },
      { ours: 'released', theirs: '3' },
      { ours: 'in-progress', theirs: '4' },
      { ours: 'done', theirs: '5' },
      { ours: 'closed', theirs: '6' },
      { ours: 'closed', theirs: '7' },
    ],
    // 物料属性 FErpClsID: 1 外购, 2 自制, 3 委外, 5 虚拟.
    materialProperty: [
      { ours: 'buy', theirs: '1' },
      { ours: 'make', theirs: '2' },
      { ours: 'buy', theirs: '3' },
      { ours: 'phantom', theirs: '5' },
    ],
    units: [
      { ours: 'pcs', theirs: 'Pcs' },
      { ours: 'kg', theirs: 'kg' },
      { ours: 'm', theirs: 'm' },
    ],
  },
  entities: {
    item: {
      target: 'BD_MATERIAL',
      fields: [
        { ours: 'code', theirs: 'FNumber', required: true, transform: trim },
        { ours: 'name', theirs: 'FName', required: true, transform: trim },
        { ours: 'spec', theirs: 'FSpecification', transform: trim },
        { ours: 'uom', theirs: 'FBaseUnitId.FNumber', required: true, values: 'units' },
        { ours: 'type', theirs: 'SubHeadEntity.FErpClsID', values: 'materialProperty', default: 'buy' },
        { theirs: 'FCreateOrgId.FNumber', const: '100' },
        { theirs: 'FUseOrgId.FNumber', const: '100' },
      ],
    },
    bomLine: {
      target: 'ENG_BOM',
      fields: [
        { ours: 'parent', theirs: 'FMaterialId.FNumber', required: true },
        { ours: 'child', theirs: 'FTreeEntity.0.FMaterialIdChild.FNumber', required: true },
        { ours: 'qty', theirs: 'FTreeEntity.0.FNumerator', required: true, transform: [{ op: 'number' }] },
        { theirs: 'FTreeEntity.0.FDenominator', const: 1 },
        { ours: 'uom', theirs: 'FTreeEntity.0.FChildUnitId.FNumber', values: 'units' },
        // Kingdee keeps the scrap rate in percent; ours is a fraction (0.05 = 5 %).
        { ours: 'scrapRate', theirs: 'FTreeEntity.0.FScrapRate', transform: [{ op: 'scale', exponent: -2 }] },
        {
          ours: 'effectiveFrom',
          theirs: 'FTreeEntity.0.FEffectDate',
          transform: [{ op: 'date', format: 'YYYY-MM-DDTHH:mm:ss', to: 'date' }],
        },
        {
          ours: 'effectiveTo',
          theirs: 'FTreeEntity.0.FExpireDate',
          transform: [{ op: 'date', format: 'YYYY-MM-DDTHH:mm:ss', to: 'date' }],
        },
        { theirs: 'FCreateOrgId.FNumber', const: '100' },
      ],
    },
    workOrder: {
      target: 'PRD_MO',
      fields: [
        { ours: 'no', theirs: 'FBillNo', required: true, transform: trim },
        { ours: 'item', theirs: 'FTreeEntity.0.FMaterialId.FNumber', required: true },
        { ours: 'qty', theirs: 'FTreeEntity.0.FQty', required: true, transform: [{ op: 'number' }] },
        {
          ours: 'dueDate',
          theirs: 'FTreeEntity.0.FPlanFinishDate',
          required: true,
          transform: [{ op: 'date', format: 'YYYY-MM-DD HH:mm:ss', to: 'date' }],
        },
        { ours: 'workshop', theirs: 'FTreeEntity.0.FWorkShopID.FNumber' },
        { ours: 'status', theirs: 'FTreeEntity.0.FStatus', values: 'moStatus' },
        { theirs: 'FBillType.FNumber', const: 'SCDD01_SYS' },
        { theirs: 'FPrdOrgId.FNumber', const: '100' },
      ],
    },
    purchaseReceipt: {
      target: 'STK_InStock',
      fields: [
        { ours: 'no', theirs: 'FBillNo', required: true, transform: trim },
        { ours: 'line', theirs: 'FInStockEntry.0.FSeq' },
        { ours: 'item', theirs: 'FInStockEntry.0.FMaterialId.FNumber', required: true },
        { ours: 'qty', theirs: 'FInStockEntry.0.FRealQty', required: true, transform: [{ op: 'number' }] },
        { ours: 'location', theirs: 'FInStockEntry.0.FStockId.FNumber', required: true },
        { ours: 'lot', theirs: 'FInStockEntry.0.FLot.FNumber' },
        {
          ours: 'receivedAt',
          theirs: 'FDate',
          transform: [{ op: 'date', format: 'YYYY-MM-DD HH:mm:ss', to: 'datetime' }],
        },
        { theirs: 'FBillTypeID.FNumber', const: 'RKD01_SYS' },
        { theirs: 'FStockOrgId.FNumber', const: '100' },
      ],
    },
    stockSnapshot: {
      target: 'STK_Inventory',
      fields: [
        { ours: 'item', theirs: 'FMaterialId.FNumber', required: true },
        { ours: 'location', theirs: 'FStockId.FNumber', required: true },
        { ours: 'lot', theirs: 'FLot.FNumber' },
        { ours: 'qty', theirs: 'FBaseQty', required: true, transform: [{ op: 'number' }] },
      ],
    },
  },
  outbound: [
    { topic: 'item.created', kind: 'item' },
    { topic: 'item.updated', kind: 'item' },
    { topic: 'work-order.created', kind: 'workOrder', from: { dueDate: 'due' } },
    { topic: 'stock-receipt.created', kind: 'purchaseReceipt', each: 'lines', from: { line: 'lineNo' } },
  ],
};

/** 用友 U8: column names of its database tables and views (Inventory, CurrentStock, mom_order, rdrecord01…). */
const yonyouU8: MappingDocument = {
  format: MAPPING_FORMAT,
  name: '用友 U8',
  system: 'yonyou-u8',
  description:
    'Column names of U8 tables (Inventory, CurrentStock, mom_order + mom_orderdetail, rdrecord01 + rdrecords01), ' +
    'as a database connector reads them from a view that joins head and body; targets are U8 OpenAPI entities.',
  valueMaps: {
    // mom_orderdetail.Status: 1 未审核, 2 锁定, 3 审核, 4 关闭.
    moStatus: [
      { ours: 'draft', theirs: 1 },
      { ours: 'draft', theirs: 2 },
      { ours: 'released', theirs: 3 },
      { ours: 'closed', theirs: 4 },
    ],
    // Inventory.bSelf (自制): 1 make, 0 buy.
    selfMade: [
      { ours: 'make', theirs: 1 },
      { ours: 'buy', theirs: 0 },
    ],
  },
  entities: {
    item: {
      target: 'inventory',
      fields: [
        { ours: 'code', theirs: 'cInvCode', required: true, transform: trim },
        { ours: 'name', theirs: 'cInvName', required: true, transform: trim },
        { ours: 'spec', theirs: 'cInvStd', transform: trim },
        { ours: 'uom', theirs: 'cComUnitCode', required: true, transform: trim },
        { ours: 'type', theirs: 'bSelf', values: 'selfMade', default: 'buy' },
      ],
    },
    bomLine: {
      target: 'bom',
      fields: [
        // U8 keys BOM rows by part id (bas_part); a view joins Inventory for the codes.
        { ours: 'parent', theirs: 'ParentInvCode', required: true, transform: trim },
        { ours: 'child', theirs: 'ComponentInvCode', required: true, transform: trim },
        { ours: 'qty', theirs: 'BaseQtyN', required: true, transform: [{ op: 'number' }] },
        // U8 keeps the scrap rate (CompScrap) in percent; ours is a fraction.
        { ours: 'scrapRate', theirs: 'CompScrap', transform: [{ op: 'scale', exponent: -2 }] },
        {
          ours: 'effectiveFrom',
          theirs: 'EffBegDate',
          transform: [{ op: 'date', format: 'YYYY-MM-DD HH:mm:ss', to: 'date' }],
        },
        {
          ours: 'effectiveTo',
          theirs: 'EffEndDate',
          transform: [{ op: 'date', format: 'YYYY-MM-DD HH:mm:ss', to: 'date' }],
        },
      ],
    },
    workOrder: {
      target: 'mom_order',
      fields: [
        { ours: 'no', theirs: 'MoCode', required: true, transform: trim },
        { ours: 'item', theirs: 'InvCode', required: true, transform: trim },
        { ours: 'qty', theirs: 'Qty', required: true, transform: [{ op: 'number' }] },
        {
          ours: 'dueDate',
          theirs: 'DueDate',
          required: true,
          transform: [{ op: 'date', format: 'YYYY-MM-DD HH:mm:ss', to: 'date' }],
        },
        { ours: 'workshop', theirs: 'MDeptCode', transform: trim },
        { ours: 'status', theirs: 'Status', values: 'moStatus' },
      ],
    },
    purchaseReceipt: {
      target: 'purchaseinwarehouse',
      fields: [
        { ours: 'no', theirs: 'cCode', required: true, transform: trim },
        { ours: 'line', theirs: 'irowno' },
        { ours: 'item', theirs: 'cInvCode', required: true, transform: trim },
        { ours: 'qty', theirs: 'iQuantity', required: true, transform: [{ op: 'number' }] },
        { ours: 'location', theirs: 'cWhCode', required: true, transform: trim },
        { ours: 'lot', theirs: 'cBatch', transform: trim },
        {
          ours: 'receivedAt',
          theirs: 'dDate',
          transform: [{ op: 'date', format: 'YYYY-MM-DD HH:mm:ss', to: 'datetime' }],
        },
      ],
    },
    stockSnapshot: {
      target: 'currentstock',
      fields: [
        { ours: 'item', theirs: 'cInvCode', required: true, transform: trim },
        { ours: 'location', theirs: 'cWhCode', required: true, transform: trim },
        { ours: 'lot', theirs: 'cBatch', transform: trim },
        { ours: 'qty', theirs: 'iQuantity', required: true, transform: [{ op: 'number' }] },
      ],
    },
  },
  outbound: [
    { topic: 'item.created', kind: 'item' },
    { topic: 'work-order.created', kind: 'workOrder', from: { dueDate: 'due' } },
    { topic: 'stock-receipt.created', kind: 'purchaseReceipt', each: 'lines', from: { line: 'lineNo' } },
  ],
};

export const MAPPING_TEMPLATES: readonly MappingTemplate[] = [
  {
    name: 'generic-json',
    title: 'Generic JSON ERP (our field names)',
    system: 'generic-json',
    document: genericJson,
  },
  {
    name: 'kingdee-k3cloud',
    title: '金蝶云星空 K/3 Cloud (WebAPI form ids and field keys)',
    system: 'kingdee-k3cloud',
    document: kingdee,
  },
  {
    name: 'yonyou-u8',
    title: '用友 U8 (table columns, OpenAPI entities)',
    system: 'yonyou-u8',
    document: yonyouU8,
  },
].map((t) => ({ ...t, document: canonical(MappingDocument.parse(t.document)) }));

export const findTemplate = (name: string) => MAPPING_TEMPLATES.find((t) => t.name === name);
