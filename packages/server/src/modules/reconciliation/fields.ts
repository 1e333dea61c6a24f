import type { ReconciliationKind } from './tables.js';

export interface SnapshotField {
  required?: boolean;
  aliases: readonly string[];
}

/**
 * The snapshot's columns per kind, with the headers Chinese ERP and WMS exports use. Matched as
 * docs/bom-format.md matches BOM headers: case, spaces, `_`, `-` and brackets ignored.
 */
export const SNAPSHOT_FIELDS: Record<ReconciliationKind, Record<string, SnapshotField>> = {
  stock: {
    item: {
      required: true,
      aliases: [
        'itemCode',
        'code',
        'material',
        '物料',
        '物料编码',
        '物料代码',
        '物料号',
        '料号',
        '编码',
        '存货编码',
      ],
    },
    location: {
      required: true,
      aliases: ['loc', 'bin', 'locationCode', '库位', '库位编码', '货位', '储位', '仓位', '库位号'],
    },
    lot: { aliases: ['batch', 'lotNo', 'batchNo', '批次', '批号', '批次号'] },
    qty: {
      required: true,
      aliases: [
        'quantity',
        'onHand',
        '数量',
        '库存',
        '库存数量',
        '结存数量',
        '现存量',
        '账存数量',
        '在库数量',
      ],
    },
  },
  workOrders: {
    no: {
      required: true,
      aliases: [
        'workOrder',
        'workOrderNo',
        'orderNo',
        'moNo',
        '工单',
        '工单号',
        '工单编号',
        '生产订单号',
        '生产任务单号',
        '单据编号',
      ],
    },
    item: {
      required: true,
      aliases: [
        'itemCode',
        'code',
        'product',
        '物料',
        '物料编码',
        '物料代码',
        '料号',
        '产品编码',
        '存货编码',
      ],
    },
    qty: { required: true, aliases: ['quantity', '数量', '生产数量', '计划数量', '工单数量'] },
    status: { aliases: ['state', '状态', '工单状态', '单据状态', '业务状态'] },
  },
};

/** The record kind a connector's mapping describes for each reconciliation kind (mapping/engine.ts). */
export const RECORD_KIND = { stock: 'stockSnapshot', workOrders: 'workOrder' } as const;

/** Chinese ERP status words for our work-order statuses, used when no mapping says otherwise. */
export const WORK_ORDER_STATUS_WORDS: Record<string, string> = {
  draft: 'draft',
  草稿: 'draft',
  计划: 'draft',
  released: 'released',
  下达: 'released',
  已下达: 'released',
  审核: 'released',
  已审核: 'released',
  'in-progress': 'in-progress',
  inprogress: 'in-progress',
  生产中: 'in-progress',
  开工: 'in-progress',
  已开工: 'in-progress',
  done: 'done',
  完工: 'done',
  已完工: 'done',
  完成: 'done',
  closed: 'closed',
  关闭: 'closed',
  已关闭: 'closed',
  结案: 'closed',
};
