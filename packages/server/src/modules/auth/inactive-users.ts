import type { AppDeps } from '../../deps.js';

/** How stale the list may be: a deactivated user's session is refused within this time on every replica. */
export const INACTIVE_USERS_TTL_MS = 5_000;

export interface InactiveUsers {
  /** True when the user is deactivated (session tokens carry no lookup, so this is the check). */
  has(orgId: string, userId: string): Promise<boolean>;
  /** Drops the cached list after a change made in this process. */
  forget(orgId: string): void;
}

/**
 * The ids of deactivated users, per org, read from the database at most every 5 seconds: few
 * rows, one small query, and no lookup per request for the common case of an active user.
 */
export function createInactiveUsers(deps: Pick<AppDeps, 'db' | 'clock'>): InactiveUsers {
  const cache = new Map<string, { at: number; ids: Promise<Set<string>> }>();
  const load = async (orgId: string) => {
    const rows = await deps.db
      .selectFrom('users')
      .select('id')
      .where('org_id', '=', orgId)
      .where('active', '=', false)
      .execute();
    return new Set(rows.map((r) => r.id));
  };
  return {
    async has(orgId, userId) {
      const now = deps.clock.now().getTime();
      let entry = cache.get(orgId);
      if (!entry || now - entry.at > INACTIVE_USERS_TTL_MS || now < entry.at) {
        entry = { at: now, ids: load(orgId) };
        cache.set(orgId, entry);
        // A failed read is not cached: the next request tries again.
        entry.ids.catch(() => cache.delete(orgId));
      }
      return (await entry.ids).has(userId);
    },
    forget: (orgId) => void cache.delete(orgId),
  };
}
