import { z } from 'zod';
import type { ConnectorKind } from '../../db/schema.js';

const httpUrl = z.url({ protocol: /^https?$/ });
/** The language alert messages are worded in: a group of Chinese staff reads Chinese (the default). */
const messageLocale = z.enum(['zh-CN', 'en']).default('zh-CN');

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
  // The inbound kinds: their config is owned by modules/sync/inbound (see docs/sync-inbound.md).
  'rabbitmq-inbound': z.object({
    url: z.url({ protocol: /^amqps?$/ }),
    queue: z.string().min(1).max(255),
    prefetch: z.number().int().min(1).max(1000).default(100),
  }),
  'http-poll': z.object({
    url: httpUrl,
    everyMinutes: z.number().int().min(1).max(1440).default(15),
    headers: z.record(z.string(), z.string()).default({}),
    timeoutMs: z.number().int().min(500).max(60_000).default(15_000),
  }),
  database: z.object({
    dialect: z.enum(['mysql', 'postgres']),
    url: z.string().regex(/^(mysql|mariadb|postgres(ql)?):\/\//, 'must be a mysql:// or postgres:// URL'),
    everyMinutes: z.number().int().min(1).max(1440).default(15),
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
