import { z } from 'zod';
import type { MappedEvent } from '../mapping/outbound.js';
import type { ErpAdapter } from './erp.js';
import { failureText } from './erp-generic-json.js';

export const u8Options = z.object({
  /** The U8 OpenAPI gateway (default https://api.yonyouup.com). */
  url: z.url({ protocol: /^https?$/ }).default('https://api.yonyouup.com'),
  fromAccount: z.string().min(1).max(100),
  toAccount: z.string().min(1).max(100),
  appKey: z.string().min(1).max(200),
  appSecret: z.string().min(1).max(200),
  /** The data source (账套) when the account has several. */
  dsSequence: z.string().min(1).max(20).optional(),
  timeoutMs: z.number().int().min(500).max(120_000).default(15_000),
});
type U8Options = z.infer<typeof u8Options>;

interface U8Answer {
  errcode?: string | number;
  errmsg?: string;
  token?: { id?: string; expiresIn?: number };
}

/**
 * `yonyou-u8` (用友 U8 OpenAPI): gets a token (`GET /system/token?from_account&app_key&app_secret`),
 * then POSTs each mapped record to `/api/{entity}/add` as `{ "<entity>": record }`, the entity
 * coming from the connector's mapping (a list is sent one record at a time). `errcode` other than
 * "0" is a failure worded by `errmsg`; an answer that says the token is invalid gets a new token once.
 */
export function u8Adapter(now: () => number = Date.now): ErpAdapter {
  const tokens = new Map<string, { id: string; until: number }>();

  async function call(options: U8Options, path: string, query: Record<string, string>, body?: unknown) {
    const url = new URL(path, options.url.endsWith('/') ? options.url : `${options.url}/`);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    let res: Response;
    try {
      res = await fetch(url, {
        method: body === undefined ? 'GET' : 'POST',
        headers: {
          'User-Agent': 'shopfloor-sync',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (err) {
      throw new Error(failureText('yonyou-u8', err, options.timeoutMs));
    }
    const text = await res.text();
    if (!res.ok) throw new Error(`yonyou-u8: HTTP ${res.status} ${text.slice(0, 200)}`.trim());
    try {
      return JSON.parse(text) as U8Answer;
    } catch {
      throw new Error(`yonyou-u8: the answer is not JSON: ${text.slice(0, 200)}`);
    }
  }

  async function token(options: U8Options, key: string): Promise<string> {
    const known = tokens.get(key);
    if (known && known.until > now()) return known.id;
    const answer = await call(options, 'system/token', {
      from_account: options.fromAccount,
      app_key: options.appKey,
      app_secret: options.appSecret,
    });
    if (String(answer.errcode) !== '0' || !answer.token?.id) {
      throw new Error(
        `yonyou-u8: token refused (errcode ${answer.errcode ?? '?'}): ${answer.errmsg ?? 'no message'}`,
      );
    }
    // Renew a minute early; 2 hours when the answer does not say.
    const seconds = answer.token.expiresIn ?? 7200;
    tokens.set(key, { id: answer.token.id, until: now() + Math.max(0, seconds - 60) * 1000 });
    return answer.token.id;
  }

  return {
    options: u8Options,
    async deliver(event, raw) {
      const options = u8Options.parse(raw);
      const entity = (event as MappedEvent).mapped?.target;
      if (!entity) {
        throw new Error(
          `yonyou-u8: the connector's mapping has no outbound rule with an entity for topic '${event.topic}' ` +
            '(add one, or leave the topic out of the connector topics)',
        );
      }
      if (!/^[a-z][a-z0-9_]*$/i.test(entity))
        throw new Error(`yonyou-u8: '${entity}' is not an OpenAPI entity name`);
      const key = `${options.url}|${options.fromAccount}|${options.appKey}`;
      const records = Array.isArray(event.payload) ? event.payload : [event.payload];
      for (const record of records) {
        for (let attempt = 0; ; attempt++) {
          const answer = await call(
            options,
            `api/${entity}/add`,
            {
              from_account: options.fromAccount,
              to_account: options.toAccount,
              app_key: options.appKey,
              token: await token(options, key),
              ...(options.dsSequence ? { ds_sequence: options.dsSequence } : {}),
            },
            { [entity]: record },
          );
          if (String(answer.errcode) === '0') break;
          if (attempt === 0 && /token/i.test(answer.errmsg ?? '')) {
            tokens.delete(key);
            continue;
          }
          throw new Error(
            `yonyou-u8: ${entity} add failed (errcode ${answer.errcode ?? '?'}): ${answer.errmsg ?? ''}`.trim(),
          );
        }
      }
    },
  };
}
