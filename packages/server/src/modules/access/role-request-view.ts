import type { Role } from '@shopfloor/sdk';
import type { RoleRequest } from '@shopfloor/sdk/admin';
import type { Selectable } from 'kysely';
import type { Database } from '../../db/schema.js';
import { isoShanghai } from '../../shared/time.js';

export type RoleRequestRow = Selectable<Database['role_requests']>;

export const roleRequestView = (
  r: RoleRequestRow,
  userName: string,
  requestedByName?: string,
): RoleRequest => ({
  id: String(r.id),
  userId: r.user_id,
  userName,
  add: { roles: r.roles_added as Role[], workshops: r.workshops_added, warehouses: r.warehouses_added },
  requestedBy: r.requested_by,
  ...(requestedByName ? { requestedByName } : {}),
  requestedAt: isoShanghai(r.requested_at)!,
  status: r.status,
  decidedBy: r.decided_by,
  decidedAt: isoShanghai(r.decided_at),
});
