import type { AppDeps } from '../../deps.js';

/** A token's last use is stamped at most this often: the check-up asks about 90 days, not seconds. */
const STAMP_EVERY_MS = 3_600_000;
const stamped = new WeakMap<AppDeps, Map<string, number>>();

/**
 * Records that an API token signed a request (for the check-up's "unused for 90 days"), at most
 * hourly per token and without holding the request up; a database that refuses the write is
 * simply asked again next time.
 */
export function noteTokenUse(deps: AppDeps, tokenHash: string): void {
  const seen = stamped.get(deps) ?? new Map<string, number>();
  stamped.set(deps, seen);
  const now = deps.clock.now();
  const last = seen.get(tokenHash);
  if (last !== undefined && Math.abs(now.getTime() - last) < STAMP_EVERY_MS) return;
  seen.set(tokenHash, now.getTime());
  void deps.db
    .updateTable('api_tokens')
    .set({ last_used_at: now })
    .where('token_hash', '=', tokenHash)
    .execute()
    .catch(() => seen.delete(tokenHash));
}
