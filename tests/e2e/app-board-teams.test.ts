import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  APP_DIR,
  appUrl,
  describeInBrowser,
  type E2eServer,
  expectNoPageErrors,
  type HostPage,
  loginCode,
  onScreen,
  openHostPage,
  type RunningBrowser,
  SCREENSHOTS,
  screenshot,
  startServerAndBrowser,
  waitForHome,
} from './harness.js';

/** Whether a served script of the H5 build holds ECharts (its renderer names itself in the code). */
const holdsEcharts = (path: string) =>
  readFileSync(join(APP_DIR, path.replace(/^\/app\//, '')), 'utf8').includes('echarts');

/**
 * Issue 13, charts on the board: the planner's board on a wall TV (WeCom, 1440×900) shows 班组效率,
 * the last 7 days' efficiency per team as bars labelled in %, drawn by ECharts from GET
 * /analytics/team-comparison. ECharts is loaded when the board draws the chart, never with the
 * home page. Screenshots: tests/e2e/screenshots/app-board-teams.png, app-board-teams-panel.png.
 */
describeInBrowser('App: the board’s team chart (班组效率) on a wall screen (WeCom planner, 1440×900)', () => {
  let server: E2eServer;
  let chromium: RunningBrowser;
  let wc: HostPage;
  const scripts: string[] = [];

  beforeAll(async () => {
    ({ server, chromium } = await startServerAndBrowser());
    wc = await openHostPage(chromium.browser, 'wecom', { viewport: { width: 1440, height: 900 } });
    wc.page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
    });
    await wc.page.goto(
      appUrl(server.url, 'pages/index/index', {}, `?code=${loginCode('demo-planner')}&state=shopfloor`),
    );
    await waitForHome(wc.page, '周计划');
  });
  afterAll(async () => {
    await wc?.close();
    await chromium?.close();
    await server?.close();
  });

  it('loads no ECharts with the home page', () => {
    const app = scripts.filter((path) => path.startsWith('/app/'));
    expect(app.length).toBeGreaterThan(0);
    expect(app.filter(holdsEcharts)).toEqual([]);
    const gzip = app.reduce(
      (sum, path) => sum + gzipSync(readFileSync(join(APP_DIR, path.replace(/^\/app\//, '')))).length,
      0,
    );
    console.info(
      `[app-board-teams] home first load: ${(gzip / 1024).toFixed(1)} kB gzip in ${app.length} scripts`,
    );
  });

  it('draws the teams’ efficiency of the last 7 days as bars labelled in %', async () => {
    const api = await server.api('demo-planner');
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const from = new Date(Date.parse(`${today}T00:00:00Z`) - 6 * 86_400_000).toISOString().slice(0, 10);
    const answer = await api.request<{ rows: { name: string; efficiency: number | null }[] }>({
      method: 'GET',
      path: '/analytics/team-comparison',
      query: { from, to: today, groupBy: 'team' },
    });
    const measured = answer.rows.filter((r) => r.efficiency !== null);
    expect(measured.length).toBeGreaterThan(0);

    const before = scripts.length;
    await wc.page.goto(appUrl(server.url, 'pages/board/index'));
    const panel = onScreen(wc.page).locator('#board-teams');
    await panel.getByText(/班组效率/).waitFor();
    await panel.locator('canvas').first().waitFor();
    expect(
      scripts
        .slice(before)
        .filter((p) => p.startsWith('/app/'))
        .some(holdsEcharts),
    ).toBe(true);
    // The canvas is drawn: some pixels are not the panel's white.
    await expect
      .poll(
        () =>
          panel
            .locator('canvas')
            .first()
            .evaluate((canvas: HTMLCanvasElement) => {
              const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
              let inked = 0;
              for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 0 && data[i]! < 200) inked++;
              return inked;
            }),
        { timeout: 5_000 },
      )
      .toBeGreaterThan(500);
    const box = await panel.boundingBox();
    expect(box!.width).toBeGreaterThan(1000);
    expect(box!.height).toBeLessThan(260);
    await screenshot(wc.page, 'app-board-teams');
    await panel.screenshot({ path: join(SCREENSHOTS, 'app-board-teams-panel.png') });
    expectNoPageErrors(wc.pageErrors);
  });
});
