import type { Role, User } from '@shopfloor/sdk';
import type { Db } from '../../http/route.js';
import type { Principal } from '../../http/session.js';

export async function findUser(db: Db, orgId: string, id: string) {
  return db
    .selectFrom('users')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findUserByPlatformId(db: Db, orgId: string, platform: string, platformUserId: string) {
  return db
    .selectFrom('users')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('platform', '=', platform)
    .where('platform_user_id', '=', platformUserId)
    .executeTakeFirst();
}

export type UserRow = NonNullable<Awaited<ReturnType<typeof findUser>>>;

export function toPrincipal(row: UserRow): Principal {
  return {
    orgId: row.org_id,
    userId: row.id,
    name: row.name,
    roles: row.roles as Role[],
    workshops: row.workshops,
    warehouses: row.warehouses,
  };
}

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    name: row.name,
    roles: row.roles as Role[],
    scopes: { workshops: row.workshops, warehouses: row.warehouses },
    platform: row.platform as User['platform'],
    ...(row.platform_user_id ? { platformUserId: row.platform_user_id } : {}),
    active: row.active,
    ...(row.team ? { team: row.team } : {}),
    ...(row.email ? { email: row.email } : {}),
  };
}
