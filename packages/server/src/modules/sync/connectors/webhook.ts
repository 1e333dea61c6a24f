import { createHmac } from 'node:crypto';
import { isoShanghai } from '../../../shared/time.js';
import type { ConnectorConfig } from '../connector-config.js';
import type { ConnectorDriver, DeliveryOutcome, OutboxEvent } from './types.js';

/** The JSON a webhook receives for one event. */
export function webhookBody(event: OutboxEvent): string {
  return JSON.stringify({
    id: String(event.id),
    topic: event.topic,
    orgId: event.orgId,
    aggregate: { type: event.aggregateType, id: event.aggregateId },
    createdAt: isoShanghai(event.createdAt),
    payload: event.payload,
  });
}

/** hex(HMAC-SHA256(secret, `${timestamp}.${body}`)): the receiver recomputes it to trust the body. */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** The headers of a signed JSON POST of one event (webhooks and the generic-json ERP adapter). */
export function signedHeaders(
  event: OutboxEvent,
  secret: string,
  timestamp: number,
  body: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    'Content-Type': 'application/json',
    'User-Agent': 'shopfloor-sync',
    'Idempotency-Key': String(event.id),
    'X-Shopfloor-Event-Id': String(event.id),
    'X-Shopfloor-Topic': event.topic,
    ...extra,
    'X-Shopfloor-Timestamp': String(timestamp),
    'X-Shopfloor-Signature': `sha256=${webhookSignature(secret, timestamp, body)}`,
  };
}

/**
 * POSTs each event as JSON with `Idempotency-Key: <event id>` (a receiver dedupes redeliveries by it)
 * and an HMAC-SHA256 signature. Any 2xx is success. After one failure the rest of the batch waits.
 */
export function webhookDriver(nowSeconds: () => number): ConnectorDriver {
  return {
    async deliver(connector, events) {
      const config = connector.config as ConnectorConfig<'webhook'>;
      const outcomes: DeliveryOutcome[] = [];
      let failure: string | null = null;
      for (const event of events) {
        if (failure) {
          outcomes.push({ ok: false, error: failure, attempted: false });
          continue;
        }
        const body = webhookBody(event);
        const timestamp = nowSeconds();
        try {
          const res = await fetch(config.url, {
            method: 'POST',
            headers: signedHeaders(event, config.secret, timestamp, body),
            body,
            signal: AbortSignal.timeout(config.timeoutMs ?? 10_000),
          });
          void res.body?.cancel().catch(() => undefined);
          if (res.ok) outcomes.push({ ok: true });
          else failure = `webhook answered HTTP ${res.status}`;
        } catch (err) {
          const e = err as Error & { cause?: { code?: string } };
          failure =
            e.name === 'TimeoutError'
              ? `webhook timed out after ${config.timeoutMs ?? 10_000} ms`
              : `webhook unreachable (${e.cause?.code ?? e.message})`;
        }
        if (failure) outcomes.push({ ok: false, error: failure, attempted: true });
      }
      return outcomes;
    },
  };
}
