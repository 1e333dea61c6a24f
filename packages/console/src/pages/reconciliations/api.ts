import type { Page } from '@shopfloor/sdk';
import { client } from '../../api/client';
import { path } from '../../api/path';
import { multipart } from './multipart';

export type ReconKind = 'stock' | 'workOrders';
export type RowStatus = 'matched' | 'missingHere' | 'missingThere' | 'differing';

export interface ReconTotals {
  theirs: number;
  ours: number;
  matched: number;
  missingHere: number;
  missingThere: number;
  differing: number;
}

/** One reconciliation run (`POST /reconciliations`, `GET /reconciliations`). */
export interface Reconciliation {
  id: string;
  kind: ReconKind;
  connectorId: string | null;
  source: 'upload' | 'connector' | 'schedule';
  fileName: string | null;
  createdAt: string;
  createdBy: string;
  /** Absent for runs of the daily schedule. */
  createdByName?: string;
  totals: ReconTotals;
  status: 'done' | 'failed';
  error?: string | null;
}

/** Who owned a document involved in a difference: its storekeeper, last mover, creator or supervisor. */
export interface Owner {
  userId: string;
  name: string;
  role: string;
}

export interface ReconRow {
  status: RowStatus;
  key: { item?: string; location?: string; lot?: string; no?: string };
  ours: Record<string, string | number | null> | null;
  theirs: Record<string, string | number | null> | null;
  /** ours − theirs (qty) and the fields that differ. */
  difference: { qty: number; fields: string[] } | null;
  owners: Owner[];
}

export type ReconReport = Reconciliation & { rows: Page<ReconRow> };

/** One line of the monthly summary: a connector (or uploads) and a kind over the month. */
export interface SummaryLine {
  connectorId: string | null;
  connectorName: string | null;
  kind: ReconKind;
  runs: number;
  rowsCompared: number;
  differences: number;
  missingHere: number;
  missingThere: number;
  differing: number;
  owners: { userId: string; name: string; documents: number }[];
  documents: {
    key: Record<string, string>;
    times: number;
    lastStatus: RowStatus;
    owners: Owner[];
  }[];
  documentsTruncated: boolean;
}

export interface Summary {
  month: string;
  items: SummaryLine[];
}

/** A connector's daily reconciliation (`/reconciliations/schedules`). */
export interface ReconSchedule {
  connectorId: string;
  /** HH:MM, Asia/Shanghai. */
  at: string;
  kinds: ReconKind[];
  /** More differing and missing rows than this open an alert. */
  alertAbove: number;
  lastRunDay: string | null;
  updatedAt: string;
  updatedBy: string;
}

/** The reconciliation calls; the core SDK has no budget left for them. */
export const reconApi = {
  list: (query: { kind?: ReconKind; connectorId?: string; cursor?: string; limit?: number }) =>
    client.request<Page<Reconciliation>>({ method: 'GET', path: '/reconciliations', query }),
  create: async (
    input: { kind: ReconKind; connectorId?: string; file?: File },
    idempotencyKey: string,
  ): Promise<Reconciliation> => {
    const query = { kind: input.kind, connectorId: input.connectorId };
    if (!input.file) {
      return client.request<Reconciliation>({
        method: 'POST',
        path: '/reconciliations',
        query,
        idempotencyKey,
        timeoutMs: 120_000,
      });
    }
    // Multipart, so the server keeps the file's name.
    const packed = await multipart(input.file);
    return client.request<Reconciliation>({
      method: 'POST',
      path: '/reconciliations',
      query,
      raw: packed,
      idempotencyKey,
      timeoutMs: 120_000,
    });
  },
  report: (id: string, query: { status?: RowStatus; cursor?: string; limit?: number }) =>
    client.request<ReconReport>({ method: 'GET', path: path`/reconciliations/${id}`, query }),
  file: (id: string, format: 'csv' | 'xlsx', status?: RowStatus) =>
    client.request<Uint8Array>({
      method: 'GET',
      path: path`/reconciliations/${id}`,
      query: { format, status },
      responseType: 'bytes',
      timeoutMs: 120_000,
    }),
  schedules: () => client.request<Page<ReconSchedule>>({ method: 'GET', path: '/reconciliations/schedules' }),
  putSchedule: (connectorId: string, body: Pick<ReconSchedule, 'at' | 'kinds' | 'alertAbove'>) =>
    client.request<ReconSchedule>({
      method: 'PUT',
      path: path`/reconciliations/schedules/${connectorId}`,
      body,
    }),
  deleteSchedule: (connectorId: string) =>
    client.request<ReconSchedule>({
      method: 'DELETE',
      path: path`/reconciliations/schedules/${connectorId}`,
    }),
  summary: (month: string) =>
    client.request<Summary>({ method: 'GET', path: '/reconciliations/summary', query: { month } }),
};

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The runs of one month (Asia/Shanghai), newest first: the history has no month filter, so the
 * pages are read until they pass the month's start (runs are few: a handful a day).
 */
export async function runsOfMonth(
  query: { kind?: ReconKind; connectorId?: string },
  month: string,
): Promise<Page<Reconciliation>> {
  const items: Reconciliation[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 50; i++) {
    const page = await reconApi.list({ ...query, cursor, limit: 200 });
    items.push(...page.items.filter((r) => r.createdAt.slice(0, 7) === month));
    const last = page.items.at(-1);
    if (!page.nextCursor || !last || last.createdAt.slice(0, 7) < month) break;
    cursor = page.nextCursor;
  }
  return { items, nextCursor: null };
}
