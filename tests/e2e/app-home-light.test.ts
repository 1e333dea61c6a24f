import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  appUrl,
  describeInBrowser,
  type E2eServer,
  expectNoPageErrors,
  findReportableOperation,
  type HostPage,
  loginCode,
  onScreen,
  openHostPage,
  type ReportableOperation,
  type RunningBrowser,
  screenshot,
  settled,
  startServerAndBrowser,
  waitForHome,
} from './harness.js';

/**
 * The home page (今日工序) asks its work orders whole only when the phone's offline copies are due
 * (every 10 minutes); in between one `view=home` request a workshop, trimmed by the server. Both
 * show the same list, and a scan offline still opens what the whole copy stored.
 */
describeInBrowser('app home: whole copies every 10 minutes, the home view in between', () => {
  let server: E2eServer;
  let chromium: RunningBrowser;
  let dt: HostPage;
  let target: ReportableOperation;
  const asked: string[] = [];

  beforeAll(async () => {
    ({ server, chromium } = await startServerAndBrowser());
    dt = await openHostPage(chromium.browser, 'dingtalk', { authCode: loginCode('demo-operator') });
    target = await findReportableOperation(await server.api('demo-operator'), ['WS-ASM'], 1);
    dt.page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.endsWith('/work-orders')) asked.push(url.search);
    });
  });
  afterAll(async () => {
    await dt?.close();
    await chromium?.close();
    await server?.close();
  });

  const listed = async () => {
    await onScreen(dt.page).locator('[id^="home-op-"]').first().waitFor();
    await settled(dt.page);
    return onScreen(dt.page)
      .locator('[id^="home-op-"]')
      .evaluateAll((rows) => rows.map((row) => `${row.id} ${row.textContent}`));
  };

  it('asks whole pages first, then one trimmed request, and lists the same operations', async () => {
    await dt.page.goto(appUrl(server.url));
    await waitForHome(dt.page, '李师傅');
    const first = await listed();
    expect(asked.filter((q) => q.includes('view=home'))).toEqual([]);
    expect(asked.filter((q) => q.includes('status='))).toHaveLength(3);

    asked.length = 0;
    await dt.page.reload();
    await waitForHome(dt.page, '李师傅');
    const again = await listed();
    expect(asked).toEqual([expect.stringContaining('view=home')]);
    expect(again).toEqual(first);
    await screenshot(dt.page, 'home-operator-light');
    expectNoPageErrors(dt.pageErrors);
  });

  it('still opens a scanned operation offline from the whole copy', async () => {
    await dt.context.setOffline(true);
    try {
      await onScreen(dt.page).getByText('离线', { exact: true }).waitFor();
      await dt.queueScan(`SF1:OP:${target.order.no}:${target.op.seq}`);
      await dt.page.locator('.sf-button--scan', { hasText: '扫码报工' }).click();
      await onScreen(dt.page).locator('#report-good input, input#report-good').waitFor({ timeout: 5_000 });
      await onScreen(dt.page).getByText(target.order.no).first().waitFor();
    } finally {
      await dt.context.setOffline(false);
    }
  });
});
