import { formatCsv } from '@shopfloor/bom-io';
import type { RowView } from './store.js';
import type { ReconciliationKind } from './tables.js';

type Cell = string | number;

/** The export's columns per kind: a Chinese heading an office reads, the field name after it (as the count accuracy export). */
const COLUMNS: Record<ReconciliationKind, { key: string; zh: string; value: (r: RowView) => Cell }[]> = {
  stock: [
    { key: 'status', zh: '结果', value: (r) => r.status },
    { key: 'item', zh: '物料编码', value: (r) => r.key.item ?? '' },
    { key: 'location', zh: '库位', value: (r) => r.key.location ?? '' },
    { key: 'lot', zh: '批次', value: (r) => r.key.lot ?? '' },
    { key: 'ourQty', zh: '本系统数量', value: (r) => r.ours?.qty ?? '' },
    { key: 'theirQty', zh: '对方数量', value: (r) => r.theirs?.qty ?? '' },
    { key: 'difference', zh: '差异', value: (r) => r.difference?.qty ?? '' },
    { key: 'owners', zh: '责任人', value: (r) => owners(r) },
  ],
  workOrders: [
    { key: 'status', zh: '结果', value: (r) => r.status },
    { key: 'no', zh: '工单号', value: (r) => r.key.no ?? '' },
    { key: 'ourItem', zh: '本系统物料', value: (r) => r.ours?.item ?? '' },
    { key: 'theirItem', zh: '对方物料', value: (r) => r.theirs?.item ?? '' },
    { key: 'ourQty', zh: '本系统数量', value: (r) => r.ours?.qty ?? '' },
    { key: 'theirQty', zh: '对方数量', value: (r) => r.theirs?.qty ?? '' },
    { key: 'difference', zh: '差异', value: (r) => r.difference?.qty ?? '' },
    { key: 'ourStatus', zh: '本系统状态', value: (r) => r.ours?.status ?? '' },
    { key: 'theirStatus', zh: '对方状态', value: (r) => r.theirs?.status ?? '' },
    { key: 'differentFields', zh: '不一致字段', value: (r) => r.difference?.fields.join(' ') ?? '' },
    { key: 'owners', zh: '责任人', value: (r) => owners(r) },
  ],
};

const owners = (r: RowView) => r.owners.map((o) => `${o.name}(${o.role})`).join(' ');

export const exportHeadings = (kind: ReconciliationKind) => COLUMNS[kind].map((c) => `${c.zh} ${c.key}`);

/** CSV with a UTF-8 byte order mark: without it Excel reads the Chinese headings as mojibake. */
export function reportCsv(kind: ReconciliationKind, rows: readonly RowView[]): string {
  const columns = COLUMNS[kind];
  const lines: string[][] = [exportHeadings(kind)];
  for (const row of rows) lines.push(columns.map((c) => String(c.value(row))));
  return `\uFEFF${formatCsv(lines)}`;
}

export async function reportXlsx(kind: ReconciliationKind, rows: readonly RowView[]): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Shopfloor';
  const ws = workbook.addWorksheet(kind === 'stock' ? '库存对账' : '工单对账', {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  const columns = COLUMNS[kind];
  ws.columns = columns.map((c, i) => ({ key: c.key, header: exportHeadings(kind)[i], width: 16 }));
  ws.getRow(1).font = { bold: true };
  for (const row of rows) ws.addRow(columns.map((c) => c.value(row)));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
