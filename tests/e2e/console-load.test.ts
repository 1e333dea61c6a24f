import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '@shopfloor/sdk';
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
 * 负荷 in the console, Chromium at 1440×900: the demo planner opens the load grid (work centers ×
 * 14 days), finds the days three large work orders overload in red with planned/available hours,
 * and clicks such a cell to list its operations with owners and planned times.
 * Screenshot: tests/e2e/screenshots/console-load.png.
 */

describeInBrowser('负荷 in the console (Chromium 1440×900)', () => {
  let server: TestServer;
  let chromium: RunningBrowser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[] = [];
  const big: string[] = [];
  let center = '';

  beforeAll(async () => {
    requireConsoleBuild();
    const now = new Date();
    [server, chromium] = await Promise.all([
      startTestServer({
        env: { SHOPFLOOR_CONSOLE_DIR: CONSOLE_DIR },
        seed: async (db, config) => {
          await seedDemoFactory(db, config, new TestClock(now));
        },
      }),
      launchChromium(),
    ]);
    server.clock.set(now);
    // Three large orders of an item whose first operation has a work center, due in four days.
    const routed = await server.database.db
      .selectFrom('routings')
      .select(['item', 'work_center'])
      .where('work_center', 'is not', null)
      .orderBy('item')
      .orderBy('seq')
      .executeTakeFirstOrThrow();
    center = routed.work_center!;
    const planner = createClient({ baseUrl: server.url, token: await server.token('demo-planner') });
    const due = new Date(now.getTime() + 4 * 86_400_000).toLocaleDateString('en-CA', {
      timeZone: 'Asia/Shanghai',
    });
    for (let i = 0; i < 3; i++) {
      const wo = await planner.workOrders.create({ item: routed.item, qty: 300, due });
      await planner.workOrders.release(wo.no);
      big.push(wo.no);
    }
    ({ context, page, pageErrors } = await signedInConsole(chromium, server, 'demo-planner', {
      timeoutMs: 10_000,
    }));
  });
  afterAll(async () => {
    await context?.close();
    await chromium?.close();
    await server?.close();
  });

  it('shows work centers × days with overloads in red, and a cell lists its operations', async () => {
    await page.goto(`${server.url}/console/#/load`);
    await page.locator('.ant-menu').getByText('负荷', { exact: true }).waitFor();
    const over = page.locator('.load-grid .ant-table-tbody .load-over');
    await over.first().waitFor();
    // 14 day columns and the work-center column.
    expect(await page.locator('.load-grid .ant-table-thead th').count()).toBeGreaterThanOrEqual(15);
    expect(await over.first().textContent()).toMatch(/^\d+(\.\d)?\/\d+(\.\d)?$/);
    const red = await over.first().evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(red).toBe('rgb(255, 77, 79)');
    // The overloaded cells are on the work center the three orders load.
    const row = page.locator('.load-grid .ant-table-tbody tr', { hasText: center });
    expect(await row.locator('.load-over').count()).toBeGreaterThan(0);

    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
    await page.screenshot({ path: join(SCREENSHOTS, 'console-load.png'), fullPage: false });

    await row.locator('.load-over').first().click();
    const drawer = page.locator('.ant-drawer-body');
    await drawer.getByText(big[0]!).waitFor();
    for (const no of big) expect(await drawer.textContent()).toContain(no);
    expect(await drawer.locator('.ant-table-thead').textContent()).toContain('负责人');
    expect(await page.locator('.ant-drawer-title').textContent()).toMatch(/· \d{4}-\d{2}-\d{2}$/);
    await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
    await page.screenshot({ path: join(SCREENSHOTS, 'console-load-cell.png'), fullPage: false });
    expectNoPageErrors(pageErrors);
  });
});
