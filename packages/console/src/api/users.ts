import type { Page, Role, User, WriteOptions } from '@shopfloor/sdk';
import { client } from './client';
import { path } from './path';

/** A user as the admin list shows it; `active` and `platformUserId` come with the master-data routes. */
export type UserRow = User & { platformUserId?: string; active?: boolean };

export interface UserInput {
  platform: 'dingtalk' | 'wecom';
  platformUserId: string;
  name: string;
  roles: Role[];
  workshops: string[];
  warehouses: string[];
}

export interface RolesInput {
  roles: Role[];
  workshops: string[];
  warehouses: string[];
}

// GET /users and PUT /users/{id}/roles exist today; POST and PUT /users/{id} come with issue 8.
// Until the SDK's `client.users` lands, through client.request; then this object becomes `client.users`.
export const users = {
  listPage: (query: { pending?: boolean; cursor?: string; limit?: number } = {}) =>
    client.request<Page<UserRow>>({ method: 'GET', path: '/users', query }),
  create: (input: UserInput, options: WriteOptions = {}) =>
    client.request<UserRow>({ method: 'POST', path: '/users', body: input, ...options }),
  update: (id: string, patch: { name?: string; active?: boolean }) =>
    client.request<UserRow>({ method: 'PUT', path: path`/users/${id}`, body: patch }),
  setRoles: (id: string, input: RolesInput) =>
    client.request<UserRow>({ method: 'PUT', path: path`/users/${id}/roles`, body: input }),
};
