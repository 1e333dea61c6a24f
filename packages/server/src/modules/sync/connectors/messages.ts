import type { AlertKind } from '../../../db/schema.js';
import type { AppDeps } from '../../../deps.js';
import { type AlertLocale, type AlertParams, alertWords } from '../../alerts/words.js';
import { platformClients } from '../../platform/clients.js';
import { type MarkdownMessage, sendDingTalkRobot } from '../../platform/dingtalk.js';
import { sendWeComRobot } from '../../platform/wecom.js';
import type { ConnectorConfig } from '../connector-config.js';
import { sendAlertEmail } from './email.js';
import { type ConnectorDriver, errorText, failAll, type OutboxEvent } from './types.js';

const KIND_LABEL: Record<string, string> = {
  'safety-stock': '安全库存',
  'overdue-operation': '工序超期',
  'sync-failure': '同步失败',
  'emergency-unapproved': '紧急领料未审批',
  'reconciliation-difference': '对账差异',
  system: '系统',
};
const SEVERITY_LABEL: Record<string, string> = { critical: '严重', warning: '警告', info: '提示' };
/** Lines listed in one message; the rest are counted. Keeps WeCom's 4,096-byte markdown limit. */
const MAX_LINES = 20;
const MAX_LINE_CHARS = 150;

interface AlertPayload {
  kind?: string;
  severity?: string;
  subject?: string;
  message?: string;
  params?: AlertParams;
}

const RESOLVED: Record<AlertLocale, string> = { 'zh-CN': '已恢复', en: 'resolved' };
const SEVERITY_EN: Record<string, string> = { critical: 'critical', warning: 'warning', info: 'info' };

/**
 * One markdown digest for a batch of events (mostly 'alert.opened'): one message instead of many.
 * Alerts with params are worded in `locale` (Chinese unless a connector says otherwise).
 */
export function alertDigest(events: readonly OutboxEvent[], locale: AlertLocale = 'zh-CN'): MarkdownMessage {
  const zh = locale === 'zh-CN';
  const title = zh ? `Shopfloor 预警 (${events.length})` : `Shopfloor alerts (${events.length})`;
  const kindLabel = (kind: string | undefined) => (zh ? (KIND_LABEL[kind ?? ''] ?? kind) : kind) ?? '';
  const lines = events.slice(0, MAX_LINES).map((e) => {
    const p = (e.payload ?? {}) as AlertPayload;
    if (e.topic === 'alert.resolved')
      return `- ✅ ${RESOLVED[locale]} ${kindLabel(p.kind)} ${p.subject ?? ''}`;
    if (e.topic !== 'alert.opened') return `- ${e.topic} ${e.aggregateType} ${e.aggregateId}`;
    const severity = (zh ? SEVERITY_LABEL : SEVERITY_EN)[p.severity ?? ''] ?? p.severity;
    const words = p.kind ? alertWords(p.kind as AlertKind, p.params, locale) : undefined;
    const line = words
      ? `- **[${severity}] ${words.title}**: ${words.message}`
      : `- **[${severity}] ${kindLabel(p.kind)} ${p.subject ?? ''}**: ${p.message ?? ''}`;
    return line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS - 1)}…` : line;
  });
  const more = events.length - MAX_LINES;
  if (more > 0) lines.push(zh ? `- …另有 ${more} 条` : `- …and ${more} more`);
  return { title, text: `### ${title}\n${lines.join('\n')}` };
}

/** DingTalk/WeCom robots and app messages: the whole batch goes out as one message. */
export function messageDriver(deps: AppDeps): ConnectorDriver {
  return {
    async deliver(connector, events) {
      const message = alertDigest(events, connector.config.locale === 'en' ? 'en' : 'zh-CN');
      try {
        await send(deps, connector.kind, connector.config, message);
        return events.map(() => ({ ok: true as const }));
      } catch (err) {
        return failAll(events, errorText(err));
      }
    },
  };
}

async function send(
  deps: AppDeps,
  kind: string,
  config: Record<string, unknown>,
  message: MarkdownMessage,
): Promise<void> {
  const bases = deps.config.platformApiBase;
  const clients = platformClients(deps);
  switch (kind) {
    case 'dingtalk-robot':
      return sendDingTalkRobot(
        bases.dingtalk,
        config as ConnectorConfig<'dingtalk-robot'>,
        message,
        deps.clock.now().getTime(),
      );
    case 'wecom-robot':
      return sendWeComRobot(bases.wecom, (config as ConnectorConfig<'wecom-robot'>).key, message.text);
    case 'dingtalk-notice': {
      if (!clients.dingtalk) throw new Error('DingTalk credentials are not configured');
      const c = config as ConnectorConfig<'dingtalk-notice'>;
      return clients.dingtalk.sendWorkNotice({ userIds: c.userIds, toAllUser: c.toAllUser }, message);
    }
    case 'wecom-message': {
      if (!clients.wecom) throw new Error('WeCom credentials are not configured');
      return clients.wecom.sendAppMessage(
        { userIds: (config as ConnectorConfig<'wecom-message'>).userIds },
        message.text,
      );
    }
    case 'email': {
      const c = config as ConnectorConfig<'email'>;
      const smtpUrl = c.smtpUrl ?? deps.config.smtpUrl;
      if (!smtpUrl) throw new Error('no SMTP server: set SHOPFLOOR_SMTP_URL or the connector smtpUrl');
      return sendAlertEmail(smtpUrl, c.to, { subject: message.title, text: plainText(message.text) });
    }
    default:
      throw new Error(`'${kind}' is not a message connector`);
  }
}

/** Mail readers show markdown as typed: drop the heading marks and the bold stars. */
const plainText = (markdown: string) => markdown.replace(/^#+ /gm, '').replace(/\*\*/g, '');
