import type { Kysely } from 'kysely';
import { HttpResponse, http } from 'msw';
import type { ServerConfig } from '../src/config.js';
import type { Database } from '../src/db/schema.js';
import { signSession } from '../src/http/session.js';
import { findUser, toPrincipal } from '../src/modules/auth/store.js';
import { DINGTALK_BASE, platformEnv, WECOM_BASE } from './fixtures-platform.js';
import { seedProduction } from './fixtures-production.js';
import type { TestClock, TestServer } from './harness.js';

export const PUBLIC_URL = 'https://mes.example.cn';
export const env = { ...platformEnv, SHOPFLOOR_PUBLIC_URL: PUBLIC_URL };

/** One call the fake platforms received, with the test clock's time when it arrived. */
export interface PlatformCall {
  api: 'dingtalk.notice' | 'wecom.send';
  at: number;
  /** The platform user ids addressed. */
  to: string[];
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: the platform's JSON body, read by assertions
  body: Record<string, any>;
}

/** msw handlers for the two message APIs; `failWeCom` makes the next WeCom sends answer HTTP 502. */
export function messageHandlers(
  calls: PlatformCall[],
  clock: () => TestClock | undefined,
  fail: { wecom: number },
) {
  const now = () => clock()?.now().getTime() ?? 0;
  return [
    http.post(`${DINGTALK_BASE}/topapi/message/corpconversation/asyncsend_v2`, async ({ request }) => {
      // biome-ignore lint/suspicious/noExplicitAny: JSON body
      const body = (await request.json()) as Record<string, any>;
      calls.push({
        api: 'dingtalk.notice',
        at: now(),
        to: String(body.userid_list ?? '').split(','),
        text: String(body.msg?.markdown?.text ?? ''),
        body,
      });
      return HttpResponse.json({ errcode: 0, task_id: calls.length });
    }),
    http.post(`${WECOM_BASE}/cgi-bin/message/send`, async ({ request }) => {
      // biome-ignore lint/suspicious/noExplicitAny: JSON body
      const body = (await request.json()) as Record<string, any>;
      if (fail.wecom > 0) {
        fail.wecom--;
        return new HttpResponse('busy', { status: 502 });
      }
      calls.push({
        api: 'wecom.send',
        at: now(),
        to: String(body.touser ?? '').split('|'),
        text: String(body.markdown?.content ?? ''),
        body,
      });
      return HttpResponse.json({ errcode: 0, msgid: `m${calls.length}` });
    }),
  ];
}

/** The alert ids a digest links to. */
export const linkedAlerts = (text: string): string[] =>
  [...text.matchAll(/pages\/alerts\/index\?id=([0-9a-f-]{36})/g)].map((m) => m[1]!);

/**
 * The production fixture plus the people alerts go to: 李师傅 (op-li, owner of assembly
 * operations) on DingTalk, 马主任 (sv-ma, supervisor of 总装车间 WS-ASM) on WeCom, 周计划 (pl-zhou)
 * by e-mail, 丁主管 (ap-ding, approver of WH-RM) on DingTalk.
 */
export async function seedAlertPeople(db: Kysely<Database>, config: ServerConfig): Promise<void> {
  await seedProduction(db, config);
  const org = config.orgId;
  await db
    .insertInto('users')
    .values([
      {
        org_id: org,
        id: 'sv-ma',
        name: '马主任',
        roles: ['planner'],
        workshops: ['WS-ASM'],
        platform: 'wecom',
        platform_user_id: 'ma',
      },
      {
        org_id: org,
        id: 'ap-ding',
        name: '丁主管',
        roles: ['approver'],
        warehouses: ['WH-RM'],
        platform: 'dingtalk',
        platform_user_id: 'ding-1',
      },
    ])
    .execute();
  await db
    .updateTable('users')
    .set({ platform: 'dingtalk', platform_user_id: 'li-ding' })
    .where('id', '=', 'op-li')
    .execute();
  await db
    .updateTable('users')
    .set({ email: 'zhou@factory.example.cn' })
    .where('id', '=', 'pl-zhou')
    .execute();
  await db.updateTable('workshops').set({ supervisor: 'sv-ma' }).where('code', '=', 'WS-ASM').execute();
}

/** A bearer token for a fixture user (the server runs without dev-login once platforms are configured). */
export async function tokenFor(server: TestServer, userId: string): Promise<string> {
  const row = await findUser(server.database.db, server.deps.config.orgId, userId);
  if (!row) throw new Error(`no fixture user ${userId}`);
  return signSession(
    toPrincipal(row),
    server.deps.secrets.session,
    Math.floor(server.clock.now().getTime() / 1000),
  );
}

/** A JSON call to the API as a user: status and body. */
export async function api(
  server: TestServer,
  userId: string,
  method: string,
  path: string,
  body?: unknown,
  // biome-ignore lint/suspicious/noExplicitAny: JSON answers, read by assertions
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${await tokenFor(server, userId)}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}
