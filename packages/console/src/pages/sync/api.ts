import type { Page, SyncConnector, SyncConnectorKind, SyncEvent, SyncEventStatus } from '@shopfloor/sdk';
import { client } from '../../api/client';
import { path } from '../../api/path';

/** A connector as the console edits it: what `POST /sync/connectors` takes. */
export interface ConnectorInput {
  kind: SyncConnectorKind;
  name: string;
  config: Record<string, unknown>;
  topics?: string[];
  enabled?: boolean;
  alertAfterFailures?: number;
}

/** What `PUT /sync/connectors/{id}` takes: only the fields sent change, config is merged. */
export type ConnectorChange = Partial<Omit<ConnectorInput, 'kind' | 'topics'>> & { topics?: string[] | null };

/** `GET /sync/connectors/{id}/mapping`: the current (or asked) version of a connector's field mapping. */
export interface MappingVersion {
  connectorId: string;
  version: number;
  updatedAt: string;
  updatedBy: string | null;
  updatedByName?: string | null;
  mapping: unknown;
}

export interface MappingTemplate {
  name: string;
  title: string;
  system?: string;
}

/** One pull of an http-poll or database connector (`GET /sync/connectors/{id}/runs`). */
export interface PullRun {
  id: string;
  connectorId: string;
  trigger: 'schedule' | 'manual';
  startedBy: string | null;
  startedAt: string;
  finishedAt: string | null;
  status: 'running' | 'succeeded' | 'failed';
  records: number;
  applied: number;
  rejected: number;
  duplicates: number;
  watermarkBefore: Record<string, unknown> | null;
  watermarkAfter: Record<string, unknown> | null;
  error: string | null;
}

/** One record a connector took in (`GET /sync/inbound/{connectorId}/records`). */
export interface InboundRecord {
  id: string;
  kind: string;
  sourceId: string;
  sourceVersion: string;
  outcome: 'applied' | 'duplicate' | 'rejected';
  code?: string;
  reason?: string;
  errors?: { path: string; message: string }[];
  appliedAt: string;
  by?: string;
}

/** The sync calls the core SDK has no typed client for (its bundle budget is spent). */
export const syncApi = {
  connectors: () =>
    client.request<Page<SyncConnector>>({ method: 'GET', path: '/sync/connectors', query: { limit: 500 } }),
  create: (input: ConnectorInput, idempotencyKey: string) =>
    client.request<SyncConnector>({ method: 'POST', path: '/sync/connectors', body: input, idempotencyKey }),
  update: (id: string, change: ConnectorChange) =>
    client.request<SyncConnector>({ method: 'PUT', path: path`/sync/connectors/${id}`, body: change }),
  remove: (id: string) =>
    client.request<SyncConnector>({ method: 'DELETE', path: path`/sync/connectors/${id}` }),
  events: (query: { status?: SyncEventStatus; connector?: string; cursor?: string; limit?: number }) =>
    client.request<Page<SyncEvent>>({ method: 'GET', path: '/sync/events', query }),
  retry: (eventId: string) =>
    client.request<{ id: string; rescheduled: number }>({
      method: 'POST',
      path: path`/sync/events/${eventId}/retry`,
      body: {},
      idempotencyKey: crypto.randomUUID(),
    }),
  mapping: (id: string) =>
    client.request<MappingVersion>({ method: 'GET', path: path`/sync/connectors/${id}/mapping` }),
  putMapping: (id: string, mapping: unknown) =>
    client.request<MappingVersion>({
      method: 'PUT',
      path: path`/sync/connectors/${id}/mapping`,
      body: mapping,
    }),
  mappingVersions: (id: string) =>
    client.request<Page<Omit<MappingVersion, 'mapping' | 'connectorId'>>>({
      method: 'GET',
      path: path`/sync/connectors/${id}/mapping/versions`,
    }),
  templates: () =>
    client.request<{ items: MappingTemplate[] }>({ method: 'GET', path: '/sync/mapping-templates' }),
  template: (name: string) =>
    client.request<unknown>({ method: 'GET', path: path`/sync/mapping-templates/${name}` }),
  inboundRecords: (
    id: string,
    query: { outcome?: InboundRecord['outcome']; cursor?: string; limit?: number },
  ) =>
    client.request<Page<InboundRecord>>({
      method: 'GET',
      path: path`/sync/inbound/${id}/records`,
      query,
    }),
  runs: (id: string, cursor?: string) =>
    client.request<Page<PullRun>>({
      method: 'GET',
      path: path`/sync/connectors/${id}/runs`,
      query: { cursor, limit: 20 },
    }),
  runNow: (id: string) =>
    client.request<PullRun>({
      method: 'POST',
      path: path`/sync/connectors/${id}/run`,
      body: {},
      idempotencyKey: crypto.randomUUID(),
      timeoutMs: 120_000,
    }),
};

/** Waiting deliveries of one connector, as the table shows them. */
export interface Backlog {
  waiting: number;
  failed: number;
  dead: number;
  /** createdAt of the oldest waiting delivery seen. */
  oldest: string | null;
  /** More waited than the pages read: the counts are lower bounds. */
  more: boolean;
}

const PAGES = 4;

/**
 * Every connector's backlog from `GET /sync/events?status=pending|failed` (newest first, up to
 * 4 × 500 rows per status): waiting count, failed, dead (8+ attempts) and the oldest one's age.
 */
export async function backlogs(): Promise<Record<string, Backlog>> {
  const out: Record<string, Backlog> = {};
  const read = async (status: 'pending' | 'failed') => {
    let cursor: string | undefined;
    for (let i = 0; i < PAGES; i++) {
      const page = await syncApi.events({ status, cursor, limit: 500 });
      for (const event of page.items) {
        const b = out[event.connector] ?? { waiting: 0, failed: 0, dead: 0, oldest: null, more: false };
        out[event.connector] = b;
        b.waiting++;
        if (event.status === 'failed' || event.status === 'dead') b.failed++;
        if (event.status === 'dead') b.dead++;
        if (!b.oldest || event.createdAt < b.oldest) b.oldest = event.createdAt;
      }
      if (!page.nextCursor) return;
      cursor = page.nextCursor;
    }
    for (const b of Object.values(out)) b.more = true;
  };
  await Promise.all([read('pending'), read('failed')]);
  return out;
}
