import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { seedUsers } from './fixtures.js';
import { fakePlatforms, platformEnv, platformHandlers } from './fixtures-platform.js';
import { backends, startTestServer, type TestServer } from './harness.js';

const fake = fakePlatforms();
const msw = setupServer(...platformHandlers(fake.calls));
beforeAll(() => msw.listen({ onUnhandledRequest: 'bypass' }));
afterAll(() => msw.close());

const WINDOW = 60;

/** POSTs `body` to a sign-in route, from `ip` when the server trusts X-Forwarded-For. */
async function signIn(server: TestServer, path: string, body: unknown, ip?: string) {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(ip ? { 'X-Forwarded-For': `203.0.113.9, ${ip}` } : {}),
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json() };
}

function expectTooMany(res: Awaited<ReturnType<typeof signIn>>) {
  expect(res.status).toBe(429);
  expect(res.body.type).toBe('/problems/too-many-sign-ins');
  const seconds = Number(res.retryAfter);
  expect(seconds).toBeGreaterThanOrEqual(1);
  expect(seconds).toBeLessThanOrEqual(WINDOW);
  expect(res.body.params).toEqual({ retryAfter: seconds });
}

describe('sign-in rate limit settings', () => {
  it('have defaults a factory behind one NAT address lives with, and refuse nonsense', () => {
    expect(loadConfig({}).loginRate).toEqual({ perIp: 300, perUser: 20, windowSeconds: 60 });
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(() => loadConfig({ SHOPFLOOR_LOGIN_RATE_IP: '0' })).toThrow(/SHOPFLOOR_LOGIN_RATE_IP/);
  });
});

describe.each(backends())('DingTalk and WeCom sign-in limits on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      backend,
      env: {
        ...platformEnv,
        SHOPFLOOR_LOGIN_RATE_IP: '5',
        SHOPFLOOR_LOGIN_RATE_USER: '3',
        SHOPFLOOR_LOGIN_RATE_WINDOW: String(WINDOW),
        SHOPFLOOR_TRUST_PROXY: 'on',
      },
      seed: async (db, config) => {
        await seedUsers(db, config);
        await db
          .updateTable('users')
          .set({ platform: 'dingtalk', platform_user_id: 'ding-li' })
          .where('id', '=', 'op-li')
          .execute();
      },
    });
  });
  afterAll(() => server?.close());
  beforeEach(() => fake.reset());

  it('refuses the 6th DingTalk code from one address with 429 and never forwards it', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await signIn(server, '/auth/dingtalk', { code: `guess-${i}` }, '10.0.0.1')).status).toBe(401);
    }
    expect(fake.count('dingtalk.getuserinfo')).toBe(5);
    for (let i = 5; i < 300; i++)
      expectTooMany(await signIn(server, '/auth/dingtalk', { code: `guess-${i}` }, '10.0.0.1'));
    // A good code from the refused address is refused too, and nothing more reached DingTalk.
    expectTooMany(await signIn(server, '/auth/dingtalk', { code: 'code-ding-li' }, '10.0.0.1'));
    expect(fake.count('dingtalk.getuserinfo')).toBe(5);
    // Another address is not affected.
    expect((await signIn(server, '/auth/dingtalk', { code: 'code-ding-li' }, '10.0.0.2')).status).toBe(200);
  });

  it('refuses the 6th WeCom code from one address without calling WeCom', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await signIn(server, '/auth/wecom', { code: `guess-${i}` }, '10.0.0.3')).status).toBe(401);
    }
    for (let i = 0; i < 50; i++)
      expectTooMany(await signIn(server, '/auth/wecom', { code: `x-${i}` }, '10.0.0.3'));
    expect(fake.count('wecom.getuserinfo')).toBe(5);
  });

  it('issues no more than 3 sessions a window to one DingTalk user, whatever the address', async () => {
    // op-li signed in once from 10.0.0.2 above.
    const answers = [];
    for (let i = 0; i < 4; i++)
      answers.push(await signIn(server, '/auth/dingtalk', { code: 'code-ding-li' }, `10.1.0.${i}`));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 429, 429]);
    expectTooMany(answers[3]!);
    expect(answers[3]!.body.token).toBeUndefined();
  });

  it('refuses an address that keeps sending unknown API tokens before looking them up', async () => {
    const me = (token: string, ip: string) =>
      fetch(`${server.url}/api/v1/auth/me`, {
        headers: { Authorization: `Bearer ${token}`, 'X-Forwarded-For': ip },
      });
    for (let i = 0; i < 3; i++) expect((await me(`sft_guess${i}`, '10.2.0.1')).status).toBe(401);
    const refused = await me('sft_guess-more', '10.2.0.1');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await me('sft_guess-other', '10.2.0.2')).status).toBe(401);
  });
});

describe.each(backends())('dev-login limits on %s', (backend) => {
  let direct: TestServer;
  let proxied: TestServer;
  beforeAll(async () => {
    const limits = { SHOPFLOOR_LOGIN_RATE_IP: '4', SHOPFLOOR_LOGIN_RATE_USER: '3' };
    [direct, proxied] = await Promise.all([
      startTestServer({ backend, seed: seedUsers, env: limits }),
      startTestServer({ backend, seed: seedUsers, env: { ...limits, SHOPFLOOR_TRUST_PROXY: 'on' } }),
    ]);
  });
  afterAll(async () => {
    await direct?.close();
    await proxied?.close();
  });

  it('counts by the socket address when no proxy is trusted: a forged X-Forwarded-For does not help', async () => {
    const users = ['op-li', 'op-wang', 'ap-zhao', 'sk-sun'];
    for (const [i, userId] of users.entries()) {
      expect((await signIn(direct, '/auth/dev-login', { userId }, `10.9.0.${i}`)).status).toBe(200);
    }
    for (let i = 0; i < 20; i++)
      expectTooMany(await signIn(direct, '/auth/dev-login', { userId: 'admin' }, `10.8.0.${i}`));
  });

  it('issues no more than 3 demo sessions a window to one user', async () => {
    const statuses = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await signIn(proxied, '/auth/dev-login', { userId: 'admin' }, `10.7.0.${i}`)).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect((await signIn(proxied, '/auth/dev-login', { userId: 'op-li' }, '10.7.1.1')).status).toBe(200);
  });
});
