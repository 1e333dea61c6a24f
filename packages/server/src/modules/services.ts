import type { AppDeps } from '../deps.js';

/** Long-lived module services (caches, workers). Each module adds its own here. */
export interface Services {
  /** Starts background workers; returns a function that stops them. */
  startWorkers(): () => Promise<void>;
}

export function createServices(_deps: AppDeps): Services {
  return {
    startWorkers: () => async () => {},
  };
}
