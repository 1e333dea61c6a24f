import type { Alert, ReplenishmentSuggestion } from '@shopfloor/sdk';
import type { Selectable } from 'kysely';
import type { AlertKind, Database } from '../../db/schema.js';
import { isoShanghai } from '../../shared/time.js';
import { type AlertParams, alertWords } from './words.js';

type AlertRow = Selectable<Database['alerts']>;

/** What an alert's subject text names, by kind (the store keeps subjects as plain text). */
const subjectType: Record<AlertKind, string> = {
  'safety-stock': 'item',
  'overdue-operation': 'operation',
  'sync-failure': 'connector',
  system: 'system',
  'emergency-unapproved': 'issue-request',
  'reconciliation-difference': 'reconciliation',
};

const titles: Record<AlertKind, string> = {
  'safety-stock': '低于安全库存',
  'overdue-operation': '工序逾期',
  'sync-failure': '同步失败',
  system: '系统通知',
  'emergency-unapproved': '紧急领料未审批',
  'reconciliation-difference': '对账差异',
};

/** The API shape of an alert row. The suggestion column holds a text or `{ text, replenishment }`. */
export function alertView(row: AlertRow): Alert {
  const { text, replenishment } = readSuggestion(row.suggestion);
  const params = readParams(row.params);
  return {
    id: row.id,
    kind: row.kind,
    severity: row.severity,
    subject: { type: subjectType[row.kind], id: row.subject.slice(0, 64) },
    // with params the title names the item beside its code: 低于安全库存：聚氨酯面板（CM-PU-TOP）
    title: (alertWords(row.kind, params, 'zh-CN')?.title ?? `${titles[row.kind]}：${row.subject}`).slice(
      0,
      200,
    ),
    message: row.message.slice(0, 2000),
    ...(params ? { params } : {}),
    ...(text ? { suggestion: text.slice(0, 2000) } : {}),
    ...(replenishment ? { replenishment } : {}),
    status: row.status,
    createdAt: isoShanghai(row.opened_at)!,
    acknowledgedAt: isoShanghai(row.acknowledged_at),
    acknowledgedBy: row.acknowledged_by,
    resolvedAt: isoShanghai(row.resolved_at),
  };
}

function readParams(value: unknown): AlertParams | undefined {
  const parsed = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  return parsed && typeof parsed === 'object' ? (parsed as AlertParams) : undefined;
}

function readSuggestion(value: unknown): { text?: string; replenishment?: ReplenishmentSuggestion } {
  if (value === null || value === undefined) return {};
  if (typeof value === 'string') return { text: value };
  if (typeof value === 'object') {
    const v = value as { text?: unknown; replenishment?: ReplenishmentSuggestion | null };
    return {
      text: typeof v.text === 'string' ? v.text : JSON.stringify(value),
      ...(v.replenishment ? { replenishment: v.replenishment } : {}),
    };
  }
  return { text: String(value) };
}
