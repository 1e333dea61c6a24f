import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../../../../deps.js';
import { backoffDelay } from '../../backoff.js';
import type { ConnectorConfig } from '../../connector-config.js';
import { type Connector, errorText } from '../../connectors/types.js';
import { updateFailureAlert } from '../../worker.js';
import { applyInboundBatch, type InboundEnvelope } from '../apply.js';
import { pullDatabase } from './database.js';
import { MAX_RECORDS } from './envelope.js';
import { pullHttp } from './http-poll.js';
import type { PullSink } from './pull-types.js';
import {
  type Cursor,
  finishRun,
  noteConnectorOutcome,
  releaseLease,
  saveCursor,
  startRun,
  takeLease,
} from './store.js';

/** The kinds that pull on a schedule. */
export const PULL_KINDS = ['http-poll', 'database'] as const;
export type PullKind = (typeof PULL_KINDS)[number];
export const isPullKind = (kind: string): kind is PullKind =>
  (PULL_KINDS as readonly string[]).includes(kind);

/** Longer than any pull should take; a replica that crashed mid-pull frees its connector after it. */
const LEASE_MS = 15 * 60_000;

export interface PullRun {
  id: number;
  records: number;
  applied: number;
  rejected: number;
  duplicates: number;
  before: Cursor;
  after: Cursor;
  error: string | null;
}

/**
 * Pulls what changed in the other system since the connector's watermark, hands it to the inbound
 * applier batch by batch and moves the watermark after each batch committed. Records the run, and
 * counts a failed pull (source down, HTTP 500, bad answer) into the connector's sync-failure alert
 * like a failed delivery. Null when another pull of the connector runs (here or on another replica).
 */
export async function runPull(
  deps: AppDeps,
  connector: Connector,
  how: { trigger: 'schedule' | 'manual'; by: string | null },
): Promise<PullRun | null> {
  if (!isPullKind(connector.kind)) throw new Error(`${connector.kind} is not a pull connector`);
  const owner = randomUUID();
  const startedAt = deps.clock.now();
  const lease = await takeLease(
    deps.db,
    connector,
    owner,
    startedAt,
    new Date(startedAt.getTime() + LEASE_MS),
  );
  if (!lease) return null;
  const before = lease.cursor;
  const runId = await startRun(deps.db, {
    connector,
    trigger: how.trigger,
    by: how.by,
    at: startedAt,
    before,
  });
  const totals = { records: 0, applied: 0, rejected: 0, duplicates: 0 };
  let cursor = before;
  let error: string | null = null;
  const sink: PullSink = {
    cursor: before,
    async apply(envelopes: InboundEnvelope[], next: Cursor) {
      for (let i = 0; i < envelopes.length; i += MAX_RECORDS) {
        const results = await applyInboundBatch(
          deps,
          connector,
          envelopes.slice(i, i + MAX_RECORDS),
          how.by ? { userId: how.by } : null,
        );
        for (const r of results) {
          totals.records++;
          if (r.outcome === 'applied') totals.applied++;
          else if (r.outcome === 'duplicate') totals.duplicates++;
          else totals.rejected++;
        }
      }
      if (!(await saveCursor(deps.db, connector.id, owner, next))) {
        throw new Error(
          'the pull lease ran out before the watermark could be stored; the next pull takes over',
        );
      }
      cursor = next;
    },
    unreadable(reason) {
      totals.records++;
      totals.rejected++;
      deps.logger.warn({ connector: connector.id, reason }, 'inbound pull: a record is unreadable');
    },
  };
  try {
    if (connector.kind === 'database')
      await pullDatabase(connector.config as ConnectorConfig<'database'>, sink);
    else await pullHttp(connector.config as ConnectorConfig<'http-poll'>, sink);
  } catch (err) {
    error = errorText(err).replace(/\/\/[^@\s/]*@/g, '//***@');
    deps.logger.warn({ connector: connector.id, err: error }, 'inbound pull failed');
  }
  const finishedAt = deps.clock.now();
  await finishRun(deps.db, runId, { ...totals, at: finishedAt, after: cursor, error });
  await noteConnectorOutcome(deps.db, connector.id, finishedAt, error);
  await updateFailureAlert(
    deps,
    connector,
    { delivered: error ? 0 : 1, failed: error ? 1 : 0 },
    error ?? '',
    finishedAt,
  );
  await releaseLease(
    deps.db,
    connector.id,
    owner,
    await nextRunAt(deps, connector, finishedAt, error !== null),
  );
  return { id: runId, ...totals, before, after: cursor, error };
}

/** The schedule: everyMinutes after a pull; after a failure sooner, with the delivery back-off. */
async function nextRunAt(deps: AppDeps, connector: Connector, at: Date, failed: boolean): Promise<Date> {
  const every = Number((connector.config as { everyMinutes?: number }).everyMinutes ?? 15) * 60_000;
  if (!failed) return new Date(at.getTime() + every);
  const row = await deps.db
    .selectFrom('sync_connectors')
    .select('consecutive_failures')
    .where('id', '=', connector.id)
    .executeTakeFirst();
  return new Date(at.getTime() + Math.min(every, backoffDelay(Number(row?.consecutive_failures ?? 1))));
}
