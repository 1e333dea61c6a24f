import type { CountAccuracy, CountAccuracyRow } from '@shopfloor/sdk/admin';

/** The export's columns, in order: a Chinese heading an office reads, with the field name after it. */
export const ACCURACY_COLUMNS: ReadonlyArray<{ key: keyof CountAccuracyRow; zh: string }> = [
  { key: 'week', zh: '周次' },
  { key: 'weekStart', zh: '周一' },
  { key: 'abcClass', zh: 'ABC 分类' },
  { key: 'warehouse', zh: '仓库' },
  { key: 'counts', zh: '完成盘点数' },
  { key: 'withinTolerance', zh: '容差内' },
  { key: 'accuracyPct', zh: '准确率 %' },
  { key: 'adjustedQty', zh: '调整数量' },
  { key: 'adjustedValue', zh: '调整金额' },
  { key: 'uncostedCounts', zh: '无成本的调整' },
];

const heading = (c: (typeof ACCURACY_COLUMNS)[number]) => `${c.zh} ${c.key}`;

const csvCell = (v: string | number) => {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** CSV with a UTF-8 byte order mark: without it Excel reads the Chinese headings as mojibake. */
export function accuracyCsv(report: CountAccuracy): string {
  const lines = [ACCURACY_COLUMNS.map(heading).map(csvCell).join(',')];
  for (const row of report.rows) lines.push(ACCURACY_COLUMNS.map((c) => csvCell(row[c.key])).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export async function accuracyXlsx(report: CountAccuracy): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Shopfloor';
  const ws = workbook.addWorksheet('盘点准确率', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = ACCURACY_COLUMNS.map((c) => ({ key: c.key, header: heading(c), width: 16 }));
  ws.getRow(1).font = { bold: true };
  for (const row of report.rows) ws.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
