import { client } from '../../api/client';

export const GROUP_BY = ['team', 'operator', 'workshop', 'workCenter', 'operation'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

/** `GET /analytics/team-comparison` (its schema lives on the server; docs/team-comparison.md). */
export interface ComparisonRow {
  key: string;
  name: string;
  reports: number;
  qty: number;
  /** Reports with no working minutes to measure: counted in reports and qty only. */
  unmeasured: number;
  actualMinutes: number;
  standardMinutes: number;
  efficiency: number | null;
  minutesPerUnit: number | null;
}

export interface SpreadRow {
  item: string;
  itemName: string;
  seq: number;
  operation: string;
  teams: { team: string; minutesPerUnit: number; qty: number }[];
  fastest: string;
  slowest: string;
  spreadPct: number;
}

export interface SkippedOperation {
  workOrderNo: string;
  seq: number;
  operation: string;
  laterSeq: number;
  laterReportedAt: string;
}

export interface TeamComparison {
  from: string;
  to: string;
  groupBy: GroupBy;
  rows: ComparisonRow[];
  spread: SpreadRow[];
  skipped: SkippedOperation[];
}

export interface ComparisonQuery {
  from: string;
  to: string;
  groupBy: GroupBy;
  workshop?: string;
}

const params = (q: ComparisonQuery) => ({
  from: q.from,
  to: q.to,
  groupBy: q.groupBy,
  ...(q.workshop ? { workshop: q.workshop } : {}),
});

export const comparisonApi = {
  get: (q: ComparisonQuery) =>
    client.request<TeamComparison>({ method: 'GET', path: '/analytics/team-comparison', query: params(q) }),
  file: (q: ComparisonQuery, format: 'csv' | 'xlsx') =>
    client.request<Uint8Array>({
      method: 'GET',
      path: '/analytics/team-comparison',
      query: { ...params(q), format },
      responseType: 'bytes',
      timeoutMs: 120_000,
    }),
};

/** A spread above this share (in %) is highlighted: the slowest team takes over a fifth longer. */
export const SPREAD_HIGHLIGHT_PCT = 20;
