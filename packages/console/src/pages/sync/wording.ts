import type { SyncConnectorKind } from '@shopfloor/sdk';
import type { MessageKey } from '../../i18n/i18n';
import { t } from '../../i18n/i18n';

// Every code the page words, spelled out: a key typo does not compile, and no key goes unused.
const KIND: Record<SyncConnectorKind, MessageKey> = {
  webhook: 'sync.kind.webhook',
  rabbitmq: 'sync.kind.rabbitmq',
  erp: 'sync.kind.erp',
  'dingtalk-robot': 'sync.kind.dingtalk-robot',
  'wecom-robot': 'sync.kind.wecom-robot',
  'dingtalk-notice': 'sync.kind.dingtalk-notice',
  'wecom-message': 'sync.kind.wecom-message',
  email: 'sync.kind.email',
  'rabbitmq-inbound': 'sync.kind.rabbitmq-inbound',
  'http-poll': 'sync.kind.http-poll',
  database: 'sync.kind.database',
};
export const KINDS = Object.keys(KIND) as SyncConnectorKind[];
export const kindLabel = (kind: string) => {
  const key = KIND[kind as SyncConnectorKind];
  return key ? t(key) : kind;
};

/** Kinds that bring records in (sent no events); the pull kinds among them run on a schedule. */
export const INBOUND_KINDS: readonly string[] = ['rabbitmq-inbound', 'http-poll', 'database'];
export const PULL_KINDS: readonly string[] = ['http-poll', 'database'];
/** Kinds whose records pass through a field mapping (ERP/WMS systems), outbound or inbound. */
/** Kinds whose records come in through POST /sync/inbound or a source of their own. */
export const RECEIVING_KINDS: readonly string[] = ['erp', ...INBOUND_KINDS];
export const MAPPED_KINDS: readonly string[] = ['webhook', 'rabbitmq', 'erp', ...INBOUND_KINDS];

const EVENT_STATUS: Record<string, MessageKey> = {
  pending: 'sync.event.pending',
  failed: 'sync.event.failed',
  dead: 'sync.event.dead',
  delivered: 'sync.event.delivered',
};
export const eventStatusLabel = (status: string) => {
  const key = EVENT_STATUS[status];
  return key ? t(key) : status;
};
export const EVENT_STATUS_COLORS: Record<string, string> = {
  pending: 'blue',
  failed: 'orange',
  dead: 'red',
  delivered: 'green',
};

/** One field of a connector's config, as its form shows it. */
export interface ConfigField {
  name: string;
  label: MessageKey;
  type: 'text' | 'secret' | 'number' | 'list' | 'select' | 'bool' | 'json';
  required?: boolean;
  options?: string[];
  placeholder?: string;
}

/** What inbound connectors bring in (our record kinds). */
const RECORD_KINDS = ['item', 'bomLine', 'workOrder', 'purchaseReceipt', 'stockSnapshot'];

const LOCALE: ConfigField = {
  name: 'locale',
  label: 'sync.field.locale',
  type: 'select',
  options: ['zh-CN', 'en'],
};

/**
 * The config of each kind (docs/sync.md). Secrets are write-only: the server never answers them,
 * and a field left empty in an edit keeps what is stored.
 */
