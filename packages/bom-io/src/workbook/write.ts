import { SETUP_SHEETS, type SetupSheetName } from './sheets.js';

/** Records per sheet, by field name; lists (roles, workshops) as arrays or comma-separated text. */
export type SetupData = Partial<Record<SetupSheetName, ReadonlyArray<object>>>;

const GUIDE_ZH = [
  '每个工作表是一张清单：第 1 行是列名（请勿修改），从第 2 行起每行一条记录。模板第 2 行是示例，请改成你们的数据或删除。',
  '导入前先“检查”（试导入，不写入任何数据）；导入时有任何问题则整个文件都不写入。',
  '重复导入同一个文件不会改变任何数据。文件里没有的记录保持原样：导入不会停用或删除仓库、库位、车间、人员等（停用请在控制台操作）。',
  '空单元格表示“不修改”（新记录取默认值）。物料清单按父项、工艺路线按物料整体替换：表中出现的父项/物料，以表中的行为准。',
  '编码列已设为文本格式（001 不会变成 1）；日期写成 2026-07-01；不要合并单元格；公式必须有计算结果。',
  '期初库存作为一张期初单记账；库位有了其他出入库之后，期初数量不能再改，请用盘点或库存调整。',
];
const GUIDE_EN = [
  'Each sheet is one list: row 1 holds the field names (keep them), every row below is one record. Row 2 of the template is an example: replace or delete it.',
  'Check first (a dry run writes nothing); an import with any problem writes nothing at all.',
  'Importing the same file again changes nothing. Records missing from the file are left alone: import never deactivates or deletes (use the console).',
  'A blank cell leaves the stored value as it is (new records take the default). BOM lines and routings are replaced per parent item.',
  'Code columns are formatted as text (001 stays 001); write dates as 2026-07-01; no merged cells; formulas need a cached result.',
  'Opening stock is posted as one opening document; once a location has other movements its opening can no longer change: count or adjust instead.',
];

/**
 * The setup workbook: a 说明 sheet explaining every column in Chinese and English, then one sheet
 * per list with a header row of field names. Without `data` it is the template (one example row per
 * sheet, a consistent little plant); with `data` it is the export of the current records.
 */
export async function writeSetupWorkbook(data?: SetupData): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Shopfloor';

  const guide = workbook.addWorksheet('说明');
  guide.columns = [{ width: 16 }, { width: 12 }, { width: 18 }, { width: 8 }, { width: 60 }, { width: 60 }];
  guide.addRow(['Shopfloor 开账工作簿 · Setup workbook']).font = { bold: true, size: 14 };
  GUIDE_ZH.forEach((line, i) => {
    guide.addRow([`${i + 1}. ${line}`]);
    guide.addRow([`   ${GUIDE_EN[i]}`]).font = { color: { argb: 'FF666666' } };
  });
  guide.addRow([]);
  guide.addRow(['工作表 sheet', '中文名', '列 column', '必填', '说明', 'Description']).font = { bold: true };
  for (const sheet of SETUP_SHEETS) {
    guide.addRow([sheet.name, sheet.zh, '', '', sheet.zhSummary, sheet.enSummary]).font = { bold: true };
    for (const field of sheet.fields) {
      guide.addRow(['', '', field.name, field.required ? '是' : '', field.zh, field.en]);
    }
  }

  for (const sheet of SETUP_SHEETS) {
    const ws = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = sheet.fields.map((field) => ({
      key: field.name,
      width: Math.max(12, Math.min(40, field.name.length + 6)),
      // Typed codes stay text: 001 stays 001, 1001 does not become a number.
      ...(field.kind === 'text' || field.kind === 'list' || field.kind === 'choice'
        ? { style: { numFmt: '@' } }
        : {}),
    }));
    const header = ws.getRow(1);
    sheet.fields.forEach((field, i) => {
      const cell = header.getCell(i + 1);
      cell.value = field.name;
      cell.font = { bold: true };
      cell.fill = {
        type: 'pattern',
        pattern: 'solid',
        fgColor: { argb: field.required ? 'FFFFE699' : 'FFDDEBF7' },
      };
      cell.note = `${field.required ? '必填。' : ''}${field.zh}\n${field.en}`;
    });
    const records = data?.[sheet.name];
    if (records === undefined) {
      for (const example of data === undefined ? sheet.example : []) ws.addRow([...example]);
      continue;
    }
    for (const record of records) {
      ws.addRow(
        sheet.fields.map((field) => {
          const value = (record as Record<string, unknown>)[field.name];
          if (value === undefined || value === null) return null;
          if (Array.isArray(value)) return value.length > 0 ? value.join(',') : null;
          return value as string | number;
        }),
      );
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
