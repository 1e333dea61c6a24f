import type { ConnectorKind } from '../../db/schema.js';
import type { AppDeps } from '../../deps.js';
import type { Worker } from '../../shared/worker.js';
import { openAlert, resolveAlert } from '../alerts/store.js';
import { backoffDelay } from './backoff.js';
import { isMessageKind, MESSAGE_KINDS } from './connector-config.js';
import { erpDriver } from './connectors/erp.js';
import { messageDriver } from './connectors/messages.js';
import { rabbitmqDriver } from './connectors/rabbitmq.js';
import type { Connector, ConnectorDriver, OutboxEvent } from './connectors/types.js';
import { webhookDriver } from './connectors/webhook.js';
import { withMapping } from './mapping/outbound.js';
import {
  type Claimed,
  claim,
  countFailures,
  fanOut,
  loadConnectors,
  loadEvents,
  markDelivered,
  markFailed,
  release,
  takeSendWindow,
} from './store.js';

export interface SyncWorkerOptions {
  /** Deliveries claimed per round. */
  batch?: number;
  /** Claim rounds per tick: each round moves every aggregate's queue on by one event. */
  maxRounds?: number;
  /** A claim is a lease: longer than the slowest delivery (webhook time out ≤ 30 s). */
  leaseMs?: number;
  /** Message connectors send at most one batched message per window (robots allow ~20 a minute). */
  messageWindowMs?: number;
  random?: () => number;
  /** Replace the drivers (tests); the defaults deliver for real. */
  drivers?: Partial<Record<ConnectorKind, ConnectorDriver>>;
}

const sendsNothing: ConnectorDriver = {
  deliver: async (_connector, events) =>
    events.map(() => ({ ok: false, error: 'an inbound connector delivers nothing', attempted: false })),
};

export interface SyncWorker extends Worker {
  /** Closes connector resources (AMQP connections). */
  close(): Promise<void>;
}

/**
 * Delivers outbox events to the sync connectors and alert messages to DingTalk/WeCom, with
 * per-connector retries (exponential backoff with jitter), a 'sync-failure' alert per connector
 * after its alertAfterFailures consecutive failed deliveries (once per outage, resolved with a
 * message when it delivers again), and per-aggregate order. Safe to run on several replicas at once.
 */
