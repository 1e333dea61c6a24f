import { sendRaw } from './files';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Created / updated / unchanged rows of one sheet of the setup workbook. */
export interface SheetCounts {
  sheet: string;
  created: number;
  updated: number;
  unchanged: number;
}

/** One thing wrong in the workbook, where a person finds it in Excel; `sheet` '' for the file as a whole. */
export interface WorkbookProblem {
  sheet: string;
  row?: number;
  column?: string;
  message: string;
  /** The English wording when the server sent both. */
  messageEn?: string;
}

export interface WorkbookReport {
  dryRun: boolean;
  sheets: SheetCounts[];
  problems: WorkbookProblem[];
}

// Until the SDK's `client.setup` lands (issue 8): the workbook is binary, which the SDK's JSON
// request does not carry, so these go through sendRaw.
export const setup = {
  /** The template (`filled: false`) or the current data in the same shape. */
  async workbook(filled = false): Promise<Blob> {
    const response = await sendRaw('GET', `/setup/workbook.xlsx${filled ? '?filled=true' : ''}`);
    return response.blob();
  },
  /** The import report; with `dryRun` nothing is written. A refused import answers its problems too. */
  async importWorkbook(file: Blob, dryRun: boolean): Promise<WorkbookReport> {
    try {
      const response = await sendRaw('POST', `/setup/workbook${dryRun ? '?dryRun=true' : ''}`, file, XLSX);
      return toWorkbookReport(await response.json(), dryRun);
    } catch (error) {
      const problem = (error as { problem?: Record<string, unknown> }).problem;
      // A problem that lists the workbook's problems is a report, not a failure of the call.
      if (problem && (Array.isArray(problem.problems) || Array.isArray(problem.sheets))) {
        return toWorkbookReport(problem, dryRun);
      }
      throw error;
    }
  },
};

type Loose = Record<string, unknown>;

/**
 * The report in one shape whatever the server's exact wording: sheets as a list or a map by sheet
 * name, problems under `problems` or `errors`, a message as text or `{ zh, en }`.
 */
export function toWorkbookReport(body: unknown, dryRun: boolean): WorkbookReport {
  const root = (body && typeof body === 'object' ? body : {}) as Loose;
  const rawSheets = root.sheets ?? root.counts ?? [];
  const sheets: SheetCounts[] = Array.isArray(rawSheets)
    ? rawSheets.map((s: Loose) => counts(String(s.sheet ?? s.name ?? ''), s))
    : Object.entries(rawSheets as Record<string, Loose>).map(([sheet, s]) => counts(sheet, s));
  const rawProblems = (Array.isArray(root.problems) ? root.problems : root.errors) ?? [];
  const problems = (rawProblems as Loose[]).map((p): WorkbookProblem => {
    const message = p.message;
    const zh =
      typeof message === 'object' && message !== null ? (message as Loose).zh : (p.messageZh ?? message);
    const en =
      typeof message === 'object' && message !== null ? (message as Loose).en : (p.messageEn ?? undefined);
    const row = Number(p.row);
    return {
      sheet: p.sheet === null || p.sheet === undefined ? '' : String(p.sheet),
      ...(Number.isFinite(row) && p.row !== undefined && p.row !== null ? { row } : {}),
      ...(p.column !== undefined && p.column !== null ? { column: String(p.column) } : {}),
      message: String(zh ?? en ?? ''),
      ...(en !== undefined && en !== zh ? { messageEn: String(en) } : {}),
    };
  });
  return { dryRun: typeof root.dryRun === 'boolean' ? root.dryRun : dryRun, sheets, problems };
}

function counts(sheet: string, s: Loose): SheetCounts {
  return {
    sheet,
    created: Number(s.created ?? 0),
    updated: Number(s.updated ?? 0),
    unchanged: Number(s.unchanged ?? 0),
  };
}
