import type { ConnectorKind } from '../../../db/schema.js';

/** An outbox event as connectors see it. */
export interface OutboxEvent {
  id: number;
  orgId: string;
  topic: string;
  aggregateType: string;
  aggregateId: string;
  payload: unknown;
  createdAt: Date;
}

export interface Connector {
  id: string;
  orgId: string;
  kind: ConnectorKind;
  name: string;
  config: Record<string, unknown>;
}

/** attempted=false: not tried because an earlier event of the same batch showed the target is down. */
export type DeliveryOutcome = { ok: true } | { ok: false; error: string; attempted: boolean };

/** Delivers a batch of events to one connector; answers one outcome per event, in order. */
export interface ConnectorDriver {
  deliver(connector: Connector, events: readonly OutboxEvent[]): Promise<DeliveryOutcome[]>;
  /** Releases long-lived resources (AMQP connections). */
  close?(): Promise<void>;
}

export const failAll = (events: readonly OutboxEvent[], error: string): DeliveryOutcome[] =>
  events.map(() => ({ ok: false, error, attempted: true }));

export const errorText = (err: unknown): string =>
  (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').slice(0, 500);
