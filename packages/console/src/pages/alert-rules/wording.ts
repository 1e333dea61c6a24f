import { type MessageKey, t } from '../../i18n/i18n';
import { roleLabel } from '../../shared/labels';

export const ALERT_KINDS = [
  'overdue-operation',
  'safety-stock',
  'emergency-unapproved',
  'sync-failure',
  'reconciliation-difference',
  'system',
] as const;
export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export const SEVERITY_COLORS: Record<string, string> = { info: 'blue', warning: 'orange', critical: 'red' };
/** The alert's own people first, then the user roles (users with the role within the alert's scope). */
export const RECIPIENT_ROLES = [
  'owner',
  'supervisor',
  'approvers',
  'planner',
  'admin',
  'storekeeper',
  'approver',
  'operator',
];
export const PERSON_CHANNELS = ['dingtalk', 'wecom', 'email'] as const;

const label = (key: string, fallback: string) => {
  const text = t(key as MessageKey);
  return text === undefined ? fallback : text;
};
export const kindLabel = (kind: string) => label(`alertRules.kind.${kind}`, kind);
export const severityLabel = (s: string) => label(`alertRules.severity.${s}`, s);
export const recipientRoleLabel = (role: string) =>
  ['owner', 'supervisor', 'approvers'].includes(role)
    ? label(`alertRules.role.${role}`, role)
    : roleLabel(role);
export const stateLabel = (state: string) => label(`alertRules.state.${state}`, state);
/** 'robot:<id>' channels are shown by their connector's name when it is known. */
export const channelLabel = (channel: string, robots: Map<string, string> = new Map()) =>
  channel.startsWith('robot:')
    ? t('alertRules.channel.robot', { name: robots.get(channel.slice(6)) ?? channel.slice(6) })
    : label(`alertRules.channel.${channel}`, channel);
