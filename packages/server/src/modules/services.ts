import { createPgliteMaintenanceWorker } from '../db/pglite-maintenance.js';
import type { AppDeps } from '../deps.js';
import { createIdempotencyRetentionWorker } from '../http/idempotency-retention.js';
import { runWorkers, type Worker } from '../shared/worker.js';
import { createAlertRulesWorker } from './alert-rules/worker.js';
import { createTeamMinutesWorker, TEAM_MINUTES_FOLLOW_MS } from './analytics/minutes-worker.js';
import { createUserAccess, type UserAccessCache } from './auth/user-access.js';
import { type BomService, createBomService } from './catalog/bom-service.js';
import { createChatApprovalsWorker } from './chat-approvals/worker.js';
import { createHealthMonitor, type HealthMonitor } from './checkup/health-monitor.js';
import { createCountPlanWorker } from './counts/plan-worker.js';
import { createEmergencyWorker } from './issue-requests/emergency-worker.js';
import { createOverdueWorker } from './production/overdue-worker.js';
import { createReconciliationWorker } from './reconciliation/worker.js';
import { createStockService, type StockService } from './stock/service.js';
import { createInboundWorker, type InboundWorker } from './sync/inbound/sources/worker.js';
import { createSyncWorker } from './sync/worker.js';

/** Long-lived module services: caches and workers, built once per process. */
export interface Services {
  boms: BomService;
  stock: StockService;
  userAccess: UserAccessCache;
  workers: {
    sync: Worker;
    overdue: Worker;
    emergency: Worker;
    health: HealthMonitor;
    countPlan: Worker;
    reconciliation: Worker;
    /** Inbound connectors: queue consumers and scheduled pulls. */
    inbound: InboundWorker;
    /** Approval cards in WeCom and DingTalk (chat-approvals). */
    chatApprovals: Worker;
    /** Alerts to people: alert rules' notifications, digests, escalations (alert-rules). */
    alertRules: Worker;
    /** Deletes idempotency keys older than SHOPFLOOR_IDEMPOTENCY_KEEP_DAYS (http/idempotency-retention). */
    idempotencyRetention: Worker;
    /** Keeps each report's team-comparison minutes (analytics/minutes-worker). */
    teamMinutes: Worker;
    /** ANALYZE and VACUUM on PGlite, which runs no autovacuum; nothing on PostgreSQL (db/pglite-maintenance). */
    pgliteMaintenance: Worker;
  };
  /** Starts the background workers; returns a function that stops them. */
  startWorkers(intervalMs?: number): () => Promise<void>;
}

export function createServices(deps: AppDeps): Services {
  const boms = createBomService(deps);
  const stock = createStockService(deps, { boms });
  const workers = {
    sync: createSyncWorker(deps),
    overdue: createOverdueWorker(deps),
    emergency: createEmergencyWorker(deps),
    health: createHealthMonitor(deps),
    countPlan: createCountPlanWorker(deps),
    reconciliation: createReconciliationWorker(deps),
    inbound: createInboundWorker(deps),
    chatApprovals: createChatApprovalsWorker(deps),
    alertRules: createAlertRulesWorker(deps),
    idempotencyRetention: createIdempotencyRetentionWorker(deps),
    teamMinutes: createTeamMinutesWorker(deps, { followEveryMs: TEAM_MINUTES_FOLLOW_MS }),
    pgliteMaintenance: createPgliteMaintenanceWorker(deps),
  };
  return {
    boms,
    stock,
    userAccess: createUserAccess(deps),
    workers,
    startWorkers: (intervalMs = 2_000) => {
      const stop = runWorkers(Object.values(workers), intervalMs, deps.logger);
      return async () => {
        await stop();
        // Queue consumers live between ticks: stopped with the workers.
        await workers.inbound.close();
      };
    },
  };
}
