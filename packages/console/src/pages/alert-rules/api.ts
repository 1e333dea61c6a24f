import type { Page } from '@shopfloor/sdk';
import { client } from '../../api/client';
import { path } from '../../api/path';

export type Severity = 'info' | 'warning' | 'critical';

export interface Recipients {
  users: string[];
  roles: string[];
}

/** What `POST /alert-rules` and `PUT /alert-rules/{id}` take (docs/alert-rules.md). */
export interface AlertRuleInput {
  name: string;
  active: boolean;
  kinds: string[];
  minSeverity: Severity;
  workshops: string[];
  warehouses: string[];
  recipients: Recipients;
  channels: string[];
  quietHours: { from: string; to: string } | null;
  escalation: { afterMinutes: number; recipients: Recipients }[];
}

export interface AlertRule extends AlertRuleInput {
  id: string;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

/** One row of `GET /alerts/{id}/notifications`: who was told, on which channel, when. */
export interface AlertNotification {
  level: number;
  user: string;
  userName: string | null;
  channel: string;
  state: 'queued' | 'held' | 'sent' | 'failed' | 'skipped';
  attempts: number;
  nextAttemptAt: string | null;
  sentAt: string | null;
  error: string | null;
  rule: string | null;
  ruleName: string | null;
  createdAt: string;
}

/** The alert-rule calls the core SDK has no typed client for (its bundle budget is spent). */
export const alertRulesApi = {
  list: () => client.request<Page<AlertRule>>({ method: 'GET', path: '/alert-rules' }),
  create: (input: AlertRuleInput, idempotencyKey: string) =>
    client.request<AlertRule>({ method: 'POST', path: '/alert-rules', body: input, idempotencyKey }),
  update: (id: string, input: AlertRuleInput) =>
    client.request<AlertRule>({ method: 'PUT', path: path`/alert-rules/${id}`, body: input }),
  remove: (id: string) => client.request<AlertRule>({ method: 'DELETE', path: path`/alert-rules/${id}` }),
  notifications: (alertId: string) =>
    client.request<Page<AlertNotification>>({ method: 'GET', path: path`/alerts/${alertId}/notifications` }),
};
