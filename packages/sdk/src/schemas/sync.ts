import * as z from 'zod/mini';
import { DocumentRef, described, Id, IsoDateTime, int, named, text } from './common.js';

/**
 * webhook, rabbitmq, erp carry change events out; the robot/notice/message and email kinds carry
 * alerts to people; rabbitmq-inbound, http-poll and database bring the other system's records in.
 */
export const SyncConnectorKind = z.enum([
  'webhook',
  'rabbitmq',
  'erp',
  'dingtalk-robot',
  'wecom-robot',
  'dingtalk-notice',
  'wecom-message',
  'email',
  'rabbitmq-inbound',
  'http-poll',
  'database',
]);
export type SyncConnectorKind = z.infer<typeof SyncConnectorKind>;

const maybeTime = z.optional(z.nullable(IsoDateTime));

/** Where change events are delivered (an ERP, a webhook, a message queue). Secrets never leave the server. */
export const SyncConnector = named(
  z.object({
    id: Id,
    kind: SyncConnectorKind,
    name: text(100),
    enabled: z.boolean(),
    topics: z.optional(described(z.array(z.string()), 'Event topics delivered; all when absent')),
    lastSuccessAt: maybeTime,
    lastError: z.optional(z.nullable(z.string())),
    alertAfterFailures: z.optional(int(1)),
    settings: z.optional(described(z.record(z.string(), z.unknown()), 'Its config without the secrets')),
  }),
  'SyncConnector',
);
export type SyncConnector = z.infer<typeof SyncConnector>;

export const SyncEventStatus = z.enum(['pending', 'delivered', 'failed', 'dead']);
export type SyncEventStatus = z.infer<typeof SyncEventStatus>;

/** One change event on its way to one connector (transactional outbox row). */
export const SyncEvent = named(
  z.object({
    id: Id,
    connector: Id,
    topic: described(z.string(), 'e.g. operation-report.created, stock-movement.posted'),
    subject: DocumentRef,
    status: SyncEventStatus,
    attempts: int(0),
    nextAttemptAt: maybeTime,
    lastError: z.optional(z.nullable(z.string())),
    createdAt: IsoDateTime,
    deliveredAt: maybeTime,
  }),
  'SyncEvent',
);
export type SyncEvent = z.infer<typeof SyncEvent>;
