import type { AppDeps } from '../../../../deps.js';
import type { Worker } from '../../../../shared/worker.js';
import type { Connector } from '../../connectors/types.js';
import { isPullKind, PULL_KINDS, runPull } from './pull.js';
import { type Consumer, type ConsumerHooks, startConsumer } from './rabbitmq.js';
// Registers the database and http-poll snapshot pullers of the reconciliation.
import './snapshot.js';
import { duePulls, enabledConnectors } from './store.js';

export interface InboundWorker extends Worker {
  /** The running queue consumers, by connector id. */
  readonly consumers: ReadonlyMap<string, Consumer>;
  /** Stops every queue consumer (their unacknowledged messages go back to the queue). */
  close(): Promise<void>;
}

/**
 * Runs the inbound connectors: keeps one queue consumer per enabled `rabbitmq-inbound` connector
 * (started, restarted on a config change, stopped when it is disabled or deleted: the connector table
 * is read at every tick) and runs the due pulls of `http-poll` and `database` connectors.
 */
export function createInboundWorker(deps: AppDeps, options: { hooks?: ConsumerHooks } = {}): InboundWorker {
  const consumers = new Map<string, { consumer: Consumer; config: string }>();
  const view = new Map<string, Consumer>();
  let closed = false;

  async function syncConsumers(connectors: Connector[]): Promise<void> {
    const wanted = new Map(connectors.map((c) => [c.id, c]));
    for (const [id, running] of consumers) {
      const c = wanted.get(id);
      if (c && JSON.stringify(c.config) === running.config) continue;
      consumers.delete(id);
      view.delete(id);
      await running.consumer.stop();
    }
    for (const c of connectors) {
      if (consumers.has(c.id) || closed) continue;
      const consumer = startConsumer(deps, c, options.hooks);
      consumers.set(c.id, { consumer, config: JSON.stringify(c.config) });
      view.set(c.id, consumer);
    }
  }

  return {
    name: 'inbound',
    consumers: view,
    async tick() {
      if (closed) return 0;
      const connectors = await enabledConnectors(deps.db, ['rabbitmq-inbound', ...PULL_KINDS]);
      await syncConsumers(connectors.filter((c) => c.kind === 'rabbitmq-inbound'));
      const pulls = connectors.filter((c) => isPullKind(c.kind));
      const due = await duePulls(
        deps.db,
        pulls.map((c) => c.id),
        deps.clock.now(),
      );
      let ran = 0;
      for (const c of pulls) {
        if (!due.has(c.id) || closed) continue;
        try {
          if (await runPull(deps, c, { trigger: 'schedule', by: null })) ran++;
        } catch (err) {
          // Our own database failed mid-pull (the source's failures are recorded in the run): the others go on.
          deps.logger.error({ err, connector: c.id }, 'inbound pull could not be recorded');
        }
      }
      return ran;
    },
    async close() {
      closed = true;
      const all = [...consumers.values()];
      consumers.clear();
      view.clear();
      await Promise.all(all.map((r) => r.consumer.stop()));
    },
  };
}
