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
} satisfies Record<ConnectorKind, z.ZodType>;

export type ConnectorConfig<K extends ConnectorKind> = z.infer<(typeof connectorConfigs)[K]>;

/** Kinds that turn events into chat messages: batched, at most one message a minute per connector. */
export const MESSAGE_KINDS: readonly ConnectorKind[] = [
  'dingtalk-robot',
  'wecom-robot',
  'dingtalk-notice',
  'wecom-message',
];

export const isMessageKind = (kind: ConnectorKind) => MESSAGE_KINDS.includes(kind);

/** Message connectors carry alerts unless told otherwise; the others carry every event. */
export const defaultTopics = (kind: ConnectorKind): string[] | null =>
  isMessageKind(kind) ? ['alert.opened'] : null;
