import type { Health } from '@shopfloor/sdk';
import type { ConnectorKind } from '../../db/schema.js';
import type { AppDeps } from '../../deps.js';
import { isMessageKind } from '../sync/connector-config.js';
import { sendAlertEmail } from '../sync/connectors/email.js';
import { messageDriver } from '../sync/connectors/messages.js';
import type { Connector, ConnectorDriver, OutboxEvent } from '../sync/connectors/types.js';
import { errorText } from '../sync/connectors/types.js';
import { webhookDriver } from '../sync/connectors/webhook.js';

export type IncidentChange = 'opened' | 'resolved';

export interface HealthNotifier {
  /** Reloads the connectors from the database; keeps the last list when it does not answer. */
  refresh(): Promise<void>;
  /** Tells everyone on the list, from memory (no database call). Resolves to the deliveries that failed. */
  notify(change: IncidentChange, health: Health): Promise<string[]>;
  /** The connectors held in memory now (tests, logs). */
  connectors(): readonly Connector[];
}

/** Robots, work notices and webhooks that carry alerts ('alert.opened', or every topic). */
const carriesAlerts = (kind: ConnectorKind, topics: string[] | null) =>
  (isMessageKind(kind) || kind === 'webhook') && (topics === null || topics.includes('alert.opened'));

/** The words of an incident, in both languages: chat robots show them as they are. */
export function incidentWords(change: IncidentChange, health: Health): { subject: string; text: string } {
  const failing = Object.entries(health.checks)
    .filter(([, c]) => c.status !== 'ok')
    .map(([name, c]) => `${name}: ${c.status}${c.detail ? ` (${c.detail})` : ''}`);
  if (change === 'resolved') {
    return {
      subject: 'Shopfloor 服务器已恢复正常 / server healthy again',
      text: 'Shopfloor 服务器已恢复正常，报工与审批可以照常保存。\nThe Shopfloor server is healthy again: reports and approvals save as usual.',
    };
  }
  const zhState = health.status === 'down' ? '不可用' : '降级';
  return {
    subject: `Shopfloor 服务器${zhState} / server ${health.status}`,
    text:
      `Shopfloor 服务器${zhState}：终端可以填写，但保存可能失败（离线暂存，恢复后自动补传）。请管理员运行「系统体检」查看修复方法。\n` +
      `The Shopfloor server is ${health.status}: terminals can fill in forms but saving may fail (kept offline, sent when it recovers). An administrator should run the check-up for the fix.\n` +
      failing.map((line) => `- ${line}`).join('\n'),
  };
}

export interface HealthNotifierOptions {
  /** Replace delivery (tests); the defaults deliver for real. */
  drivers?: Partial<Record<ConnectorKind, ConnectorDriver>>;
}

/**
 * Alerts that reach people when the database does not: the notification connectors are loaded
 * into memory while the database answers, and called from there.
 */
export function createHealthNotifier(deps: AppDeps, options: HealthNotifierOptions = {}): HealthNotifier {
  let held: Connector[] = [];
  let incident = 0;
  const messages = messageDriver(deps);
  const webhook = webhookDriver(() => Math.floor(Date.now() / 1000));
  const driverFor = (kind: ConnectorKind): ConnectorDriver | undefined =>
    options.drivers?.[kind] ?? (kind === 'webhook' ? webhook : isMessageKind(kind) ? messages : undefined);

  return {
    async refresh() {
      const rows = await deps.db
        .selectFrom('sync_connectors')
        .select(['id', 'org_id', 'kind', 'name', 'config', 'topics'])
        .where('org_id', '=', deps.config.orgId)
        .where('enabled', '=', true)
        .execute();
      held = rows
        .filter((r) => carriesAlerts(r.kind, r.topics))
        .map((r) => ({
          id: r.id,
          orgId: r.org_id,
          kind: r.kind,
          name: r.name,
          config: (typeof r.config === 'string' ? JSON.parse(r.config) : r.config) as Record<string, unknown>,
        }));
    },
    connectors: () => held,
    async notify(change, health) {
      if (change === 'opened') incident = Date.now();
      const words = incidentWords(change, health);
      const event: OutboxEvent = {
        // Not an outbox row (the database may be gone): a time-based id, the same for both ends of one incident's pair.
        id: change === 'opened' ? incident : incident + 1,
        orgId: deps.config.orgId,
        topic: change === 'opened' ? 'alert.opened' : 'alert.resolved',
        aggregateType: 'health',
        aggregateId: `incident-${incident}`,
        payload: {
          kind: 'system',
          severity: change === 'opened' ? 'critical' : 'info',
          subject: words.subject,
          message: words.text,
          status: health.status,
          checks: health.checks,
        },
        createdAt: new Date(),
      };
      const failures: string[] = [];
      await Promise.all([
        ...held.map(async (connector) => {
          const outcome = (await driverFor(connector.kind)?.deliver(connector, [event]))?.[0];
          if (outcome && !outcome.ok) failures.push(`${connector.name}: ${outcome.error}`);
        }),
        ...(deps.config.smtpUrl && deps.config.alertEmails.length > 0
          ? [
              sendAlertEmail(deps.config.smtpUrl, deps.config.alertEmails, words).catch((err: unknown) => {
                failures.push(`e-mail: ${errorText(err)}`);
              }),
            ]
          : []),
      ]);
      return failures;
    },
  };
}
