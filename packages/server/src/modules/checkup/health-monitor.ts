import type { Health, HealthStatus } from '@shopfloor/sdk';
import type { AppDeps } from '../../deps.js';
import type { Worker } from '../../shared/worker.js';
import { evaluateHealth } from '../health/evaluate.js';
import { createHealthNotifier, type HealthNotifier } from './health-notifier.js';

export interface HealthMonitor extends Worker {
  /** The status the monitor last saw; 'ok' before its first look. */
  status(): HealthStatus;
  notifier: HealthNotifier;
}

export interface HealthMonitorOptions {
  notifier?: HealthNotifier;
  /** How often the connector list is reloaded while the database answers. */
  refreshEveryMs?: number;
  /** What the monitor watches; /health's evaluation of the server's database unless a test scripts it. */
  evaluate?: () => Promise<Health>;
}

/**
 * Watches what /health answers. ok → degraded/down opens an incident and alerts once (a later
 * degraded ↔ down change is the same incident); back to ok alerts once more.
 */
export function createHealthMonitor(deps: AppDeps, options: HealthMonitorOptions = {}): HealthMonitor {
  const notifier = options.notifier ?? createHealthNotifier(deps);
  const refreshEveryMs = options.refreshEveryMs ?? 30_000;
  const evaluate = options.evaluate ?? (() => evaluateHealth(deps.db));
  let seen: HealthStatus = 'ok';
  let refreshedAt = Number.NEGATIVE_INFINITY;

  const tell = async (change: 'opened' | 'resolved', health: Health) => {
    const failures = await notifier.notify(change, health);
    const log = { change, status: health.status, connectors: notifier.connectors().length, failures };
    if (failures.length > 0) deps.logger.error(log, 'health alert not delivered everywhere');
    else deps.logger.warn(log, `health incident ${change}`);
  };

  return {
    name: 'health-monitor',
    notifier,
    status: () => seen,
    async tick() {
      const health = await evaluate().catch(
        (err: unknown): Health => ({
          status: 'down',
          checks: { db: { status: 'down', detail: String(err) } },
        }),
      );
      if (health.status !== 'down' && performance.now() - refreshedAt > refreshEveryMs) {
        await notifier.refresh().then(
          () => {
            refreshedAt = performance.now();
          },
          (err: unknown) =>
            deps.logger.warn({ err }, 'health monitor: connectors not reloaded; keeping the last list'),
        );
      }
      const was = seen;
      seen = health.status;
      if (was === 'ok' && health.status !== 'ok') {
        await tell('opened', health);
        return 1;
      }
      if (was !== 'ok' && health.status === 'ok') {
        await tell('resolved', health);
        return 1;
      }
      return 0;
    },
  };
}
