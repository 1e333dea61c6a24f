import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { checkTablePrivileges, type PrivilegeReport } from './table-privileges.js';

/** /health asks on every call; the database is asked at most once per this many ms. */
export const PRIVILEGES_CACHE_MS = 5_000;

const cache = new WeakMap<Kysely<Database>, { at: number; report: Promise<PrivilegeReport> }>();

/** Drops the cached report: the write probe saw writability change, so the privileges did too. */
export function forgetTablePrivileges(db: Kysely<Database>): void {
  cache.delete(db);
}

/** The privilege report, at most PRIVILEGES_CACHE_MS old (wall time: a REVOKE happens in real time). */
export function cachedTablePrivileges(db: Kysely<Database>): Promise<PrivilegeReport> {
  const now = performance.now();
  const known = cache.get(db);
  if (known && now - known.at < PRIVILEGES_CACHE_MS) return known.report;
  const report = checkTablePrivileges(db);
  cache.set(db, { at: now, report });
  // A failed probe (database unreachable) is not kept: the next call asks again.
  report.catch(() => {
    if (cache.get(db)?.report === report) cache.delete(db);
  });
  return report;
}
