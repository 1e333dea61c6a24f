import type { Db } from '../http/route.js';

export interface DomainEvent {
  orgId: string;
  /** Dotted, past tense: 'operation-report.created', 'stock.moved', 'issue-request.approved'. */
  topic: string;
  aggregateType: string;
  aggregateId: string;
  payload: unknown;
}

/** Writes an event in the caller's transaction: it is delivered if and only if the change commits. */
export async function emitEvent(db: Db, event: DomainEvent): Promise<void> {
  await db
    .insertInto('outbox_events')
    .values({
      org_id: event.orgId,
      topic: event.topic,
      aggregate_type: event.aggregateType,
      aggregate_id: event.aggregateId,
      payload: JSON.stringify(event.payload),
    })
    .execute();
}
