// 权限变更双人复核: grants that wait for a second administrator, and the client to decide them.
import * as z from 'zod/mini';
import { listMethods } from '../client/api/shared.js';
import type { Request } from '../client/request.js';
import { path } from '../client/url.js';
import { code, described, IsoDateTime, named } from '../schemas/common.js';
import { Role, User } from '../schemas/user.js';

export const RoleRequestStatus = described(
  z.enum(['pending', 'approved', 'rejected']),
  '待复核 pending · 已批准 approved · 已驳回 rejected',
);
export type RoleRequestStatus = z.infer<typeof RoleRequestStatus>;

export const RoleRequest = named(
  z.object({
    id: z.string(),
    userId: code(64),
    userName: z.string(),
    add: described(
      z.object({
        roles: z.array(Role),
        workshops: z.array(code(32)),
        warehouses: z.array(code(32)),
      }),
      'What the approval adds to the user: powerful roles (admin, approver, storekeeper) and scopes',
    ),
    requestedBy: code(64),
    requestedByName: z.optional(described(z.string(), 'The name of the requester, in lists')),
    requestedAt: IsoDateTime,
    status: RoleRequestStatus,
    decidedBy: z.nullable(code(64)),
    decidedAt: z.nullable(IsoDateTime),
  }),
  'RoleRequest',
  'A grant waiting for, or decided by, a second administrator',
);
export type RoleRequest = z.infer<typeof RoleRequest>;

/**
 * The 202 answer of a role change that grants something: `user` shows what applied at once
 * (removals, operator/planner, the name), `roleRequest` what waits for a second administrator.
 */
export const RoleChangePending = named(
  z.object({ user: User, roleRequest: RoleRequest }),
  'RoleChangePending',
);
export type RoleChangePending = z.infer<typeof RoleChangePending>;

/** What a role change answers: the user (200/201, all applied) or the pending request (202). */
export const RoleChangeAnswer = z.union([RoleChangePending, User]);
export type RoleChangeAnswer = z.infer<typeof RoleChangeAnswer>;

export const isRoleChangePending = (answer: RoleChangeAnswer): answer is RoleChangePending =>
  'roleRequest' in answer;

export function roleRequestsApi(request: Request) {
  return {
    /** `status: 'pending'` lists what waits for a decision, oldest first. */
    ...listMethods<RoleRequest, { status?: RoleRequestStatus; cursor?: string; limit?: number }>(
      request,
      '/role-requests',
      RoleRequest,
    ),
    /** Applies the grant; only an administrator other than the requester (and the user) may. */
    approve: async (id: string) =>
      request({ method: 'POST', path: path`/role-requests/${id}/approve`, schema: RoleRequest }),
    reject: async (id: string) =>
      request({ method: 'POST', path: path`/role-requests/${id}/reject`, schema: RoleRequest }),
  };
}
