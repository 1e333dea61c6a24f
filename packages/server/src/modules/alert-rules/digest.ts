import type { AlertKind } from '../../db/schema.js';
import { type AlertParams, alertWords } from '../alerts/words.js';
import type { MarkdownMessage } from '../platform/dingtalk.js';

/** The H5 app's page of one alert (hash routing under /app/, like chat-approvals' requestLink). */
export function alertLink(publicUrl: string | undefined, alertId: string): string {
  return `${(publicUrl ?? '').replace(/\/$/, '')}/app/#/pages/alerts/index?id=${encodeURIComponent(alertId)}`;
}

/**
 * Alerts in one digest message. WeCom's markdown app message takes 2,048 bytes
 * (https://developer.work.weixin.qq.com/document/path/90236): five alerts with their links fit.
 */
export const DIGEST_MAX_ALERTS = 5;
const MAX_MESSAGE_CHARS = 60;

const SEVERITY_ZH: Record<string, string> = { critical: '严重', warning: '警告', info: '提示' };

export interface DigestAlert {
  id: string;
  kind: string;
  severity: string;
  subject: string;
  message: string;
  params: AlertParams | null;
  level: number;
  openedAt: Date;
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** One message for one person: each alert's title, a short text and its link; escalations say so. */
export function alertDigestFor(
  alerts: readonly DigestAlert[],
  publicUrl: string | undefined,
  now: Date,
): MarkdownMessage {
  const escalated = alerts.some((a) => a.level > 0);
  const title = `${escalated ? '预警升级' : '预警通知'}（${alerts.length} 条）`;
  const lines = alerts.map((a) => {
    const words = alertWords(a.kind as AlertKind, a.params, 'zh-CN');
    const head = words?.title ?? a.subject;
    const text = clip(words?.message ?? a.message, MAX_MESSAGE_CHARS);
    const waited = Math.max(1, Math.floor((now.getTime() - a.openedAt.getTime()) / 60_000));
    const level = a.level > 0 ? `（第 ${a.level} 级升级：已 ${waited} 分钟无人确认）` : '';
    return `- **[${SEVERITY_ZH[a.severity] ?? a.severity}] ${head}**${level}\n  ${text} [查看](${alertLink(publicUrl, a.id)})`;
  });
  return { title, text: `### ${title}\n${lines.join('\n')}\n\n请在应用中查看并确认。` };
}

/** Mail readers show markdown as typed: drop the heading marks and the bold stars. */
export const plainText = (markdown: string) =>
  markdown
    .replace(/^#+ /gm, '')
    .replace(/\*\*/g, '')
    .replace(/\[查看\]\(([^)]+)\)/g, '查看：$1');
