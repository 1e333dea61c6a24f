import { AuthError, ForbiddenError } from '@shopfloor/sdk';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedUsers } from './fixtures.js';
import { clientFor, fakePlatforms, platformEnv, platformHandlers, sha1 } from './fixtures-platform.js';
import { backends, startTestServer, type TestServer } from './harness.js';

const fake = fakePlatforms();
const msw = setupServer(...platformHandlers(fake.calls));
const TWO_HOURS_MS = 2 * 3600 * 1000;

beforeAll(() => msw.listen({ onUnhandledRequest: 'bypass' }));
afterAll(() => msw.close());

describe.each(backends())('DingTalk and WeCom sign-in on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      backend,
      env: platformEnv,
      seed: async (db, config) => {
        await seedUsers(db, config);
        await db
          .updateTable('users')
          .set({ platform: 'dingtalk', platform_user_id: 'ding-li' })
          .where('id', '=', 'op-li')
          .execute();
        await db
          .updateTable('users')
          .set({ platform: 'wecom', platform_user_id: 'ZhaoZhuGuan' })
          .where('id', '=', 'ap-zhao')
          .execute();
      },
    });
  });
  afterAll(() => server?.close());
  beforeEach(() => fake.reset());

  /** Runs `work` two hours later (every cached token and ticket has expired), then comes back:
   *  session tokens must not be issued after the real time, which the JWT check compares against. */
  async function afterTokensExpire<T>(work: () => Promise<T>): Promise<T> {
    server.clock.advance(TWO_HOURS_MS);
    try {
      return await work();
    } finally {
      server.clock.advance(-TWO_HOURS_MS);
    }
  }

  const post = (path: string, body: unknown) =>
    fetch(`${server.url}/api/v1${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('signs in a DingTalk user by code and answers a session the API accepts', async () => {
    const session = await server.anonymous.auth.dingtalk({ code: 'code-ding-li' });
    expect(session.user).toMatchObject({ id: 'op-li', roles: ['operator'], platform: 'dingtalk' });
    const me = await fetch(`${server.url}/api/v1/auth/me`, {
      headers: { Authorization: `Bearer ${session.token}` },
    });
    expect(await me.json()).toMatchObject({ id: 'op-li' });
  });

  it('signs in a WeCom member by OAuth code', async () => {
    const session = await server.anonymous.auth.wecom({ code: 'code-ZhaoZhuGuan' });
    expect(session.user).toMatchObject({ id: 'ap-zhao', roles: ['approver'], platform: 'wecom' });
  });

  it('answers 401 for a code the platform refuses, naming the errcode and no secret', async () => {
    for (const path of ['/auth/dingtalk', '/auth/wecom']) {
      const res = await post(path, { code: 'stale' });
      expect(res.status).toBe(401);
      const problem = await res.json();
      expect(problem.detail).toMatch(/errcode (40078|40029)/);
      expect(JSON.stringify(problem)).not.toMatch(/secret-never-shown|DT-TOKEN|WC-TOKEN/);
    }
    await expect(server.anonymous.auth.dingtalk({ code: 'stale' })).rejects.toBeInstanceOf(AuthError);
  });

  it('answers 503 when the platform is unreachable or failing, never 500', async () => {
    for (const [path, code] of [
      ['/auth/dingtalk', 'down'],
      ['/auth/dingtalk', 'http-500'],
      ['/auth/wecom', 'down'],
    ] as const) {
      const res = await post(path, { code });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBeTruthy();
      const problem = await res.json();
      expect(problem.type).toBe('/problems/platform-unavailable');
      expect(JSON.stringify(problem)).not.toMatch(/secret-never-shown|access_token|TOKEN/);
    }
  });

  it('fetches the access token once for many logins, and again only after it expires', async () => {
    await afterTokensExpire(async () => {
      await Promise.all(
        Array.from({ length: 5 }, () => server.anonymous.auth.dingtalk({ code: 'code-ding-li' })),
      );
      await server.anonymous.auth.dingtalk({ code: 'code-ding-li' });
    });
    expect(fake.count('dingtalk.getuserinfo')).toBe(6);
    expect(fake.count('dingtalk.gettoken')).toBe(1);
    expect(fake.calls.find((c) => c.api === 'dingtalk.getuserinfo')?.query.access_token).toBe('DT-TOKEN');
  });

  it('ignores a corpId sent by the client: the server exchanges with its own corp', async () => {
    const res = await afterTokensExpire(() =>
      post('/auth/wecom', { code: 'code-ZhaoZhuGuan', corpId: 'ww-evil-corp', corpid: 'ww-evil-corp' }),
    );
    expect(res.status).toBe(200);
    const tokenCalls = fake.calls.filter((c) => c.api === 'wecom.gettoken');
    expect(tokenCalls.length).toBe(1);
    expect(tokenCalls[0]?.query.corpid).toBe(platformEnv.WECOM_CORP_ID);
    expect(JSON.stringify(fake.calls)).not.toContain('ww-evil-corp');
  });

  it('records an unknown platform user without roles and refuses them until an admin grants one', async () => {
    const first = await post('/auth/dingtalk', { code: 'code-new-hire' });
    expect(first.status).toBe(403);
    expect((await first.json()).detail).toContain('not registered in Shopfloor');
    const row = await server.database.db
      .selectFrom('users')
      .selectAll()
      .where('platform', '=', 'dingtalk')
      .where('platform_user_id', '=', 'new-hire')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ id: 'dt-new-hire', roles: [], name: '钉钉用户 new-hire' });
    await expect(server.anonymous.auth.dingtalk({ code: 'code-new-hire' })).rejects.toBeInstanceOf(
      ForbiddenError,
    );

    const admin = await clientFor(server, 'admin');
    await admin.request({
      method: 'PUT',
      path: '/users/dt-new-hire/roles',
      // Operator alone applies at once; a workshop would wait for a second administrator.
      body: { roles: ['operator'], workshops: [], warehouses: [] },
    });
    const session = await server.anonymous.auth.dingtalk({ code: 'code-new-hire' });
    expect(session.user).toMatchObject({ id: 'dt-new-hire', roles: ['operator'] });
    const provisioned = await server.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor'])
      .where('subject_id', '=', 'dt-new-hire')
      .orderBy('id')
      .execute();
    expect(provisioned.map((a) => a.action)).toEqual(['user.provisioned', 'user.roles.changed']);
  });

  it('refuses a WeCom code of someone outside the corp', async () => {
    const res = await post('/auth/wecom', { code: 'outsider' });
    expect(res.status).toBe(401);
  });

  it('signs a page for the WeCom JS-SDK exactly as WeCom does, without the #fragment', async () => {
    const client = await clientFor(server, 'ap-zhao');
    const page = 'https://mes.example.com/app/?code=abc&state=1';
    for (const kind of ['corp', 'agent'] as const) {
      const s = await client.auth.wecomJsSignature({ url: `${page}#/pages/approve/index?id=7`, kind });
      const ticket = kind === 'corp' ? 'CORP-TICKET' : 'AGENT-TICKET';
      expect(s.signature).toBe(
        sha1(`jsapi_ticket=${ticket}&noncestr=${s.nonceStr}&timestamp=${s.timestamp}&url=${page}`),
      );
      expect(s.timestamp).toBe(Math.floor(server.clock.now().getTime() / 1000));
      expect(s.corpId).toBe(platformEnv.WECOM_CORP_ID);
      expect(s.agentId).toBe(kind === 'agent' ? platformEnv.WECOM_AGENT_ID : undefined);
    }
  });

  it('caches jsapi tickets: one ticket call per kind for many signatures', async () => {
    const client = await clientFor(server, 'op-li');
    await afterTokensExpire(async () => {
      for (let i = 0; i < 3; i++) {
        await client.auth.wecomJsSignature({ url: 'https://mes.example.com/app/', kind: 'corp' });
        await client.auth.wecomJsSignature({ url: 'https://mes.example.com/app/', kind: 'agent' });
      }
    });
    expect(fake.count('wecom.corp-ticket')).toBe(1);
    expect(fake.count('wecom.agent-ticket')).toBe(1);
    expect(fake.calls.find((c) => c.api === 'wecom.agent-ticket')?.query.type).toBe('agent_config');
  });

  it('asks for a sign-in before signing pages, and refuses a relative URL', async () => {
    const anonymous = await fetch(
      `${server.url}/api/v1/auth/wecom/js-signature?url=https://x.example/&kind=corp`,
    );
    expect(anonymous.status).toBe(401);
    const client = await clientFor(server, 'op-li');
    await expect(client.auth.wecomJsSignature({ url: '/app/#/x', kind: 'corp' })).rejects.toMatchObject({
      status: 400,
    });
  });

  it('has no dev-login while platform credentials are configured', async () => {
    expect(server.deps.config.demo).toBe(false);
    const res = await post('/auth/dev-login', { userId: 'admin' });
    expect(res.status).toBe(404);
  });

  it('tells the app the corp ids it must ask the hosts for, and no demo accounts', async () => {
    const config = await server.anonymous.auth.config();
    expect(config).toEqual({
      orgName: server.deps.config.orgName,
      demo: false,
      dingtalkCorpId: platformEnv.DINGTALK_CORP_ID,
      wecomCorpId: platformEnv.WECOM_CORP_ID,
      wecomAgentId: platformEnv.WECOM_AGENT_ID,
    });
  });
});