export function createSyncWorker(deps: AppDeps, options: SyncWorkerOptions = {}): SyncWorker {
  const batch = options.batch ?? 100;
  const maxRounds = options.maxRounds ?? 50;
  const leaseMs = options.leaseMs ?? 60_000;
  const windowMs = options.messageWindowMs ?? 60_000;
  const random = options.random ?? Math.random;
  const nowSeconds = () => Math.floor(deps.clock.now().getTime() / 1000);
  const messages = messageDriver(deps);
  const drivers: Record<ConnectorKind, ConnectorDriver> = {
    // Business events go through the connector's field mapping (mapping/outbound.ts) when it has one.
    webhook: withMapping(() => deps.db, webhookDriver(nowSeconds)),
    rabbitmq: withMapping(() => deps.db, rabbitmqDriver()),
    erp: withMapping(() => deps.db, erpDriver()),
    'dingtalk-robot': messages,
    'wecom-robot': messages,
    'dingtalk-notice': messages,
    'wecom-message': messages,
    email: messages,
    // Inbound kinds subscribe to no topic (routes force topics = []), so they are never claimed.
    'rabbitmq-inbound': sendsNothing,
    'http-poll': sendsNothing,
    database: sendsNothing,
    ...options.drivers,
  };

  async function deliverGroup(
    connector: Connector,
    claimed: Claimed[],
    events: Map<number, OutboxEvent>,
  ): Promise<number> {
    const db = deps.db;
    const now = deps.clock.now();
    const ids = claimed.map((c) => c.eventId);
    if (isMessageKind(connector.kind)) {
      const windowStart = new Date(now.getTime() - windowMs);
      if (!(await takeSendWindow(db, connector.id, now, windowStart))) {
        await release(db, connector.id, ids, new Date(now.getTime() + windowMs));
        return 0;
      }
    }
    const batchEvents = claimed.map((c) => events.get(c.eventId)!);
    const outcomes = await drivers[connector.kind].deliver(connector, batchEvents);
    const doneAt = deps.clock.now();
    const delivered = claimed.filter((_, i) => outcomes[i]?.ok);
    await markDelivered(
      db,
      connector.id,
      delivered.map((c) => c.eventId),
      doneAt,
    );

    let retryAt: Date | null = null;
    let failed = 0;
    let lastError = '';
    const deferred: number[] = [];
    for (const [i, c] of claimed.entries()) {
      const outcome = outcomes[i] ?? {
        ok: false as const,
        error: 'no outcome from the connector',
        attempted: true,
      };
      if (outcome.ok) continue;
      if (!outcome.attempted) {
        deferred.push(c.eventId);
        continue;
      }
      const attempts = c.attempts + 1;
      const nextAttemptAt = new Date(doneAt.getTime() + backoffDelay(attempts, random));
      await markFailed(db, {
        connectorId: connector.id,
        eventId: c.eventId,
        attempts,
        error: outcome.error,
        nextAttemptAt,
      });
      retryAt ??= nextAttemptAt;
      failed++;
      lastError = outcome.error;
    }
    await release(db, connector.id, deferred, retryAt ?? doneAt);
    if (failed > 0 || delivered.length > 0) {
      await updateFailureAlert(deps, connector, { delivered: delivered.length, failed }, lastError, doneAt);
    }
    return delivered.length;
  }

  async function round(): Promise<{ claimed: number; delivered: number }> {
    const now = deps.clock.now();
    await fanOut(deps.db, now);
    const claimed = await claim(deps.db, {
      now,
      leaseUntil: new Date(now.getTime() + leaseMs),
      windowStart: new Date(now.getTime() - windowMs),
      batch,
      messageKinds: MESSAGE_KINDS,
    });
    if (claimed.length === 0) return { claimed: 0, delivered: 0 };
    const [events, connectors] = await Promise.all([
      loadEvents(deps.db, [...new Set(claimed.map((c) => c.eventId))]),
      loadConnectors(deps.db, [...new Set(claimed.map((c) => c.connectorId))]),
    ]);
    const groups = new Map<string, Claimed[]>();
    for (const c of claimed) groups.set(c.connectorId, [...(groups.get(c.connectorId) ?? []), c]);
    const counts = await Promise.all(
      [...groups].map(([id, items]) => deliverGroup(connectors.get(id)!, items, events)),
    );
    return { claimed: claimed.length, delivered: counts.reduce((a, b) => a + b, 0) };
  }

  return {
    name: 'sync',
    async tick() {
      let delivered = 0;
      for (let i = 0; i < maxRounds; i++) {
        const r = await round();
        delivered += r.delivered;
        if (r.claimed === 0) break;
      }
      return delivered;
    },
    async close() {
      await Promise.all(Object.values(drivers).map((d) => d.close?.()));
    },
  };
}

/**
 * Counts a round of a connector's work (deliveries, or pulls of an inbound connector) into its run of
 * consecutive failures; opens its sync-failure alert at the threshold (once: openAlert keeps one live
 * alert) or resolves it on recovery.
 */
export async function updateFailureAlert(
  deps: Pick<AppDeps, 'db'>,
  connector: Pick<Connector, 'id' | 'orgId' | 'name' | 'kind'>,
  outcome: { delivered: number; failed: number },
  lastError: string,
  at: Date,
): Promise<void> {
  await deps.db.transaction().execute(async (tx) => {
    const run = await countFailures(tx, connector.id, outcome);
    if (run.consecutiveFailures >= run.alertAfterFailures) {
      await openAlert(tx, {
        orgId: connector.orgId,
        kind: 'sync-failure',
        severity: 'critical',
        subject: connector.id,
        message:
          `同步失败: connector '${connector.name}' (${connector.kind}) failed ${run.consecutiveFailures} deliveries in a row: ${lastError}`.slice(
            0,
            500,
          ),
        params: {
          connector: connector.name,
          connectorKind: connector.kind,
          attempts: run.consecutiveFailures,
          error: lastError.slice(0, 300),
        },
        at,
      });
    } else if (
      run.consecutiveFailures === 0 &&
      (await resolveAlert(tx, connector.orgId, 'sync-failure', connector.id, at))
    ) {
      // The resolved alert says so, so whoever reads the history sees the recovery, not the outage.
      await tx
        .updateTable('alerts')
        .set({ message: `同步已恢复: connector '${connector.name}' (${connector.kind}) delivers again` })
        .where('org_id', '=', connector.orgId)
        .where('kind', '=', 'sync-failure')
        .where('subject', '=', connector.id)
        .where('resolved_at', '=', at)
        .execute();
    }
  });
}
