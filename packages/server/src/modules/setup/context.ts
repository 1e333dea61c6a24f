import type { SetupSheetName } from '@shopfloor/bom-io';
import type { SetupSheetReport } from '@shopfloor/sdk/admin';
import type { AppDeps } from '../../deps.js';
import type { Db } from '../../http/route.js';
import type { Principal } from '../../http/session.js';
import type { Records } from './records.js';
import type { Problems } from './report.js';

/** One import: where it writes, who does it, what the workbook holds, what is wrong with it. */
export interface ImportContext {
  db: Db;
  deps: AppDeps;
  user: Principal;
  orgId: string;
  at: Date;
  records: Records;
  problems: Problems;
  /** Audit entries of the changes, written in one statement at the end. */
  audits: AuditRow[];
}

export interface AuditRow {
  action: string;
  subjectType: string;
  subjectId: string;
  before?: unknown;
  after?: unknown;
}

/** What one sheet would change; `apply` writes it (called only when the whole workbook is clean). */
export interface SheetPlan {
  counts: SetupSheetReport;
  apply(ctx: ImportContext): Promise<void>;
}

export function counts(sheet: SetupSheetName): SetupSheetReport {
  return { sheet, created: 0, updated: 0, unchanged: 0 };
}

/** Rows per statement: PostgreSQL takes at most 65,535 parameters per statement. */
export const CHUNK = 2_000;

export function chunks<T>(rows: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** The first row of each key wins; later ones are problems that name the first. */
export function firstByKey<R extends { row: number }>(
  ctx: ImportContext,
  sheet: SetupSheetName,
  rows: readonly R[],
  key: (r: R) => string,
  column: string,
  label: (r: R) => string,
): R[] {
  const seen = new Map<string, number>();
  const out: R[] = [];
  for (const r of rows) {
    const k = key(r);
    const first = seen.get(k);
    if (first !== undefined) {
      ctx.problems.add(
        sheet,
        r.row,
        column,
        `${label(r)} 与第 ${first} 行重复`,
        `${label(r)} repeats row ${first}`,
      );
      continue;
    }
    seen.set(k, r.row);
    out.push(r);
  }
  return out;
}

/** Same members, whatever the order. */
export function sameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((x) => set.has(x)) && new Set(b).size === set.size;
}