export const CONFIG_FIELDS: Record<SyncConnectorKind, ConfigField[]> = {
  webhook: [
    {
      name: 'url',
      label: 'sync.field.url',
      type: 'text',
      required: true,
      placeholder: 'https://erp.example.com/hook',
    },
    { name: 'secret', label: 'sync.field.secret', type: 'secret', required: true },
    { name: 'timeoutMs', label: 'sync.field.timeoutMs', type: 'number', placeholder: '10000' },
  ],
  rabbitmq: [
    {
      name: 'url',
      label: 'sync.field.amqpUrl',
      type: 'secret',
      required: true,
      placeholder: 'amqp://user:pass@host:5672',
    },
    { name: 'exchange', label: 'sync.field.exchange', type: 'text', required: true },
    {
      name: 'exchangeType',
      label: 'sync.field.exchangeType',
      type: 'select',
      options: ['topic', 'fanout', 'direct'],
    },
  ],
  erp: [
    { name: 'adapter', label: 'sync.field.adapter', type: 'text', required: true, placeholder: 'kingdee' },
    { name: 'options', label: 'sync.field.options', type: 'json' },
  ],
  'dingtalk-robot': [
    { name: 'accessToken', label: 'sync.field.accessToken', type: 'secret', required: true },
    { name: 'secret', label: 'sync.field.signSecret', type: 'secret' },
    LOCALE,
  ],
  'wecom-robot': [{ name: 'key', label: 'sync.field.robotKey', type: 'secret', required: true }, LOCALE],
  'dingtalk-notice': [
    { name: 'userIds', label: 'sync.field.userIds', type: 'list' },
    { name: 'toAllUser', label: 'sync.field.toAllUser', type: 'bool' },
    LOCALE,
  ],
  'wecom-message': [{ name: 'userIds', label: 'sync.field.userIds', type: 'list' }, LOCALE],
  email: [
    { name: 'to', label: 'sync.field.to', type: 'list', required: true, placeholder: 'a@example.com' },
    {
      name: 'smtpUrl',
      label: 'sync.field.smtpUrl',
      type: 'secret',
      placeholder: 'smtp://user:pass@host:587',
    },
    LOCALE,
  ],
  'rabbitmq-inbound': [
    {
      name: 'url',
      label: 'sync.field.amqpUrl',
      type: 'secret',
      required: true,
      placeholder: 'amqp://user:pass@host:5672',
    },
    { name: 'queue', label: 'sync.field.queue', type: 'text', required: true },
    { name: 'prefetch', label: 'sync.field.prefetch', type: 'number', placeholder: '100' },
    { name: 'kind', label: 'sync.field.recordKind', type: 'select', options: RECORD_KINDS },
    { name: 'idField', label: 'sync.field.idField', type: 'text' },
    { name: 'versionField', label: 'sync.field.versionField', type: 'text' },
  ],
  'http-poll': [
    { name: 'url', label: 'sync.field.url', type: 'text', required: true },
    { name: 'kind', label: 'sync.field.recordKind', type: 'select', required: true, options: RECORD_KINDS },
    { name: 'recordsPath', label: 'sync.field.recordsPath', type: 'text', placeholder: 'data.items' },
    { name: 'idField', label: 'sync.field.idField', type: 'text', required: true },
    { name: 'versionField', label: 'sync.field.versionField', type: 'text', required: true },
    { name: 'sinceParam', label: 'sync.field.sinceParam', type: 'text', placeholder: 'since' },
    { name: 'watermarkField', label: 'sync.field.watermarkField', type: 'text' },
    { name: 'everyMinutes', label: 'sync.field.everyMinutes', type: 'number', placeholder: '15' },
    {
      name: 'headers',
      label: 'sync.field.headers',
      type: 'json',
      placeholder: '{"Authorization": "Bearer …"}',
    },
    { name: 'timeoutMs', label: 'sync.field.timeoutMs', type: 'number', placeholder: '15000' },
  ],
  database: [
    {
      name: 'dialect',
      label: 'sync.field.dialect',
      type: 'select',
      required: true,
      options: ['mysql', 'postgres'],
    },
    {
      name: 'url',
      label: 'sync.field.dbUrl',
      type: 'secret',
      required: true,
      placeholder: 'mysql://user:pass@host:3306/erp',
    },
    {
      name: 'tables',
      label: 'sync.field.tables',
      type: 'json',
      required: true,
      placeholder:
        '[{"table": "v_stock", "kind": "stockSnapshot", "idColumn": "id", "watermarkColumn": "updated_at"}]',
    },
    { name: 'everyMinutes', label: 'sync.field.everyMinutes', type: 'number', placeholder: '15' },
  ],
};

const RUN_STATUS: Record<string, MessageKey> = {
  running: 'sync.run.running',
  succeeded: 'sync.run.succeeded',
  failed: 'sync.run.failed',
};
const TRIGGER: Record<string, MessageKey> = { schedule: 'sync.run.schedule', manual: 'sync.run.manual' };
export const runStatusLabel = (s: string) => (RUN_STATUS[s] ? t(RUN_STATUS[s]) : s);
export const triggerLabel = (s: string) => (TRIGGER[s] ? t(TRIGGER[s]) : s);

const RECORD: Record<string, MessageKey> = {
  item: 'sync.record.item',
  bomLine: 'sync.record.bomLine',
  workOrder: 'sync.record.workOrder',
  purchaseReceipt: 'sync.record.purchaseReceipt',
  stockSnapshot: 'sync.record.stockSnapshot',
};
/** A select option of a config field: record kinds worded, other codes as they are. */
export const optionLabel = (field: ConfigField, value: string) =>
  field.name === 'kind' && RECORD[value] ? `${t(RECORD[value])} · ${value}` : value;
export const recordKindLabel = (kind: string) => (RECORD[kind] ? t(RECORD[kind]) : kind);

const OUTCOME: Record<string, MessageKey> = {
  applied: 'sync.outcome.applied',
  duplicate: 'sync.outcome.duplicate',
  rejected: 'sync.outcome.rejected',
};
export const outcomeLabel = (o: string) => (OUTCOME[o] ? t(OUTCOME[o]) : o);
export const OUTCOME_COLORS: Record<string, string> = {
  applied: 'green',
  duplicate: 'default',
  rejected: 'red',
};
