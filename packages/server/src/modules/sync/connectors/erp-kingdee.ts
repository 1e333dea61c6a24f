import { z } from 'zod';
import type { MappedEvent } from '../mapping/outbound.js';
import type { ErpAdapter } from './erp.js';
import { failureText } from './erp-generic-json.js';

export const kingdeeOptions = z
  .object({
    /** The K/3 Cloud site, e.g. http://erp.example.com/k3cloud/ (the WebAPI services are under it). */
    url: z.url({ protocol: /^https?$/ }),
    /** 数据中心 id (acctID). */
    acctId: z.string().min(1).max(100),
    username: z.string().min(1).max(100),
    /** ValidateUser with a password, or LoginByAppSecret with a third-party app (appId + appSecret). */
    password: z.string().min(1).max(200).optional(),
    appId: z.string().min(1).max(200).optional(),
    appSecret: z.string().min(1).max(200).optional(),
    /** 2052 Simplified Chinese, 1033 English, 3076 Traditional Chinese. */
    lcid: z.number().int().default(2052),
    timeoutMs: z.number().int().min(500).max(120_000).default(15_000),
  })
  .refine((o) => o.password !== undefined || (o.appId !== undefined && o.appSecret !== undefined), {
    message: 'give password, or appId and appSecret',
    path: ['password'],
  });
type KingdeeOptions = z.infer<typeof kingdeeOptions>;

const SERVICE = 'Kingdee.BOS.WebApi.ServicesStub';
export const KINGDEE_PATHS = {
  validateUser: `${SERVICE}.AuthService.ValidateUser.common.kdsvc`,
  loginByAppSecret: `${SERVICE}.AuthService.LoginByAppSecret.common.kdsvc`,
  save: `${SERVICE}.DynamicFormService.Save.common.kdsvc`,
  batchSave: `${SERVICE}.DynamicFormService.BatchSave.common.kdsvc`,
};

interface KingdeeStatus {
  IsSuccess?: boolean;
  MsgCode?: number;
  Errors?: { FieldName?: string | null; Message?: string | null }[];
}

/** MsgCode 1: the session (context) was lost or expired; log in again. */
const SESSION_LOST = 1;

/**
 * `kingdee-k3cloud` (金蝶云星空): logs in (ValidateUser with acctId/username/password, or
 * LoginByAppSecret with appId/appSecret), keeps the session cookies, and saves each event's mapped
 * record with DynamicFormService.Save `{formid, data: {Model}}` (BatchSave for a list), the form id
 * coming from the connector's mapping. `Result.ResponseStatus.IsSuccess` false is a failure worded
 * by its `Errors[].Message`; a lost session (MsgCode 1) logs in again once.
 */
export function kingdeeAdapter(): ErpAdapter {
  const sessions = new Map<string, string>();

  async function post(options: KingdeeOptions, path: string, body: unknown, cookie?: string) {
    const base = options.url.endsWith('/') ? options.url : `${options.url}/`;
    let res: Response;
    try {
      res = await fetch(new URL(path, base), {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'shopfloor-sync',
          ...(cookie ? { Cookie: cookie } : {}),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (err) {
      throw new Error(failureText('kingdee-k3cloud', err, options.timeoutMs));
    }
    const text = await res.text();
    if (!res.ok) throw new Error(`kingdee-k3cloud: HTTP ${res.status} ${text.slice(0, 200)}`.trim());
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error(`kingdee-k3cloud: the answer is not JSON: ${text.slice(0, 200)}`);
    }
    return { res, json };
  }

  async function login(options: KingdeeOptions, key: string): Promise<string> {
    const byApp = options.appId !== undefined && options.appSecret !== undefined;
    const { res, json } = await post(
      options,
      byApp ? KINGDEE_PATHS.loginByAppSecret : KINGDEE_PATHS.validateUser,
      byApp
        ? {
            acctID: options.acctId,
            username: options.username,
            appId: options.appId,
            appSecret: options.appSecret,
            lcid: options.lcid,
          }
        : {
            acctID: options.acctId,
            username: options.username,
            password: options.password,
            lcid: options.lcid,
          },
    );
    const answer = json as {
      LoginResultType?: number;
      Message?: string | null;
      KDSVCSessionId?: string | null;
    };
    if (answer.LoginResultType !== 1) {
      throw new Error(
        `kingdee-k3cloud: login refused (LoginResultType ${answer.LoginResultType ?? '?'}): ${answer.Message ?? 'no message'}`,
      );
    }
    const cookies = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!.trim())
      .filter(Boolean);
    if (answer.KDSVCSessionId && !cookies.some((c) => c.startsWith('kdservice-sessionid='))) {
      cookies.push(`kdservice-sessionid=${answer.KDSVCSessionId}`);
    }
    if (cookies.length === 0) throw new Error('kingdee-k3cloud: login gave no session cookie');
    const cookie = cookies.join('; ');
    sessions.set(key, cookie);
    return cookie;
  }

  return {
    options: kingdeeOptions,
    async deliver(event, raw) {
      const options = kingdeeOptions.parse(raw);
      const formid = (event as MappedEvent).mapped?.target;
      if (!formid) {
        throw new Error(
          `kingdee-k3cloud: the connector's mapping has no outbound rule with a form id for topic '${event.topic}' ` +
            '(add one, or leave the topic out of the connector topics)',
        );
      }
      const key = `${options.url}|${options.acctId}|${options.username}`;
      const list = Array.isArray(event.payload);
      const body = { formid, data: { Model: event.payload } };
      for (let attempt = 0; ; attempt++) {
        const cookie = sessions.get(key) ?? (await login(options, key));
        const { json } = await post(
          options,
          list ? KINGDEE_PATHS.batchSave : KINGDEE_PATHS.save,
          body,
          cookie,
        );
        const status = (json as { Result?: { ResponseStatus?: KingdeeStatus } }).Result?.ResponseStatus;
        if (!status) throw new Error('kingdee-k3cloud: the answer has no Result.ResponseStatus');
        if (status.IsSuccess) return;
        if (status.MsgCode === SESSION_LOST && attempt === 0) {
          sessions.delete(key);
          continue;
        }
        const messages = (status.Errors ?? [])
          .map((e) => [e.FieldName, e.Message].filter(Boolean).join(': '))
          .filter(Boolean);
        throw new Error(
          `kingdee-k3cloud: ${formid} Save failed: ${messages.join('; ') || `MsgCode ${status.MsgCode ?? '?'}`}`,
        );
      }
    },
  };
}
