import type { CycleCount, CycleCountPlan, CycleCountQuery, Page } from '@shopfloor/sdk';
import type { CountAccuracyQuery } from '@shopfloor/sdk/admin';
import { client } from '../../api/client';

export type CountVerb = 'approve' | 'reject' | 'recount';
export type Suspect = 'unwritten-scrap' | 'unbooked-return' | 'unapproved-emergency' | 'backflush-and-issue';

/** `GET /cycle-counts/{id}/explanation` (its schema lives on the server): where a difference came from. */
export interface CountExplanation {
  count: string;
  item: string;
  location: string;
  lot: string | null;
  bookQty: number;
  countedQty: number;
  variance: number;
  since: string | null;
  previousCount: string | null;
  movements: {
    at: string;
    kind: string;
    qty: number;
    lot: string | null;
    actor: string;
    document: { type: string; id: string; no: string | null };
    suspects: Suspect[];
  }[];
  unposted: {
    suspect: Suspect;
    document: { type: string; id: string; no: string | null };
    at: string;
    qty: number;
  }[];
}

/** The counts calls the core SDK has no typed client for (its bundle budget is spent). */
export const countsApi = {
  list: (query: CycleCountQuery) =>
    client.request<Page<CycleCount>>({ method: 'GET', path: '/cycle-counts', query }),
  makePlan: (idempotencyKey: string) =>
    client.request<CycleCountPlan>({ method: 'POST', path: '/cycle-counts/plans', body: {}, idempotencyKey }),
  explanation: (id: string) =>
    client.request<CountExplanation>({
      method: 'GET',
      path: `/cycle-counts/${encodeURIComponent(id)}/explanation`,
    }),
  decide: (id: string, verb: CountVerb, comment: string | undefined, idempotencyKey: string) =>
    client.request<CycleCount>({
      method: 'POST',
      path: `/cycle-counts/${encodeURIComponent(id)}/${verb}`,
      body: comment ? { comment } : {},
      idempotencyKey,
    }),
  accuracy: (query: Omit<CountAccuracyQuery, 'format'>) => client.counts.accuracy(query),
  /** The CSV or XLSX download of the same figures. */
  accuracyFile: (query: Omit<CountAccuracyQuery, 'format'>, format: 'csv' | 'xlsx') =>
    client.request<Uint8Array>({
      method: 'GET',
      path: '/cycle-counts/accuracy',
      query: { ...query, format },
      responseType: 'bytes',
    }),
};
