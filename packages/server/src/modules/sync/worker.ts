import type { ConnectorKind } from '../../db/schema.js';
import type { AppDeps } from '../../deps.js';
import type { Worker } from '../../shared/worker.js';
import { openAlert, resolveAlert } from '../alerts/store.js';
import { ALERT_AFTER_ATTEMPTS, backoffDelay } from './backoff.js';
import { isMessageKind, MESSAGE_KINDS } from './connector-config.js';
import { erpDriver } from './connectors/erp.js';
import { messageDriver } from './connectors/messages.js';
import { rabbitmqDriver } from './connectors/rabbitmq.js';
import type { Connector, ConnectorDriver, OutboxEvent } from './connectors/types.js';
import { webhookDriver } from './connectors/webhook.js';
import {
  type Claimed,
  claim,
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

export interface SyncWorker extends Worker {
  /** Closes connector resources (AMQP connections). */
  close(): Promise<void>;
}

/**
 * Delivers outbox events to the sync connectors and alert messages to DingTalk/WeCom, with
 * per-connector retries (exponential backoff with jitter), a 'sync-failure' alert per connector
 * after ALERT_AFTER_ATTEMPTS failed attempts (resolved when it delivers again), and per-aggregate
 * order. Safe to run on several replicas at once.
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
    webhook: webhookDriver(nowSeconds),
    rabbitmq: rabbitmqDriver(),
    erp: erpDriver(),
    'dingtalk-robot': messages,
    'wecom-robot': messages,
    'dingtalk-notice': messages,
    'wecom-message': messages,
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
    let worstAttempts = 0;
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
      worstAttempts = Math.max(worstAttempts, attempts);
      lastError = outcome.error;
    }
    await release(db, connector.id, deferred, retryAt ?? doneAt);

    if (worstAttempts >= ALERT_AFTER_ATTEMPTS) {
      await db.transaction().execute((tx) =>
        openAlert(tx, {
          orgId: connector.orgId,
          kind: 'sync-failure',
          severity: 'critical',
          subject: connector.id,
          message:
            `同步失败: connector '${connector.name}' (${connector.kind}) failed ${worstAttempts} attempts in a row: ${lastError}`.slice(
              0,
              500,
            ),
          params: {
            connector: connector.name,
            connectorKind: connector.kind,
            attempts: worstAttempts,
            error: String(lastError ?? '').slice(0, 300),
          },
        }),
      );
    } else if (delivered.length > 0) {
      await db
        .transaction()
        .execute((tx) => resolveAlert(tx, connector.orgId, 'sync-failure', connector.id, doneAt));
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
