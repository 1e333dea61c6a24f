import { sql } from 'kysely';
import type { AppDeps } from '../../deps.js';
import type { Db } from '../../http/route.js';
import type { Recipients } from './rules.js';

export interface Person {
  id: string;
  name: string;
  roles: string[];
  workshops: string[];
  warehouses: string[];
  platform: string;
  platform_user_id: string | null;
  email: string | null;
}

export interface AlertScope {
  workshop: string | null;
  warehouse: string | null;
  owner: string | null;
}

/** The active users of an org and each workshop's supervisor: what recipients are resolved against. */
export interface Directory {
  users: Map<string, Person>;
  supervisors: Map<string, string>;
}

export async function loadDirectory(db: Db, orgId: string): Promise<Directory> {
  const users = await sql<Person>`
    select id, name, roles, workshops, warehouses, platform, platform_user_id, email
    from users where org_id = ${orgId} and active`.execute(db);
  const shops = await sql<{ code: string; supervisor: string | null }>`
    select code, supervisor from workshops where org_id = ${orgId} and supervisor is not null`.execute(db);
  return {
    users: new Map(users.rows.map((u) => [u.id, u])),
    supervisors: new Map(shops.rows.map((s) => [s.code, s.supervisor!])),
  };
}

/** A user's list that is empty is not scoped (a planner or admin for every workshop). */
const covers = (list: readonly string[], code: string | null) =>
  code === null || list.length === 0 || list.includes(code);

/**
 * The users a rule's recipients name for one alert: named users; 'owner' the alert's owner;
 * 'supervisor' its workshop's supervisor; 'approvers' the approvers and storekeepers of its
 * warehouse; a role name, the users with that role whose workshops and warehouses cover the alert's.
 * Inactive or unknown users are left out. Sorted, without repeats.
 */
export function resolveRecipients(recipients: Recipients, alert: AlertScope, dir: Directory): string[] {
  const out = new Set<string>();
  for (const id of recipients.users) if (dir.users.has(id)) out.add(id);
  for (const role of recipients.roles) {
    if (role === 'owner') {
      if (alert.owner && dir.users.has(alert.owner)) out.add(alert.owner);
    } else if (role === 'supervisor') {
      const s = alert.workshop ? dir.supervisors.get(alert.workshop) : undefined;
      if (s && dir.users.has(s)) out.add(s);
    } else if (role === 'approvers') {
      if (!alert.warehouse) continue;
      for (const u of dir.users.values()) {
        if (
          (u.roles.includes('approver') || u.roles.includes('storekeeper')) &&
          u.warehouses.includes(alert.warehouse)
        )
          out.add(u.id);
      }
    } else {
      for (const u of dir.users.values()) {
        if (
          u.roles.includes(role) &&
          covers(u.workshops, alert.workshop) &&
          covers(u.warehouses, alert.warehouse)
        )
          out.add(u.id);
      }
    }
  }
  return [...out].sort();
}

/** The robot channels' recipient column: the group, not a person. */
export const GROUP = '';

/** Whether this server can reach the user on the channel (the platform configured, the user's id or address known). */
export function reachable(deps: AppDeps, user: Person, channel: string): boolean {
  switch (channel) {
    case 'dingtalk':
      return Boolean(deps.config.dingtalk?.agentId && user.platform === 'dingtalk' && user.platform_user_id);
    case 'wecom':
      return Boolean(deps.config.wecom && user.platform === 'wecom' && user.platform_user_id);
    case 'email':
      return Boolean(deps.config.smtpUrl && user.email);
    default:
      return false;
  }
}
