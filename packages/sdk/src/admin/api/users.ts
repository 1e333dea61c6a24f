import { listMethods, type WriteOptions } from '../../client/api/shared.js';
import type { Request } from '../../client/request.js';
import { path } from '../../client/url.js';
import { User } from '../../schemas/user.js';
import { validate } from '../../schemas/validate.js';
import { RoleChangeAnswer } from '../role-requests.js';
import { RolesInput, UserInput, UserUpdate } from '../schemas.js';

export function usersApi(request: Request) {
  return {
    /** `pending: true`: people who signed in once and wait for a role. */
    ...listMethods<User, { pending?: boolean; includeInactive?: boolean; cursor?: string; limit?: number }>(
      request,
      '/users',
      User,
    ),
    /**
     * Registers a DingTalk or WeCom user ahead of their first sign-in. Admin, approver, storekeeper
     * and any workshop or warehouse wait for a second administrator: see `isRoleChangePending`.
     */
    create: async (input: UserInput, options: WriteOptions = {}) =>
      request({
        method: 'POST',
        path: '/users',
        body: validate(UserInput, input, 'user'),
        idempotencyKey: options.idempotencyKey,
        schema: RoleChangeAnswer,
      }),
    /** Renames, deactivates (`active: false`: their sessions and API tokens stop working) or reactivates. */
    update: async (id: string, input: UserUpdate) =>
      request({
        method: 'PUT',
        path: path`/users/${id}`,
        body: validate(UserUpdate, input, 'user'),
        schema: User,
      }),
    /**
     * Replaces roles and scopes (audit-logged). Removals apply at once, to sessions already issued
     * too; grants (admin, approver, storekeeper, more workshops or warehouses) answer a pending request.
     */
    setRoles: async (id: string, input: RolesInput) =>
      request({
        method: 'PUT',
        path: path`/users/${id}/roles`,
        body: validate(RolesInput, input, 'roles'),
        schema: RoleChangeAnswer,
      }),
  };
}
