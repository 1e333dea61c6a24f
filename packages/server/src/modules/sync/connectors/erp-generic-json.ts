import { z } from 'zod';
import type { MappedEvent } from '../mapping/outbound.js';
import type { ErpAdapter } from './erp.js';
import { signedHeaders } from './webhook.js';

export const genericJsonOptions = z.object({
  url: z.url({ protocol: /^https?$/ }),
  /** Signs each body like the webhook: X-Shopfloor-Signature = sha256=hex(HMAC-SHA256(secret, timestamp + "." + body)). */
  secret: z.string().min(16, 'use at least 16 characters'),
  timeoutMs: z.number().int().min(500).max(60_000).default(10_000),
});

/**
 * `generic-json`: POSTs the event's payload, as the connector's mapping made it, to `options.url`,
 * signed like the webhook, with `Idempotency-Key: <event id>` (the same on every retry). Any 2xx is
 * success; otherwise the status and the start of the answer are the delivery's error.
 */
export function genericJsonAdapter(
  nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
): ErpAdapter {
  return {
    options: genericJsonOptions,
    async deliver(event, raw) {
      const options = genericJsonOptions.parse(raw);
      const body = JSON.stringify(event.payload ?? null);
      const timestamp = nowSeconds();
      const target = (event as MappedEvent).mapped?.target;
      let res: Response;
      try {
        res = await fetch(options.url, {
          method: 'POST',
          headers: signedHeaders(
            event,
            options.secret,
            timestamp,
            body,
            target ? { 'X-Shopfloor-Target': target } : {},
          ),
          body,
          signal: AbortSignal.timeout(options.timeoutMs),
        });
      } catch (err) {
        throw new Error(failureText('generic-json', err, options.timeoutMs));
      }
      const text = await res.text().catch(() => '');
      if (!res.ok) throw new Error(`generic-json: HTTP ${res.status} ${text.slice(0, 200)}`.trim());
    },
  };
}

/** A network failure in words: time-outs by their limit, refused connections by their code. */
export function failureText(adapter: string, err: unknown, timeoutMs: number): string {
  const e = err as Error & { cause?: { code?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError')
    return `${adapter}: timed out after ${timeoutMs} ms`;
  return `${adapter}: unreachable (${e.cause?.code ?? e.message})`;
}
