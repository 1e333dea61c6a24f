import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDemoFactory } from '../../packages/server/src/demo/index.js';
import { clientFor } from '../../packages/server/test/fixtures-platform.js';
import { startTestServer, TestClock, type TestServer } from '../../packages/server/test/harness.js';
import {
  describeInBrowser,
  expectNoPageErrors,
  type HostPage,
  launchChromium,
  loginCode,
  openHostPage,
  type RunningBrowser,
  SCREENSHOTS,
} from './harness.js';
import { mapPlatformUsers, type PlatformFakes, platformEnv, startPlatformFakes } from './platform.js';

/**
 * Signing in to the console outside demo mode (DingTalk and WeCom credentials set, their APIs the
 * msw fakes of tests/e2e/platform.ts): an admin outside the hosts pastes an API token; inside
 * DingTalk the console asks the bridge for a code; inside WeCom it goes through the OAuth page and
 * comes back with a code. A planner is mapped to DingTalk here, the admin is a WeCom user.
 */
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const CONSOLE_DIR = resolve(REPO, process.env.SHOPFLOOR_E2E_CONSOLE_DIR ?? 'packages/console/dist');
const VIEWPORT = { width: 1440, height: 900 };
/** The planner's DingTalk userid here; the fakes sign in `code-<userid>`. */
const PLANNER_DINGTALK_ID = 'ding-zhou';

describeInBrowser('signing in to the console with DingTalk and WeCom configured (Chromium 1440×900)', () => {
  let server: TestServer;
  let fakes: PlatformFakes;
  let chromium: RunningBrowser;
  const opened: HostPage[] = [];

  beforeAll(async () => {
    if (!existsSync(join(CONSOLE_DIR, 'index.html'))) {
      throw new Error(`no console build at ${CONSOLE_DIR}: run \`pnpm --filter @shopfloor/console build\``);
    }
    fakes = startPlatformFakes();
    const now = new Date();
    [server, chromium] = await Promise.all([
      startTestServer({
        env: { ...platformEnv, SHOPFLOOR_CONSOLE_DIR: CONSOLE_DIR },
        seed: async (db, config) => {
          await seedDemoFactory(db, config, new TestClock(now));
          await mapPlatformUsers(db, config.orgId);
          await db
            .updateTable('users')
            .set({ platform: 'dingtalk', platform_user_id: PLANNER_DINGTALK_ID })
            .where('id', '=', 'demo-planner')
            .execute();
        },
      }),
      launchChromium(),
    ]);
    server.clock.set(now);
  });
  afterAll(async () => {
    for (const host of opened) await host.close();
    await chromium?.close();
    await server?.close();
    fakes?.close();
  });

  async function open(host: 'browser' | 'dingtalk' | 'wecom', authCode?: string): Promise<HostPage> {
    const page = await openHostPage(chromium.browser, host, {
      viewport: VIEWPORT,
      deviceScaleFactor: 1,
      authCode,
    });
    opened.push(page);
    return page;
  }

  async function shot(page: Page, name: string): Promise<void> {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.waitForFunction(
      () =>
        document.querySelectorAll('.ant-spin-spinning').length === 0 &&
        document.getAnimations().every((a) => a.playState !== 'running'),
      undefined,
      { polling: 100 },
    );
    await page.screenshot({ path: join(SCREENSHOTS, `console-${name}.png`), fullPage: true });
  }

  const signedInAs = (page: Page, name: string) => page.locator('.shell-user').getByText(name).waitFor();

  it('outside the hosts: no demo picker; a wrong API token is refused, an admin token signs in until sign-out', async () => {
    const { page, pageErrors } = await open('browser');
    await page.goto(`${server.url}/console/#/users`);
    await page.getByText('请在钉钉或企业微信电脑端打开控制台；管理员也可以用 API 令牌登录。').waitFor();
    expect(await page.locator('.demo-users').count()).toBe(0);
    await shot(page, 'sign-in-production');

    const field = page.getByPlaceholder('粘贴 API 令牌 sft_…');
    await field.fill('not-a-token');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByText('请粘贴以 sft_ 开头的 API 令牌').waitFor();
    await field.fill('sft_forged');
    await page.getByRole('button', { name: '登录' }).click();
    await page.locator('.ant-alert-error').getByText('登录失败').waitFor();

    const admin = await clientFor(server, 'demo-admin');
    const { token } = await admin.request<{ token: string }>({
      method: 'POST',
      path: '/auth/api-tokens',
      body: { userId: 'demo-admin', name: 'console e2e' },
    });
    await field.fill(token);
    await page.getByRole('button', { name: '登录' }).click();
    await signedInAs(page, '系统管理员');
    // The deep link it was opened with is where it lands.
    await page.getByRole('heading', { name: '人员与权限' }).waitFor();
    await page.reload();
    await signedInAs(page, '系统管理员');

    await page.locator('.shell-user').hover();
    await page.getByText('退出登录').click();
    await page.getByPlaceholder('粘贴 API 令牌 sft_…').waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('shopfloor.console.session'))).toBeNull();
    expectNoPageErrors(pageErrors);
  });

  it('inside DingTalk: the console asks the bridge for a login code and the planner is in', async () => {
    const host = await open('dingtalk', `code-${PLANNER_DINGTALK_ID}`);
    await host.page.goto(`${server.url}/console/`);
    await signedInAs(host.page, '周计划');
    const calls = await host.bridgeCalls();
    expect(calls.map((c) => c.api)).toContain('runtime.permission.requestAuthCode');
    expect(calls.find((c) => c.api === 'runtime.permission.requestAuthCode')?.params).toMatchObject({
      corpId: platformEnv.DINGTALK_CORP_ID,
    });
    // A planner's menu: no set-up, no users; work centers are his to change, workshops are not.
    await host.page.locator('.ant-menu').getByText('工单', { exact: true }).waitFor();
    expect(await host.page.locator('.ant-menu').getByText('人员与权限').count()).toBe(0);
    await host.page.getByRole('heading', { name: '车间与工作中心' }).waitFor();
    await host.page.getByRole('button', { name: '新增工作中心' }).waitFor();
    expect(await host.page.getByRole('button', { name: '新增车间' }).count()).toBe(0);
    await shot(host.page, 'signed-in-dingtalk');
    expectNoPageErrors(host.pageErrors);
  });

  it("inside WeCom: the console goes through WeCom's OAuth page and comes back signed in, the code gone from the address", async () => {
    const host = await open('wecom');
    const authorize: string[] = [];
    // WeCom's OAuth page, as WeCom answers it: back to redirect_uri with ?code=…&state=… before the #.
    await host.context.route('https://open.weixin.qq.com/**', async (route) => {
      const url = new URL(route.request().url());
      authorize.push(url.toString());
      const back = new URL(url.searchParams.get('redirect_uri')!);
      back.searchParams.set('code', loginCode('demo-admin'));
      back.searchParams.set('state', url.searchParams.get('state')!);
      await route.fulfill({ status: 302, headers: { Location: back.toString() } });
    });
    await host.page.goto(`${server.url}/console/#/work-orders`);
    await signedInAs(host.page, '系统管理员');
    await host.page.getByRole('heading', { name: '工单' }).waitFor();
    expect(authorize).toHaveLength(1);
    const asked = new URL(authorize[0]!);
    expect(asked.searchParams.get('appid')).toBe(platformEnv.WECOM_CORP_ID);
    expect(asked.searchParams.get('state')).toBe('shopfloor-console');
    expect(host.page.url()).toBe(`${server.url}/console/#/work-orders`);
    expectNoPageErrors(host.pageErrors);
  });
});
