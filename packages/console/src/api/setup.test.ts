import { describe, expect, it } from 'vitest';
import { toWorkbookReport } from './setup';

describe('the setup workbook report', () => {
  it('reads sheets as a list and problems with a message in each language', () => {
    const report = toWorkbookReport(
      {
        dryRun: true,
        sheets: [{ sheet: 'items', created: 3, updated: 1, unchanged: 10 }],
        problems: [
          { sheet: 'locations', row: 4, column: 'kind', message: { zh: '类型不对', en: 'unknown kind' } },
        ],
      },
      true,
    );
    expect(report).toEqual({
      dryRun: true,
      sheets: [{ sheet: 'items', created: 3, updated: 1, unchanged: 10 }],
      problems: [
        { sheet: 'locations', row: 4, column: 'kind', message: '类型不对', messageEn: 'unknown kind' },
      ],
    });
  });

  it('reads sheets as a map by name and problems under errors, without row or column', () => {
    const report = toWorkbookReport(
      { sheets: { warehouses: { created: 2 } }, errors: [{ sheet: 'users', message: '缺少 users 表' }] },
      false,
    );
    expect(report.dryRun).toBe(false);
    expect(report.sheets).toEqual([{ sheet: 'warehouses', created: 2, updated: 0, unchanged: 0 }]);
    expect(report.problems).toEqual([{ sheet: 'users', message: '缺少 users 表' }]);
  });

  it('takes a separate English message and an empty answer', () => {
    expect(
      toWorkbookReport(
        { problems: [{ sheet: 'items', row: 2, messageZh: '料号重复', messageEn: 'duplicate code' }] },
        true,
      ).problems,
    ).toEqual([{ sheet: 'items', row: 2, message: '料号重复', messageEn: 'duplicate code' }]);
    expect(toWorkbookReport(undefined, true)).toEqual({ dryRun: true, sheets: [], problems: [] });
  });

  it('reads the SDK report, where a problem of the whole file has no sheet, row or column', () => {
    const report = toWorkbookReport(
      {
        dryRun: true,
        applied: false,
        sheets: [],
        problems: [
          { sheet: null, row: null, column: null, message: '不是 xlsx 文件', messageEn: 'not an xlsx file' },
        ],
      },
      true,
    );
    expect(report.problems).toEqual([
      { sheet: '', message: '不是 xlsx 文件', messageEn: 'not an xlsx file' },
    ]);
  });
});
