import { formatCsv } from '@shopfloor/bom-io';
import type { TeamComparisonRow } from '@shopfloor/sdk/admin';
import type { GroupBy } from './aggregate.js';

type Cell = string | number;

/** Columns of the export: a Chinese heading an office reads, the field name after it (as the reconciliation export). */
const COLUMNS: { key: keyof TeamComparisonRow; zh: string }[] = [
  { key: 'key', zh: '编码' },
  { key: 'name', zh: '名称' },
  { key: 'reports', zh: '报工次数' },
  { key: 'qty', zh: '数量' },
  { key: 'unmeasured', zh: '无法计时报工' },
  { key: 'actualMinutes', zh: '实际工时(分)' },
  { key: 'standardMinutes', zh: '标准工时(分)' },
  { key: 'efficiency', zh: '效率' },
  { key: 'minutesPerUnit', zh: '单件工时(分)' },
];

export const GROUP_NAMES: Record<GroupBy, string> = {
  operator: '操作工',
  team: '班组',
  workshop: '车间',
  workCenter: '工作中心',
  operation: '工序',
};

export const exportHeadings = (): string[] => COLUMNS.map((c) => `${c.zh} ${c.key}`);

const cells = (r: TeamComparisonRow): Cell[] => COLUMNS.map((c) => r[c.key] ?? '');

/** CSV with a UTF-8 byte order mark: without it Excel reads the Chinese headings as mojibake. */
export function comparisonCsv(rows: readonly TeamComparisonRow[]): string {
  const lines: string[][] = [exportHeadings()];
  for (const row of rows) lines.push(cells(row).map(String));
  return `\uFEFF${formatCsv(lines)}`;
}

export async function comparisonXlsx(rows: readonly TeamComparisonRow[], by: GroupBy): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Shopfloor';
  const ws = workbook.addWorksheet(`班组对比-${GROUP_NAMES[by]}`, {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  ws.columns = COLUMNS.map((c, i) => ({ key: c.key, header: exportHeadings()[i], width: i === 1 ? 28 : 14 }));
  ws.getRow(1).font = { bold: true };
  for (const row of rows) ws.addRow(cells(row));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
