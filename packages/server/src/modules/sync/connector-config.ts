import { z } from 'zod';
import type { ConnectorKind } from '../../db/schema.js';

const httpUrl = z.url({ protocol: /^https?$/ });
/** The language alert messages are worded in: a group of Chinese staff reads Chinese (the default). */
const messageLocale = z.enum(['zh-CN', 'en']).default('zh-CN');

/** The record kinds the data hub exchanges (docs/sync-inbound.md). */
export const RECORD_KINDS = ['item', 'bomLine', 'workOrder', 'purchaseReceipt', 'stockSnapshot'] as const;
const recordKind = z.enum(RECORD_KINDS);
const fieldName = z.string().min(1).max(128);
const jsonPath = z
  .string()
  .max(200)
  .regex(/^(\$|\$?\.?[^.\s]+(\.[^.\s]+)*)?$/, 'must be a dotted path such as data.items');
/** SQL identifiers are checked here and quoted by the driver: nothing the admin types reaches SQL raw. */
export const SQL_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]{0,62}$/;
const tableName = /^[A-Za-z_][A-Za-z0-9_$]{0,62}(\.[A-Za-z_][A-Za-z0-9_$]{0,62})?$/;
const columnName = z.string().regex(SQL_IDENTIFIER, 'must be a column name: letters, digits, _ and $');

/** What each kind of connector needs. Secrets (webhook secret, robot tokens, AMQP password) stay in the database. */
export const connectorConfigs = {
  webhook: z.object({
    url: httpUrl,
    /** Signs each body: X-Shopfloor-Signature = sha256=hex(HMAC-SHA256(secret, timestamp + "." + body)). */
    secret: z.string().min(16, 'use at least 16 characters'),
    timeoutMs: z.number().int().min(500).max(30_000).default(10_000),
  }),
  rabbitmq: z.object({
    url: z.url({ protocol: /^amqps?$/ }),
    exchange: z.string().min(1).max(255),
    exchangeType: z.enum(['topic', 'fanout', 'direct']).default('topic'),
  }),
  erp: z.object({
    /** Name of an ErpAdapter registered in this server (see connectors/erp.ts). */
    adapter: z.string().min(1).max(64),
    options: z.record(z.string(), z.unknown()).default({}),
  }),
  'dingtalk-robot': z.object({
    accessToken: z.string().min(1),
    secret: z.string().min(1).optional(),
    locale: messageLocale,
  }),
  'wecom-robot': z.object({ key: z.string().min(1), locale: messageLocale }),
  'dingtalk-notice': z.object({
    userIds: z.array(z.string().min(1)).max(100).optional(),
    toAllUser: z.boolean().default(false),
    locale: messageLocale,
  }),
  'wecom-message': z.object({
    userIds: z.array(z.string().min(1)).max(1000).optional(),
    locale: messageLocale,
  }),
  /** Alerts as plain-text mail through SHOPFLOOR_SMTP_URL (or the connector's own smtpUrl). */
  email: z.object({
    to: z.array(z.email()).min(1).max(50),
    smtpUrl: z
      .string()
      .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
      .optional(),
    locale: messageLocale,
  }),
  // The inbound kinds (docs/sync-inbound-sources.md): they build envelopes of the other system's
  // records and hand them to the inbound applier, which maps them through the connector's mapping.
  'rabbitmq-inbound': z.object({
    url: z.url({ protocol: /^amqps?$/ }),
    /** Declared durable when absent, with the dead-letter exchange and queue `<queue>.dead`. */
    queue: z.string().min(1).max(200),
    prefetch: z.number().int().min(1).max(1000).default(100),
    /** For messages that carry their raw records instead of envelopes: the kind of those records… */
    kind: recordKind.optional(),
    /** …the record field (or else header x-source-id, or else the message id) that is the source id… */
    idField: fieldName.optional(),
    /** …and the field (or else header x-source-version, or else the message timestamp) that is its version. */
    versionField: fieldName.optional(),
  }),
  'http-poll': z.object({
    url: httpUrl,
    everyMinutes: z.number().int().min(1).max(1440).default(15),
    headers: z.record(z.string(), z.string()).default({}),
    timeoutMs: z.number().int().min(500).max(60_000).default(15_000),
    kind: recordKind,
    /** Where the records are in the answer: a dotted path (`data.items`); empty or `$` = the answer is the array. */
    recordsPath: jsonPath.default(''),
    idField: fieldName,
    versionField: fieldName,
    /** The query parameter that carries the last watermark (absent on the first poll). */
    sinceParam: z.string().min(1).max(64).default('since'),
    /** The record field whose greatest value becomes the next watermark (default: versionField)… */
    watermarkField: fieldName.optional(),
    /** …or a path in the answer that gives the next watermark itself (`meta.nextSince`). */
    watermarkPath: jsonPath.optional(),
  }),
  database: z.object({
    dialect: z.enum(['mysql', 'postgres']),
    url: z.string().regex(/^(mysql|mariadb|postgres(ql)?):\/\//, 'must be a mysql:// or postgres:// URL'),
    everyMinutes: z.number().int().min(1).max(1440).default(15),
    tables: z
      .array(
        z.object({
          /** A table or view, optionally schema-qualified: `erp.v_stock`. */
          table: z
            .string()
            .regex(
              tableName,
              'must be a table or view name: letters, digits, _ and $, optionally schema.name',
            ),
          kind: recordKind,
          idColumn: columnName,
          /** The source version; the watermark value (as text) when absent. */
          versionColumn: columnName.optional(),
          watermarkColumn: columnName,
          batchSize: z.number().int().min(1).max(10_000).default(1000),
        }),
      )
      .min(1)
      .max(20)
      .refine((ts) => new Set(ts.map((t) => t.table)).size === ts.length, 'each table once'),
  }),
} satisfies Record<ConnectorKind, z.ZodType>;

export type ConnectorConfig<K extends ConnectorKind> = z.infer<(typeof connectorConfigs)[K]>;

/** Kinds that turn events into chat messages: batched, at most one message a minute per connector. */
export const MESSAGE_KINDS: readonly ConnectorKind[] = [
  'dingtalk-robot',
  'wecom-robot',
  'dingtalk-notice',
  'wecom-message',
  'email',
];

/** Kinds that bring the other system's records in; they are sent no events. */
export const INBOUND_KINDS: readonly ConnectorKind[] = ['rabbitmq-inbound', 'http-poll', 'database'];

export const isInboundKind = (kind: ConnectorKind) => INBOUND_KINDS.includes(kind);

export const isMessageKind = (kind: ConnectorKind) => MESSAGE_KINDS.includes(kind);

/** Message connectors carry alerts unless told otherwise; the others carry every event. */
export const defaultTopics = (kind: ConnectorKind): string[] | null =>
  isInboundKind(kind) ? [] : isMessageKind(kind) ? ['alert.opened'] : null;
