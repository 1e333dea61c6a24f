import { SETUP_SHEET_NAMES, type SetupSheetName, type WorkbookProblem } from '@shopfloor/bom-io';
import type { SetupReport, SetupSheetReport } from '@shopfloor/sdk/admin';
import { HttpProblem } from '../../http/problem.js';

/** Past this many, the report says how many more there are instead of listing them. */
export const MAX_PROBLEMS = 1_000;

/** The problems of one import, in the order found, capped at MAX_PROBLEMS. */
export class Problems {
  readonly list: WorkbookProblem[] = [];
  private dropped = 0;

  add(sheet: SetupSheetName | null, row: number | null, column: string | null, zh: string, en: string): void {
    this.push({ sheet, row, column, message: zh, messageEn: en });
  }

  push(problem: WorkbookProblem): void {
    if (this.list.length < MAX_PROBLEMS) this.list.push(problem);
    else this.dropped++;
  }

  /** Problems of this sheet so far. */
  in(sheet: SetupSheetName): number {
    return this.list.filter((p) => p.sheet === sheet).length;
  }

  get count(): number {
    return this.list.length + this.dropped;
  }

  /** The problems in workbook order: sheet by sheet as the template has them, row by row. */
  done(): WorkbookProblem[] {
    const order = (p: WorkbookProblem) => (p.sheet === null ? -1 : SETUP_SHEET_NAMES.indexOf(p.sheet));
    const sorted = [...this.list].sort((a, b) => order(a) - order(b) || (a.row ?? 0) - (b.row ?? 0));
    if (this.dropped === 0) return sorted;
    return [
      ...sorted,
      {
        sheet: null,
        row: null,
        column: null,
        message: `还有 ${this.dropped} 个问题未列出：请先改正以上问题`,
        messageEn: `${this.dropped} more problems are not listed: fix the ones above first`,
      },
    ];
  }
}

/** `locations!5!warehouse`: the problem's place as a field path of problem+json. */
export function problemPath(p: WorkbookProblem): string {
  return [p.sheet ?? 'workbook', p.row, p.column].filter((part) => part !== null).join('!');
}

/**
 * A refused import (400 with problems, 413, 415): problem+json that also carries the report
 * (`dryRun`, `applied: false`, `sheets`, `problems`), so callers show the same table either way.
 */
export class SetupRefusal extends HttpProblem {
  constructor(
    status: number,
    slug: string,
    title: string,
    readonly report: SetupReport,
  ) {
    const first = report.problems[0];
    const more = report.problems.length > 1 ? ` (and ${report.problems.length - 1} more)` : '';
    super(
      status,
      slug,
      title,
      first ? `${problemPath(first)}: ${first.messageEn}${more}` : title,
      report.problems.map((p) => ({ path: problemPath(p), message: p.messageEn })),
    );
  }

  override toJSON() {
    return { ...super.toJSON(), ...this.report };
  }
}

/** A refusal of the file as a whole (not a workbook, too large), before any sheet is read. */
export function fileRefusal(status: 400 | 413 | 415, slug: string, zh: string, en: string, dryRun: boolean) {
  return new SetupRefusal(status, slug, status === 413 ? 'Workbook too large' : 'Workbook refused', {
    dryRun,
    applied: false,
    sheets: [],
    problems: [{ sheet: null, row: null, column: null, message: zh, messageEn: en }],
  });
}

export type SheetCounts = SetupSheetReport;
