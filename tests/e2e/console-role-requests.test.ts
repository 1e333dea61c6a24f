import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type AdminClient, createAdminClient } from '@shopfloor/sdk/admin';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDemoFactory } from '../../packages/server/src/demo/index.js';
import { startTestServer, TestClock, type TestServer } from '../../packages/server/test/harness.js';
import {
  CONSOLE_DIR,
  describeInBrowser,
  expectNoPageErrors,
  launchChromium,
  type RunningBrowser,
  requireConsoleBuild,
  SCREENSHOTS,
  signedInConsole,
} from './harness.js';

/**
 * 权限变更双人复核 in the console, Chromium at 1440×900: the demo admin asks for grants through the
 * API, a second admin sees them on 人员与权限 with a 待复核 badge on each person, approves one (it
 * applies at once), cannot approve his own, hears a decided request worded in Chinese, and asks for
 * a grant in the drawer himself. Screenshot: tests/e2e/screenshots/console-role-requests.png.
 */
const SECOND = { id: 'demo-admin-2', name: '钱经理' };

describeInBrowser('four-eyes role changes in the console (Chromium 1440×900)', () => {
  let server: TestServer;
  let chromium: RunningBrowser;
  let context: BrowserContext;
  let page: Page;
  let first: AdminClient;
  let second: AdminClient;
  let pageErrors: string[] = [];

  beforeAll(async () => {
    requireConsoleBuild();
    const now = new Date();
    [server, chromium] = await Promise.all([
      startTestServer({
        env: { SHOPFLOOR_CONSOLE_DIR: CONSOLE_DIR },
        seed: async (db, config) => {
          await seedDemoFactory(db, config, new TestClock(now));
          await db
            .insertInto('users')
            .values({ org_id: config.orgId, id: SECOND.id, name: SECOND.name, roles: ['admin'] })
            .execute();
        },
      }),
      launchChromium(),
    ]);
    server.clock.set(now);
    const adminAs = async (id: string) =>
      createAdminClient({ baseUrl: server.url, token: await server.token(id), retry: { limit: 0 } });
    [first, second] = await Promise.all([adminAs('demo-admin'), adminAs(SECOND.id)]);
    ({ context, page, pageErrors } = await signedInConsole(chromium, server, SECOND.id, {
      timeoutMs: 10_000,
    }));
  });
  afterAll(async () => {
    await context?.close();
    await chromium?.close();
    await server?.close();
  });

  const card = () => page.locator('.ant-card').filter({ hasText: '待复核的权限变更（双人复核）' });
  const requestRow = (name: string) => card().locator('.ant-table-row').filter({ hasText: name });
  const userRow = (name: string) =>
    page
      .locator('.ant-card')
      .filter({ hasNotText: '待复核的权限变更' })
      .locator('.ant-table-row')
      .filter({ hasText: name });
  const toast = (text: string | RegExp) => page.locator('.ant-message').getByText(text);
  const roles = async (id: string) =>
    (await first.users.listPage({ limit: 500 })).items.find((u) => u.id === id);

  it('lists the grants waiting for a second admin, with a 待复核 badge on each person', async () => {
    // 李师傅 becomes storekeeper of 原材料仓; 陈师傅 is asked approver by the second admin himself.
    await first.users.setRoles('demo-operator', {
      roles: ['operator', 'storekeeper'],
      workshops: ['WS-ASM'],
      warehouses: ['WH-RM'],
    });
    await second.users.setRoles('demo-painter', {
      roles: ['operator', 'approver'],
      workshops: ['WS-PNT'],
      warehouses: ['WH-FG'],
    });
    await page.goto(`${server.url}/console/#/users`);
    await requestRow('李师傅').waitFor();
    await requestRow('陈师傅').waitFor();
    expect(await requestRow('李师傅').textContent()).toMatch(/\+ 仓管员.*\+ 仓库范围 WH-RM.*系统管理员/);
    await userRow('李师傅').getByText('待复核').waitFor();
    await userRow('陈师傅').getByText('待复核').waitFor();
    await expect.poll(() => userRow('赵主管').getByText('待复核').count()).toBe(0);
    // His own request: approving is for someone else, withdrawing is his.
    expect(await requestRow('陈师傅').getByRole('button', { name: '批准' }).isDisabled()).toBe(true);
    expect(await requestRow('李师傅').getByRole('button', { name: '批准' }).isDisabled()).toBe(false);
    await requestRow('陈师傅').getByRole('button', { name: '撤回' }).waitFor();
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
    await page.screenshot({ path: join(SCREENSHOTS, 'console-role-requests.png'), fullPage: false });
  });

  it('approves the request of another admin: the grant applies at once and the badge goes', async () => {
    await requestRow('李师傅').getByRole('button', { name: '批准' }).click();
    await toast('已批准，李师傅 的新权限立即生效').waitFor();
    await requestRow('李师傅').waitFor({ state: 'detached' });
    await expect.poll(() => userRow('李师傅').getByText('待复核').count()).toBe(0);
    await userRow('李师傅').getByText('仓管员').waitFor();
    expect(await roles('demo-operator')).toMatchObject({
      roles: ['operator', 'storekeeper'],
      scopes: { workshops: ['WS-ASM'], warehouses: ['WH-RM'] },
    });
  });

  it('words a request decided meanwhile in Chinese, and refreshes the list', async () => {
    await first.users.setRoles('demo-operator-2', {
      roles: ['operator', 'admin'],
      workshops: ['WS-CUT', 'WS-MCH'],
    });
    await page.reload();
    await requestRow('王师傅').waitFor();
    // Another admin rejects it while this page still shows it.
    const waiting = await second.roleRequests.listPage({ status: 'pending' });
    await first.roleRequests.reject(waiting.items.find((r) => r.userId === 'demo-operator-2')!.id);
    await requestRow('王师傅').getByRole('button', { name: '批准' }).click();
    await toast('这条申请已被处理过了（可能另一位管理员刚刚处理），列表已刷新').waitFor();
    await requestRow('王师傅').waitFor({ state: 'detached' });
    expect((await roles('demo-operator-2'))?.roles).toEqual(['operator']);
  });

  it('asks for a grant from the drawer: it waits, and removals apply at once', async () => {
    await userRow('赵主管').getByRole('button', { name: '授权' }).click();
    const drawer = page.locator('.ant-drawer').filter({ hasText: '为 赵主管 授权' });
    await drawer.locator('.ant-checkbox-wrapper').filter({ hasText: '仓管员' }).click();
    await drawer.getByRole('button', { name: '保存' }).click();
    await toast('赵主管 的权限变更已提交，等待另一位管理员复核').waitFor();
    await requestRow('赵主管').waitFor();
    await userRow('赵主管').getByText('待复核').waitFor();
    expect((await roles('demo-approver'))?.roles).toEqual(['approver']);
    // Withdrawn by the one who asked.
    await requestRow('赵主管').getByRole('button', { name: '撤回' }).click();
    await toast('已驳回 赵主管 的权限变更').waitFor();
    await requestRow('赵主管').waitFor({ state: 'detached' });
    expectNoPageErrors(pageErrors);
  });
});
