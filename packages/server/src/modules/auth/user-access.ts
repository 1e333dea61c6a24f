import type { Role } from '@shopfloor/sdk';
import type { AppDeps } from '../../deps.js';

/** How stale another replica's change may be: its removals and deactivations apply within this time. */
export const USER_ACCESS_TTL_MS = 5_000;
/** After a change on this replica, reads are not kept this long: the change may not have committed yet. */
const UNSETTLED_MS = 1_000;

/** What a user may do now, from the users table (not from the session token, which outlives a change). */
export interface UserAccess {
  name: string;
  roles: Role[];
  workshops: string[];
  warehouses: string[];
  active: boolean;
}

export interface UserAccessCache {
  /** True when the user is deactivated. */
  has(orgId: string, userId: string): Promise<boolean>;
  /** The user's current roles and scopes, or undefined for a user the org does not have. */
  access(orgId: string, userId: string): Promise<UserAccess | undefined>;
  /** Drops the cached users of the org after a change made in this process. */
  forget(orgId: string): void;
}

/**
 * Every user's roles, scopes and active flag, per org, read in one small query at most every
 * 5 seconds (a request costs a map lookup) and at once after a change on this replica. Sessions get
 * their roles from here, so a removal reaches tokens already issued.
 */
export function createUserAccess(deps: Pick<AppDeps, 'db' | 'clock'>): UserAccessCache {
  const cache = new Map<string, { at: number; users: Promise<Map<string, UserAccess>> }>();
  const forgotten = new Map<string, number>();
  const load = async (orgId: string, ids?: string[]) => {
    let q = deps.db
      .selectFrom('users')
      .select(['id', 'name', 'roles', 'workshops', 'warehouses', 'active'])
      .where('org_id', '=', orgId);
    if (ids) q = q.where('id', 'in', ids);
    const rows = await q.execute();
    return new Map(
      rows.map((r) => [
        r.id,
        Object.freeze({
          name: r.name,
          roles: Object.freeze(r.roles) as Role[],
          workshops: Object.freeze(r.workshops) as string[],
          warehouses: Object.freeze(r.warehouses) as string[],
          active: r.active,
        }),
      ]),
    );
  };
  const users = (orgId: string, now: number) => {
    let entry = cache.get(orgId);
    if (!entry || now - entry.at > USER_ACCESS_TTL_MS || now < entry.at) {
      entry = { at: now, users: load(orgId) };
      cache.set(orgId, entry);
      // A failed read is not cached: the next request tries again.
      const failed = entry;
      entry.users.catch(() => cache.get(orgId) === failed && cache.delete(orgId));
    }
    return entry.users;
  };
  const access = async (orgId: string, userId: string) => {
    const now = deps.clock.now().getTime();
    const sinceChange = now - (forgotten.get(orgId) ?? Number.NEGATIVE_INFINITY);
    // Right after a change here its transaction may not have committed yet: read this user's row
    // alone and keep nothing, rather than keep the whole org as it was for 5 seconds.
    if (sinceChange >= 0 && sinceChange < UNSETTLED_MS) return (await load(orgId, [userId])).get(userId);
    const known = (await users(orgId, now)).get(userId);
    if (known) return known;
    // Someone created since the last read (a first sign-in): one row, then kept with the others.
    const fresh = (await load(orgId, [userId])).get(userId);
    if (fresh) (await users(orgId, now)).set(userId, fresh);
    return fresh;
  };
  return {
    has: async (orgId, userId) => (await access(orgId, userId))?.active === false,
    access,
    forget(orgId) {
      cache.delete(orgId);
      forgotten.set(orgId, deps.clock.now().getTime());
    },
  };
}
