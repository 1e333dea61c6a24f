import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient, type ShopfloorClient } from '@shopfloor/sdk';
import { HttpResponse, http } from 'msw';
import { signSession } from '../src/http/session.js';
import { findUser, toPrincipal } from '../src/modules/auth/store.js';
import type { TestServer } from './harness.js';

export const DINGTALK_BASE = 'https://oapi.dingtalk.test';
export const WECOM_BASE = 'https://qyapi.wecom.test';

/** Both platforms configured: demo mode (and dev-login) is off. */
export const platformEnv = {
  SHOPFLOOR_DEMO: 'auto',
  DINGTALK_CORP_ID: 'ding-corp-server',
  DINGTALK_APP_KEY: 'ding-app-key',
  DINGTALK_APP_SECRET: 'ding-app-secret-never-shown',
  DINGTALK_AGENT_ID: '300001',
  DINGTALK_API_BASE: DINGTALK_BASE,
  WECOM_CORP_ID: 'ww-corp-server',
  WECOM_AGENT_ID: '1000002',
  WECOM_SECRET: 'wecom-secret-never-shown',
  WECOM_API_BASE: WECOM_BASE,
};

export const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

/** A client for a fixture user, with a session signed the way logins sign it (for servers without dev-login). */
export async function clientFor(server: TestServer, userId: string): Promise<ShopfloorClient> {
  const row = await findUser(server.database.db, server.deps.config.orgId, userId);
  if (!row) throw new Error(`no fixture user ${userId}`);
  const token = await signSession(
    toPrincipal(row),
    server.deps.secrets.session,
    Math.floor(server.clock.now().getTime() / 1000),
  );
  return createClient({ baseUrl: server.url, token, retry: { limit: 0 } });
}

/** What the fake DingTalk and WeCom saw, and the users they know. */
export interface FakePlatforms {
  calls: { api: string; query: Record<string, string>; body?: unknown }[];
  count(api: string): number;
  reset(): void;
}

/** Users behind codes: `code-<userid>` is a good code; `bad-code` is refused; `down` fails at the network. */
export function platformHandlers(fake: FakePlatforms['calls']) {
  const record = async (api: string, request: Request) => {
    const url = new URL(request.url);
    const body = request.method === 'POST' ? await request.clone().json() : undefined;
    fake.push({ api, query: Object.fromEntries(url.searchParams), body });
    return { url, body: body as Record<string, unknown> | undefined };
  };
  return [
    http.get(`${DINGTALK_BASE}/gettoken`, async ({ request }) => {
      const { url } = await record('dingtalk.gettoken', request);
      if (url.searchParams.get('appsecret') !== platformEnv.DINGTALK_APP_SECRET) {
        return HttpResponse.json({ errcode: 40089, errmsg: 'invalid appkey or appsecret' });
      }
      return HttpResponse.json({ errcode: 0, access_token: 'DT-TOKEN', expires_in: 7200 });
    }),
    http.post(`${DINGTALK_BASE}/topapi/v2/user/getuserinfo`, async ({ request }) => {
      const { body } = await record('dingtalk.getuserinfo', request);
      const code = String(body?.code ?? '');
      if (code === 'down') return HttpResponse.error();
      if (code === 'http-500') return new HttpResponse('oops', { status: 502 });
      if (!code.startsWith('code-'))
        return HttpResponse.json({ errcode: 40078, errmsg: '不存在的临时授权码' });
      const userid = code.slice('code-'.length);
      return HttpResponse.json({ errcode: 0, result: { userid, name: `钉钉用户 ${userid}` } });
    }),
    http.get(`${WECOM_BASE}/cgi-bin/gettoken`, async ({ request }) => {
      await record('wecom.gettoken', request);
      return HttpResponse.json({ errcode: 0, access_token: 'WC-TOKEN', expires_in: 7200 });
    }),
    http.get(`${WECOM_BASE}/cgi-bin/auth/getuserinfo`, async ({ request }) => {
      const { url } = await record('wecom.getuserinfo', request);
      const code = url.searchParams.get('code') ?? '';
      if (code === 'down') return HttpResponse.error();
      if (code === 'outsider') return HttpResponse.json({ errcode: 0, openid: 'o-123' });
      if (!code.startsWith('code-')) return HttpResponse.json({ errcode: 40029, errmsg: 'invalid code' });
      return HttpResponse.json({ errcode: 0, userid: code.slice('code-'.length) });
    }),
    http.get(`${WECOM_BASE}/cgi-bin/get_jsapi_ticket`, async ({ request }) => {
      await record('wecom.corp-ticket', request);
      return HttpResponse.json({ errcode: 0, ticket: 'CORP-TICKET', expires_in: 7200 });
    }),
    http.get(`${WECOM_BASE}/cgi-bin/ticket/get`, async ({ request }) => {
      const { url } = await record('wecom.agent-ticket', request);
      if (url.searchParams.get('type') !== 'agent_config')
        return HttpResponse.json({ errcode: 40004, errmsg: 'bad type' });
      return HttpResponse.json({ errcode: 0, ticket: 'AGENT-TICKET', expires_in: 7200 });
    }),
  ];
}

export function fakePlatforms(): FakePlatforms {
  const calls: FakePlatforms['calls'] = [];
  return {
    calls,
    count: (api) => calls.filter((c) => c.api === api).length,
    reset: () => {
      calls.length = 0;
    },
  };
}

export interface ReceivedDelivery {
  id: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real webhook receiver on 127.0.0.1 that answers 503 to the next `failNext` deliveries. */
export interface WebhookReceiver {
  url: string;
  failNext: number;
  /** Every request, including failed ones. */
  requests: ReceivedDelivery[];
  /** Accepted deliveries, deduplicated by Idempotency-Key as a careful receiver would. */
  accepted: Map<string, ReceivedDelivery>;
  /** How many times each event id was accepted before deduplication (should stay 1). */
  acceptedCount: Map<string, number>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const receiver = {
    url: '',
    failNext: 0,
    requests: [] as ReceivedDelivery[],
    accepted: new Map<string, ReceivedDelivery>(),
    acceptedCount: new Map<string, number>(),
    close: async (): Promise<void> => undefined,
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const delivery = {
        id: String(req.headers['idempotency-key']),
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      receiver.requests.push(delivery);
      if (receiver.failNext > 0) {
        receiver.failNext--;
        res.writeHead(503).end('try later');
        return;
      }
      receiver.acceptedCount.set(delivery.id, (receiver.acceptedCount.get(delivery.id) ?? 0) + 1);
      if (!receiver.accepted.has(delivery.id)) receiver.accepted.set(delivery.id, delivery);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  receiver.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return receiver;
}
