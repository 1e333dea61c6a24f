import type { Role } from '@shopfloor/sdk';

/** Roles whose grant waits for a second administrator: they move stock, approve, or manage users. */
export const GUARDED_ROLES: readonly Role[] = ['admin', 'approver', 'storekeeper'];

export interface Access {
  roles: Role[];
  workshops: string[];
  warehouses: string[];
}

export interface RoleChangeSplit {
  /** Applied at once: everything removed, plus operator and planner added. */
  now: Access;
  /** Waits for a second administrator, or null when nothing is granted that needs one. */
  granted: Access | null;
}

/**
 * Splits the change from `before` to `wanted` into what applies at once and what needs four eyes:
 * a guarded role or a workshop or warehouse the user did not have. Removals never wait, so taking
 * power away is as fast as it can be; `now` never holds more than `before` plus operator/planner.
 */
export function splitRoleChange(before: Access, wanted: Access): RoleChangeSplit {
  const had = {
    roles: new Set(before.roles),
    workshops: new Set(before.workshops),
    warehouses: new Set(before.warehouses),
  };
  const wantedRoles = unique(wanted.roles);
  const wantedWorkshops = unique(wanted.workshops);
  const wantedWarehouses = unique(wanted.warehouses);
  const needsFourEyes = (r: Role) => GUARDED_ROLES.includes(r) && !had.roles.has(r);
  const granted: Access = {
    roles: wantedRoles.filter(needsFourEyes),
    workshops: wantedWorkshops.filter((w) => !had.workshops.has(w)),
    warehouses: wantedWarehouses.filter((w) => !had.warehouses.has(w)),
  };
  const now: Access = {
    roles: wantedRoles.filter((r) => !needsFourEyes(r)),
    workshops: wantedWorkshops.filter((w) => had.workshops.has(w)),
    warehouses: wantedWarehouses.filter((w) => had.warehouses.has(w)),
  };
  const waits = granted.roles.length + granted.workshops.length + granted.warehouses.length > 0;
  return { now, granted: waits ? granted : null };
}

/** The user's access once an approved grant is added to what they hold at approval time. */
export function withGranted(current: Access, granted: Access): Access {
  return {
    roles: unique([...current.roles, ...granted.roles]),
    workshops: unique([...current.workshops, ...granted.workshops]),
    warehouses: unique([...current.warehouses, ...granted.warehouses]),
  };
}

const unique = <T>(list: readonly T[]): T[] => [...new Set(list)];
