import { sql } from 'kysely';
import type { AppDeps } from '../deps.js';
import type { Worker } from '../shared/worker.js';
import type { Db } from './route.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Rows deleted per statement: short transactions, so reports never wait behind the purge. */
export const PURGE_BATCH = 5_000;

/**
 * Deletes the idempotency keys stored before `before`, in batches; answers how many went. A
 * request retried with such a key afterwards is taken as new.
 */
export async function purgeIdempotencyKeys(db: Db, before: Date): Promise<number> {
  let total = 0;
  for (;;) {
    const result = await sql`
      delete from idempotency_keys
      where (org_id, key) in (
        select org_id, key from idempotency_keys where created_at < ${before} limit ${PURGE_BATCH}
      )`.execute(db);
    const deleted = Number(result.numAffectedRows ?? 0);
    total += deleted;
    if (deleted < PURGE_BATCH) return total;
  }
}

/**
 * Keeps idempotency keys for SHOPFLOOR_IDEMPOTENCY_KEEP_DAYS (default 90): a year of reports would
 * otherwise keep a million of them. Runs at most hourly per process; replicas may both run it,
 * the deletes are the same rows.
 */
export function createIdempotencyRetentionWorker(deps: AppDeps): Worker {
  let lastRun = Number.NEGATIVE_INFINITY;
  return {
    name: 'idempotency-retention',
    async tick() {
      const now = deps.clock.now().getTime();
      if (now - lastRun < HOUR_MS) return 0;
      lastRun = now;
      return purgeIdempotencyKeys(deps.db, new Date(now - deps.config.idempotencyKeepDays * DAY_MS));
    },
  };
}
