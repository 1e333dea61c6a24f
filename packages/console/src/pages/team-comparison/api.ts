import {
  type SkippedOperation,
  TEAM_COMPARISON_GROUPS,
  type TeamComparison,
  type TeamComparisonGroupBy,
} from '@shopfloor/sdk/admin';
import { client } from '../../api/client';

// The answer's shapes are the SDK's (`@shopfloor/sdk/admin`): the route validates against them.
export const GROUP_BY = TEAM_COMPARISON_GROUPS;
export type GroupBy = TeamComparisonGroupBy;
export type { SkippedOperation, TeamComparison };

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
  get: (q: ComparisonQuery) => client.analytics.teamComparison(params(q)),
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
