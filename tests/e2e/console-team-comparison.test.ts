import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
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
 * A planner at 1440×900 in Chromium opens 负荷, then 班组对比 on the demo factory (whose history has
 * two cutting and two assembly teams at different paces): the bar chart draws on its canvas, the
 * rows and the spread between teams (over 20 % in red) show, grouping by operator changes the rows,
 * and the CSV export downloads. Screenshots: console-team-comparison.png, console-team-load.png.
 */

describeInBrowser('班组对比 in the console (Chromium 1440×900)', () => {
  let server: TestServer;
  let chromium: RunningBrowser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[] = [];

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
    ({ context, page, pageErrors } = await signedInConsole(chromium, server, 'demo-planner', {
      acceptDownloads: true,
    }));
  });
  afterAll(async () => {
    await context?.close();
    await chromium?.close();
    await server?.close();
  });

  // CSS animations, and the chart's own (300 ms on its canvas, which getAnimations does not see).
  const settle = async () => {
    await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
    await page.waitForTimeout(600);
  };

  it('sees the load, then the team comparison: chart, rows, the spread between teams, export', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.goto(`${server.url}/console/#/load`);
    const menu = page.locator('.ant-menu');
    await menu.getByText('负荷', { exact: true }).waitFor();
    await page.locator('.load-grid .ant-table-tbody tr.ant-table-row').first().waitFor();
    await settle();
    await page.screenshot({ path: join(SCREENSHOTS, 'console-team-load.png'), fullPage: false });

    await menu.getByText('班组对比', { exact: true }).click();
    await page.waitForURL(/#\/team-comparison/);
    await page.getByRole('heading', { name: '班组对比' }).waitFor();
    // The chart draws on a canvas once ECharts arrives (a chunk of its own).
    const canvas = page.locator('[data-testid="team-chart"] canvas');
    await canvas.first().waitFor();
    const box = await canvas.first().boundingBox();
    expect(box!.width).toBeGreaterThan(400);
    expect(box!.height).toBeGreaterThan(200);
    const painted = await canvas.first().evaluate((el) => {
      const c = el as HTMLCanvasElement;
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let coloured = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 0 && data[i]! < 120) coloured++;
      return coloured;
    });
    expect(painted).toBeGreaterThan(500);

    // Rows per team, Chinese headings.
    const cards = page.locator('.tc-card');
    const rows = cards.nth(1);
    for (const team of ['开料一班', '开料二班', '总装一班', '总装二班'])
      await rows.getByText(team).first().waitFor();
    expect(await rows.locator('.ant-table-thead').textContent()).toContain('效率');

    // The spread: 开料 done by both cutting teams, the slower one red, the spread over 20 % highlighted.
    const spread = cards.nth(2);
    const cut = spread.locator('.ant-table-tbody tr', { hasText: '开料' }).first();
    await cut.waitFor();
    expect(await cut.locator('.ant-tag-green').textContent()).toContain('开料一班');
    expect(await cut.locator('.ant-tag-red').textContent()).toContain('开料二班');
    const pct = Number(await cut.locator('[data-spread]').getAttribute('data-spread'));
    expect(pct).toBeGreaterThan(20);
    expect(await cut.getAttribute('class')).toContain('tc-row-high');
    const red = await cut.locator('.tc-spread-high').evaluate((el) => getComputedStyle(el).color);
    expect(red).toBe('rgb(207, 19, 34)');
    expect(await page.locator('.tc-card .ant-card-head-title').allTextContents()).toEqual([
      '各组对比',
      '明细',
      '班组差距（同一物料、同一工序）',
      expect.stringMatching(/^跳过未报的工序（\d+）$/),
    ]);
    await settle();
    await page.screenshot({ path: join(SCREENSHOTS, 'console-team-comparison.png'), fullPage: false });

    // Group by operator: the people of the teams.
    await page.locator('.tc-controls').getByText('操作工', { exact: true }).click();
    await rows.getByText('张师傅').first().waitFor();
    await rows.getByText('王师傅').first().waitFor();
    await page.locator('.tc-controls').getByText('单件工时（分钟）', { exact: true }).click();
    await settle();
    await page.screenshot({
      path: join(SCREENSHOTS, 'console-team-comparison-operators.png'),
      fullPage: false,
    });

    // The CSV export downloads the rows with Chinese headings.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /CSV/ }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      /^team-comparison-operator-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/,
    );
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(path, 'utf8');
    expect(text.replace(/^\uFEFF/, '').split('\r\n')[0]).toContain('名称 name');
    expect(text).toContain('张师傅');
    expectNoPageErrors(pageErrors);
  });
});
