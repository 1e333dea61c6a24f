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
 * 系统体检 in the console, Chromium at 1440×900: the admin opens the page (no run yet), runs the
 * check-up with one click, reads the failing check with its fix in Chinese, switches to English,
 * runs it again and finds both runs in the history; clicking an old run shows it again.
 * Screenshot: tests/e2e/screenshots/console-checkup.png.
 */

describeInBrowser('系统体检 in the console (Chromium 1440×900)', () => {
  let server: TestServer;
  let chromium: RunningBrowser;
  let context: BrowserContext;
  let page: Page;
  let admin: AdminClient;
  let pageErrors: string[] = [];

  beforeAll(async () => {
    requireConsoleBuild();
    const now = new Date();
    [server, chromium] = await Promise.all([
      startTestServer({
        env: { SHOPFLOOR_CONSOLE_DIR: CONSOLE_DIR },
        seed: async (db, config) => {
          await seedDemoFactory(db, config, new TestClock(now));
          // The sync worker has been stuck for two hours: the check-up must say so, and how to fix it.
          const stuck = new Date(now.getTime() - 2 * 3_600_000);
          await db
            .insertInto('outbox_events')
            .values({
              org_id: config.orgId,
              topic: 'report.created',
              aggregate_type: 'work-order',
              aggregate_id: 'WO-STUCK',
              payload: '{}',
              created_at: stuck,
              next_attempt_at: stuck,
            })
            .execute();
        },
      }),
      launchChromium(),
    ]);
    server.clock.set(now);
    admin = createAdminClient({
      baseUrl: server.url,
      token: await server.token('demo-admin'),
      retry: { limit: 0 },
    });
    ({ context, page, pageErrors } = await signedInConsole(chromium, server, 'demo-admin', {
      timeoutMs: 10_000,
    }));
  });
  afterAll(async () => {
    await context?.close();
    await chromium?.close();
    await server?.close();
  });

  const checkRow = (id: string) =>
    page
      .locator('.ant-card')
      .filter({ hasNotText: '体检记录' })
      .locator('.ant-table-row')
      .filter({ has: page.locator('code', { hasText: new RegExp(`^${id.replace('.', '\\.')}$`) }) });
  const historyRows = () =>
    page
      .locator('.ant-card')
      .filter({ hasText: /体检记录|Past runs/ })
      .locator('.ant-table-row');

  it('opens from the menu with no run yet, and runs the check-up with one click', async () => {
    await page.goto(`${server.url}/console/#/checkup`);
    await page.locator('.ant-menu').getByText('系统体检', { exact: true }).waitFor();
    await page.getByText('还没有体检记录：点击「运行体检」。').waitFor();
    await page.getByRole('button', { name: '运行体检' }).click();
    await checkRow('sync.outbox').waitFor();
    expect(await page.locator('.ant-card').first().locator('.ant-table-row').count()).toBe(15);
    const outbox = checkRow('sync.outbox');
    expect(await outbox.locator('.ant-tag').textContent()).toBe('失败');
    expect(await outbox.textContent()).toMatch(/待同步事件 \d+ 条，最早的已等 7\d{3} 秒/);
    expect(await outbox.textContent()).toContain('确认服务器的同步任务在运行');
    expect(await checkRow('database').locator('.ant-tag').textContent()).toBe('正常');
    expect(await checkRow('privileges').textContent()).toContain('拥有所需的全部表权限');
    await expect.poll(() => historyRows().count()).toBe(1);
    expect(await historyRows().first().textContent()).toMatch(
      /失败.*1 项失败 · \d+ 项警告 · \d+ 项正常.*demo-admin/,
    );
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
    await page.screenshot({ path: join(SCREENSHOTS, 'console-checkup.png'), fullPage: false });
  });

  it('speaks English after the switch, and keeps every run in the history', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await checkRow('sync.outbox')
      .getByText(/the oldest for \d+ s/)
      .waitFor();
    expect(await checkRow('sync.outbox').textContent()).toContain('Make sure the server’s sync worker runs');
    expect(await checkRow('sync.outbox').locator('.ant-tag').textContent()).toBe('fail');
    await page.getByRole('button', { name: 'Run check-up' }).click();
    await expect.poll(() => historyRows().count()).toBe(2);
    const runs = await admin.checkup.listPage();
    expect(runs.items).toHaveLength(2);
    // An older run, clicked, is shown again.
    await historyRows().nth(1).click();
    await expect
      .poll(() => page.locator('.ant-card').first().locator('.ant-card-head').textContent())
      .toContain(`by demo-admin`);
    expectNoPageErrors(pageErrors);
  });
});
