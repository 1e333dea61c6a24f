/**
 * Writes factory-bom.xlsx: a dining-set BOM as a Chinese furniture factory's ERP would export it,
 * with Chinese sheet names and headers, extra columns the loader ignores (规格, 备注), real Excel
 * dates for effectivity, a phantom hardware kit, one screw used on three levels, and mm/g lines on
 * items kept in m/kg. Run: pnpm --filter @shopfloor/example-bom-from-excel make-sample
 */
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

const items = [
  ['料号', '物料名称', '规格', '单位', '类型', '提前期', '成本', '精度'],
  ['SET-DT4', '餐桌椅套装(一桌四椅)', '1桌+4椅', '套', '自制', 2, 30, null],
  ['DT-1600', '实木餐桌', '1600×900×750', 'pcs', '自制', 5, 120, null],
  ['DC-01', '实木餐椅', '软包座', 'pcs', '自制', 3, 45, null],
  ['TT-1600', '桌面', '1600×900×25', 'pcs', '自制', 2, 35, null],
  ['TL-720', '桌腿', '60×60×720', 'pcs', '自制', 1, 8, null],
  ['SF-CH', '椅架', '橡木', 'pcs', '自制', 2, 20, null],
  ['SEAT-01', '软包椅座', '450×450', 'pcs', '自制', 1, 12, null],
  ['HW-KIT', '五金包', '餐桌安装件', '套', '虚拟件', null, null, null],
  ['OAK-BD', '橡木指接板', '25mm', 'm²', '外购', 10, 260, 3],
  ['OAK-SQ', '橡木方料', '60×60', 'm', '外购', 10, 48, 3],
  ['SCR-M6X40', '十字沉头螺丝', 'M6×40 镀锌', 'pcs', '外购', 3, 0.15, null],
  ['ANGLE-A', '角码', '50×50 冷轧', 'pcs', '外购', 5, 1.2, null],
  ['ANGLE-B', '加强角码', '60×60 冷轧', 'pcs', '外购', 5, 1.8, null],
  ['FELT-PAD', '防滑脚垫', 'Φ25', 'pcs', '外购', 3, 0.3, null],
  ['GLUE-PVA', '白乳胶', '20kg/桶', 'kg', '外购', 3, 14, 3],
  ['FOAM-45', '高密度海绵', '450×450×50', 'pcs', '外购', 7, 9, null],
  ['FABRIC-GY', '科技布 灰色', '幅宽1.4m', 'm', '外购', 7, 38, 2],
  ['CARTON-L', '包装纸箱', '五层瓦楞', 'pcs', '外购', 4, 6.5, null],
];

const lines = [
  ['父项', '子项', '用量', '单位', '损耗率', '固定损耗', '舍入倍数', '生效日期', '失效日期', '备注'],
  ['SET-DT4', 'DT-1600', 1, null, null, null, null, null, null, null],
  ['SET-DT4', 'DC-01', 4, null, null, null, null, null, null, null],
  ['SET-DT4', 'CARTON-L', 5, null, null, null, null, null, null, '桌一箱, 椅各一箱'],
  ['DT-1600', 'TT-1600', 1, null, null, null, null, null, null, null],
  ['DT-1600', 'TL-720', 4, null, null, null, null, null, null, null],
  ['DT-1600', 'HW-KIT', 1, null, null, null, null, null, null, '随桌发货, 不单独备料'],
  ['DT-1600', 'FELT-PAD', 4, null, null, null, null, null, null, null],
  ['HW-KIT', 'SCR-M6X40', 8, null, 0.05, null, null, null, null, null],
  ['HW-KIT', 'ANGLE-A', 4, null, null, null, null, null, day('2026-06-30'), 'ECN-2026-031 改用加强角码'],
  ['HW-KIT', 'ANGLE-B', 4, null, null, null, null, day('2026-07-01'), null, 'ECN-2026-031'],
  ['TT-1600', 'OAK-BD', 1.44, null, 0.08, null, null, null, null, null],
  ['TT-1600', 'GLUE-PVA', 150, 'g', null, 50, null, null, null, '每批开机损耗 50g'],
  ['TL-720', 'OAK-SQ', 740, 'mm', 0.03, null, null, null, null, '含 20mm 加工余量'],
  ['DC-01', 'SF-CH', 1, null, null, null, null, null, null, null],
  ['DC-01', 'SEAT-01', 1, null, null, null, null, null, null, null],
  ['DC-01', 'SCR-M6X40', 4, null, null, null, null, null, null, '椅座固定'],
  ['DC-01', 'FELT-PAD', 4, null, null, null, null, null, null, null],
  ['SF-CH', 'OAK-SQ', 3200, 'mm', 0.05, null, null, null, null, null],
  ['SF-CH', 'SCR-M6X40', 6, null, 0.05, null, null, null, null, null],
  ['SF-CH', 'GLUE-PVA', 40, 'g', null, null, null, null, null, null],
  ['SEAT-01', 'FOAM-45', 1, null, null, null, null, null, null, null],
  ['SEAT-01', 'FABRIC-GY', 0.55, null, 0.1, null, 0.5, null, null, '按 0.5m 整段裁剪'],
];

const conversions = [
  ['源单位', '目标单位', '换算系数'],
  ['mm', 'm', 0.001],
  ['g', 'kg', 0.001],
];

const workbook = new ExcelJS.Workbook();
for (const [name, rows] of [
  ['物料', items],
  ['物料清单', lines],
  ['单位换算', conversions],
] as const) {
  const sheet = workbook.addWorksheet(name);
  sheet.addRows(rows as unknown[][]);
  sheet.getRow(1).font = { bold: true };
  sheet.columns.forEach((column) => {
    column.width = 14;
  });
  for (const cell of ['H', 'I']) if (name === '物料清单') sheet.getColumn(cell).numFmt = 'yyyy-mm-dd';
}

const path = fileURLToPath(new URL('./factory-bom.xlsx', import.meta.url));
await workbook.xlsx.writeFile(path);
console.log(`wrote ${path}`);
