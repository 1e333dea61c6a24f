import { SHEET_BY_NAME } from '@shopfloor/bom-io';
import type { SetupProblem, SetupReport, SetupSheetReport } from '@shopfloor/sdk/admin';
import { renderTable } from '../../format/table.js';

const sheetLabel = (sheet: SetupProblem['sheet']) =>
  sheet ? `${sheet} ${SHEET_BY_NAME[sheet].zh}` : '(工作簿)';

/** The report as the console shows it: counts per sheet, then every problem with its place. */
export function renderReport(report: SetupReport, language: 'zh' | 'en'): string {
  const parts: string[] = [];
  if (report.sheets.length > 0) {
    parts.push(
      renderTable<SetupSheetReport>(
        [
          { header: 'Sheet 工作表', value: (s) => sheetLabel(s.sheet) },
          { header: 'Created 新增', align: 'right', value: (s) => String(s.created) },
          { header: 'Updated 修改', align: 'right', value: (s) => String(s.updated) },
          { header: 'Unchanged 不变', align: 'right', value: (s) => String(s.unchanged) },
          { header: 'Removed 删除', align: 'right', value: (s) => (s.removed ? String(s.removed) : '') },
        ],
        report.sheets,
      ),
    );
  }
  if (report.problems.length > 0) {
    parts.push(
      `${report.problems.length} ${report.problems.length === 1 ? 'problem' : 'problems'} 个问题:\n` +
        renderTable<SetupProblem>(
          [
            { header: 'Sheet 工作表', value: (p) => sheetLabel(p.sheet) },
            { header: 'Row 行', align: 'right', value: (p) => (p.row === null ? '' : String(p.row)) },
            { header: 'Column 列', value: (p) => p.column ?? '' },
            { header: 'Problem 问题', value: (p) => (language === 'zh' ? p.message : p.messageEn) },
          ],
          report.problems,
        ),
    );
  }
  return parts.join('\n');
}

/** One line: what happened, and whether anything was written. */
export function verdict(report: SetupReport): string {
  const total = (key: 'created' | 'updated' | 'unchanged') => report.sheets.reduce((n, s) => n + s[key], 0);
  const counts = `${total('created')} created 新增, ${total('updated')} updated 修改, ${total('unchanged')} unchanged 不变`;
  const problems = `${report.problems.length} ${report.problems.length === 1 ? 'problem' : 'problems'}`;
  if (report.problems.length > 0) {
    return report.dryRun
      ? `Check found ${problems}: fix them before importing (检查未通过，未写入任何数据)`
      : `Not imported: ${problems}, nothing was written (导入失败，未写入任何数据)`;
  }
  return report.dryRun
    ? `Check passed, nothing written (检查通过，未写入): the import would make ${counts}`
    : `Imported 导入完成: ${counts}`;
}
