import type { ItemType, Role, WorkOrderStatus } from '@shopfloor/sdk';
import type { LocationKind } from '@shopfloor/sdk/admin';
import { type MessageKey, t } from '../i18n/i18n';

/** The console's words for the domain's codes, through the dictionary so both languages have them. */
export const ROLES: readonly Role[] = ['admin', 'planner', 'storekeeper', 'approver', 'operator'];

export const roleLabel = (role: Role | string) => label(`role.${role}`, role);
export const locationKindLabel = (kind: LocationKind | string | undefined) =>
  kind ? label(`locationKind.${kind}`, kind) : '—';
export const itemTypeLabel = (type: ItemType | string) => label(`itemType.${type}`, type);
export const workOrderStatusLabel = (status: WorkOrderStatus | string) => label(`woStatus.${status}`, status);
export const operationStatusLabel = (status: string) => label(`opStatus.${status}`, status);
export const platformLabel = (platform: string | undefined) =>
  platform ? label(`platform.${platform}`, platform) : '—';

export const WORK_ORDER_STATUS_COLORS: Record<string, string> = {
  draft: 'default',
  released: 'blue',
  'in-progress': 'processing',
  'on-hold': 'warning',
  done: 'success',
  closed: 'default',
  cancelled: 'error',
};

function label(key: string, fallback: string): string {
  const text = t(key as MessageKey);
  return text === undefined ? fallback : text;
}
