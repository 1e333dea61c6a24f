import type { Logger } from 'pino';

/** A background job run every `intervalMs`; `tick` is exposed so tests drive it by hand. */
export interface Worker {
  name: string;
  /** One pass; resolves to how much work it did (events delivered, alerts raised…). */
  tick(): Promise<number>;
}

/** Runs workers on timers until stopped; a failing tick is logged and retried on the next beat. */
export function runWorkers(
  workers: readonly Worker[],
  intervalMs: number,
  logger: Logger,
): () => Promise<void> {
  let stopped = false;
  const running = new Set<Promise<unknown>>();
  const timers = workers.map((w) => {
    let busy = false;
    return setInterval(() => {
      if (busy || stopped) return;
      busy = true;
      const p = w
        .tick()
        .catch((err) => logger.error({ err, worker: w.name }, 'worker tick failed'))
        .finally(() => {
          busy = false;
          running.delete(p);
        });
      running.add(p);
    }, intervalMs);
  });
  return async () => {
    stopped = true;
    for (const t of timers) clearInterval(t);
    await Promise.allSettled([...running]);
  };
}
