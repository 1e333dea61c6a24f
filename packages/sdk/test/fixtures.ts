/** Valid samples of the domain model, as the server would send them. */
import type {
  Alert,
  AuthSession,
  Bom,
  BomDocument,
  BomImportResult,
  Explosion,
  ExplosionTree,
  Health,
  IssueRequest,
  Item,
  LotTrace,
  OperationReport,
  StockBalance,
  StockMovement,
  WeComJsSignature,
  WhereUsed,
  WorkOrder,
} from '../src/index.js';

export const BASE_URL = 'http://shopfloor.test';
export const API = `${BASE_URL}/api/v1`;

export const leg: Item = {
  code: 'LEG',
  name: '桌腿',
  uom: 'pcs',
  type: 'make',
  safetyStock: 40,
  leadTime: 2,
  abcClass: 'B',
};
export const table: Item = { code: 'TABLE', name: '餐桌', uom: 'pcs', type: 'make' };

export const bomDocument: BomDocument = {
  uomConversions: [{ from: 'mm', to: 'm', factor: 0.001 }],
  items: [
    { code: 'TABLE', name: '餐桌', uom: 'pcs', type: 'make' },
    { code: 'LEG', name: '桌腿', uom: 'pcs', type: 'make' },
    { code: 'TUBE', name: '钢管', uom: 'm', type: 'buy' },
  ],
  bomLines: [
    {
      parent: 'TABLE',
      child: 'LEG',
      qty: 4,
      uom: 'pcs',
      scrapRate: 0.02,
      effectiveFrom: '2026-07-01',
      effectiveTo: null,
    },
    { parent: 'LEG', child: 'TUBE', qty: 720, uom: 'mm' },
  ],
};

export const bom: Bom = {
  parent: 'TABLE',
  lines: [{ child: 'LEG', qty: 4 }],
  revision: 2,
  updatedAt: '2026-07-01T08:00:00+08:00',
};

export const bomImportResult: BomImportResult = {
  items: { created: 3, updated: 0 },
  bomLines: 2,
  warnings: [],
};

export const explosion: Explosion = {
  item: 'TABLE',
  qty: 10,
  date: '2026-07-02',
  requirements: [
    { item: 'LEG', qty: 40.8, uom: 'pcs', type: 'make', lowLevelCode: 1 },
    { item: 'TUBE', qty: 29.376, uom: 'm', type: 'buy', lowLevelCode: 2 },
  ],
};

export const explosionTree: ExplosionTree = {
  item: 'TABLE',
  qty: 1,
  date: '2026-07-02',
  rows: [
    { level: 1, item: 'LEG', qty: 4.08, uom: 'pcs', type: 'make', path: ['TABLE', 'LEG'] },
    { level: 2, item: 'TUBE', qty: 2.9376, uom: 'm', type: 'buy', path: ['TABLE', 'LEG', 'TUBE'] },
  ],
};

export const whereUsed: WhereUsed = {
  item: 'TUBE',
  date: '2026-07-02',
  usedIn: [
    { item: 'LEG', qtyPer: 0.72, direct: true, endItem: false, type: 'make', lowLevelCode: 1 },
    { item: 'TABLE', qtyPer: 2.9376, direct: false, endItem: true, type: 'make', lowLevelCode: 0 },
  ],
};

export function workOrder(no: string, status: WorkOrder['status'] = 'released'): WorkOrder {
  return {
    no,
    item: 'TABLE',
    qty: 50,
    due: '2026-07-20',
    status,
    operations: [
      { seq: 10, name: '下料', workshop: 'W1', status: 'done', goodQty: 50, scrapQty: 0 },
      {
        seq: 20,
        name: '焊接',
        workshop: 'W1',
        status: 'in-progress',
        plannedStart: '2026-07-10T08:00:00+08:00',
        actualStart: '2026-07-10T08:12:00+08:00',
        goodQty: 12,
        scrapQty: 1,
      },
    ],
  };
}

export const operationReport: OperationReport = {
  id: 'r-1',
  workOrderNo: 'WO-1',
  seq: 20,
  goodQty: 8,
  scrapQty: 1,
  scrapReason: '焊穿',
  consumedLots: [{ lot: 'L-TUBE-7', item: 'TUBE', qty: 5.76 }],
  producedLot: 'L-LEG-3',
  deviceTime: '2026-07-10T09:30:00+08:00',
  reporter: 'u-op',
  reportedAt: '2026-07-10T09:30:02+08:00',
};

export function issueRequest(id: string, status: IssueRequest['status'] = 'pending'): IssueRequest {
  return {
    id,
    kind: 'issue',
    warehouse: 'WH1',
    workOrderNo: 'WO-1',
    requester: 'u-op',
    status,
    lines: [{ line: 0, item: 'TUBE', qty: 36, lot: 'L-TUBE-7' }],
    approvals:
      status === 'approved'
        ? [
            {
              approver: 'u-boss',
              at: '2026-07-10T10:00:00+08:00',
              decision: 'approved',
              lines: [{ line: 0, qty: 36 }],
            },
          ]
        : [],
    createdAt: '2026-07-10T09:00:00+08:00',
  };
}

export const balance: StockBalance = {
  item: 'TUBE',
  warehouse: 'WH1',
  lot: 'L-TUBE-7',
  qty: 120.5,
  uom: 'm',
  safetyStock: 100,
};

export const movement: StockMovement = {
  id: 'm-1',
  kind: 'issue',
  item: 'TUBE',
  qty: -36,
  uom: 'm',
  warehouse: 'WH1',
  lot: 'L-TUBE-7',
  sourceDocument: { type: 'issue-request', id: 'IR-1' },
  at: '2026-07-10T10:00:00+08:00',
  by: 'u-boss',
};

export const alert: Alert = {
  id: 'a-1',
  kind: 'safety-stock',
  severity: 'warning',
  subject: { type: 'item', id: 'TUBE' },
  title: '钢管 below safety stock',
  suggestion: 'raise a purchase of 80 m',
  status: 'open',
  createdAt: '2026-07-10T10:00:01+08:00',
};

export const lotTrace: LotTrace = {
  lot: 'L-LEG-3',
  item: 'LEG',
  direction: 'backward',
  nodes: [
    { lot: 'L-LEG-3', item: 'LEG', depth: 0 },
    { lot: 'L-TUBE-7', item: 'TUBE', depth: 1 },
  ],
  edges: [{ from: 'L-TUBE-7', fromItem: 'TUBE', to: 'L-LEG-3', toItem: 'LEG', qty: 5.76 }],
};

export const session: AuthSession = {
  token: 'tok-1',
  user: { id: 'u-op', name: '王师傅', roles: ['operator'] },
};

export const jsSignature: WeComJsSignature = {
  corpId: 'ww123',
  timestamp: 1_780_000_000,
  nonceStr: 'n0nce',
  signature: '0f3c',
};

export const health: Health = {
  status: 'ok',
  version: '0.1.0',
  checks: { database: { status: 'ok', latencyMs: 2 }, sync: { status: 'ok' } },
};

/** A problem+json answer as the server sends it. */
export function problem(status: number, title: string, extra: Record<string, unknown> = {}) {
  return {
    type: `https://shopfloor.dev/problems/${title.toLowerCase().replace(/\s+/g, '-')}`,
    title,
    status,
    ...extra,
  };
}
