import type { AppDeps } from '../../deps.js';
import type { Worker } from '../../shared/worker.js';
import { fanOut } from './fanout.js';
import { claimDigests, deliverDigest } from './send.js';
import { seedDefaultRule } from './store.js';

export interface AlertRulesWorkerOptions {
  /** A claim is a lease, longer than a platform call (8 s time out) or an SMTP send. */
  leaseMs?: number;
  random?: () => number;
}

/**
 * Alerts to people (docs/alert-rules.md): (1) fans new alerts and due escalations out to
 * notification rows, (2) sends the due ones as one digest per person and channel, (3) within the
 * platforms' rate limits (limits.ts), retrying failures with back-off. Safe on several replicas.
 */
export function createAlertRulesWorker(deps: AppDeps, options: AlertRulesWorkerOptions = {}): Worker {
  const leaseMs = options.leaseMs ?? 120_000;
  let seeded = false;
  return {
    name: 'alert-rules',
    async tick() {
      const now = deps.clock.now();
      if (!seeded) {
        await deps.db.transaction().execute((tx) => seedDefaultRule(tx, deps.config.orgId, now));
        seeded = true;
      }
      let done = await fanOut(deps, now);
      const digests = await claimDigests(deps, now, leaseMs);
      for (const d of digests) if (await deliverDigest(deps, d, options.random)) done++;
      return done;
    },
  };
}
