import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDemoFactory } from '../../packages/server/src/demo/index.js';
import { startTestServer, TestClock, type TestServer } from '../../packages/server/test/harness.js';
import {
  APP_DIR,
  appUrl,
  assertAppBuilt,
  describeInBrowser,
  expectNoPageErrors,
  findReportableOperation,
  type HostPage,
  launchChromium,
  onScreen,
  openHostPage,
  type ReportableOperation,
  type RunningBrowser,
  SCREENSHOTS,
  screenshot,
  waitForHome,
} from './harness.js';

/**
 * A server in demo mode (no DingTalk or WeCom credentials, the demo factory seeded), its clock at the
 * real time of the start so the demo's dates agree with the browser's.
 */
async function startDemoServer(): Promise<TestServer> {
  assertAppBuilt();
  const now = new Date();
  const server = await startTestServer({
    env: { SHOPFLOOR_DEMO: 'on', SHOPFLOOR_APP_DIR: APP_DIR },
    seed: async (db, config) => {
      await seedDemoFactory(db, config, new TestClock(now));
    },
  });
  server.clock.set(now);
  return server;
}

describeInBrowser('DingTalk against a demo server (fake iOS DingTalk bridge, no corpId)', () => {
  let server: TestServer;
  let chromium: RunningBrowser;
  let dt: HostPage;
  let target: ReportableOperation;

  beforeAll(async () => {
    [server, chromium] = await Promise.all([startDemoServer(), launchChromium()]);
    dt = await openHostPage(chromium.browser, 'dingtalk', { viewport: { width: 390, height: 844 } });
    target = await findReportableOperation(await server.as('demo-operator'), ['WS-ASM'], 2);
  });
  afterAll(async () => {
    await dt?.close();
    await chromium?.close();
    await server?.close();
  });

  const view = () => onScreen(dt.page);

  it('shows the demo picker inside DingTalk, never asking DingTalk for a code', async () => {
    const config = await (await fetch(`${server.url}/api/v1/auth/config`)).json();
    expect(config).toMatchObject({ demo: true });
    expect(config.dingtalkCorpId).toBeUndefined();

    await dt.page.goto(appUrl(server.url));
    await dt.page.getByText('选择演示账号进入（演示模式）').waitFor({ timeout: 15_000 });
    await dt.page.getByText('李师傅').waitFor();
    expect(await dt.page.getByText('登录失败').count()).toBe(0);
    await screenshot(dt.page, 'dingtalk-demo-picker');
    // And what the phone shows without scrolling.
    await dt.page.screenshot({ path: join(SCREENSHOTS, 'dingtalk-demo-picker-390x844.png') });
    expect((await dt.bridgeCalls()).map((c) => c.api)).not.toContain('runtime.permission.requestAuthCode');
    expectNoPageErrors(dt.pageErrors);
  });

  it('signs the picked demo user in and reaches his home', async () => {
    await dt.page.locator('.sf-button--user', { hasText: '李师傅' }).click();
    await waitForHome(dt.page, '李师傅');
    await dt.page.getByText('今日工序').waitFor();
    await screenshot(dt.page, 'dingtalk-demo-home');
    expect((await dt.bridgeCalls()).map((c) => c.api)).not.toContain('runtime.permission.requestAuthCode');
    expectNoPageErrors(dt.pageErrors);
  });

  it('scans through DingTalk; 1.5 pieces are refused on the phone (whole pieces), 1 piece is sent', async () => {
    await dt.queueScan(`SF1:OP:${target.order.no}:${target.op.seq}`);
    await dt.page.locator('.sf-button--scan', { hasText: '扫码报工' }).click();
    const good = view().locator('#report-good input, input#report-good');
    await good.waitFor({ timeout: 15_000 });
    expect((await dt.bridgeCalls()).filter((c) => c.api === 'biz.util.scan')).toHaveLength(1);

    // The phone knows the item's precision (whole pieces): refused in place, nothing sent.
    await good.fill('1.5');
    await view().locator('#report-submit').click();
    await view().getByText('本物料只能填整数').waitFor();
    expect(await view().locator('#report-result').count()).toBe(0);
    await screenshot(dt.page, 'dingtalk-demo-report-refused');

    await good.fill('1');
    await view().locator('#report-submit').click();
    await expect
      .poll(() => view().locator('#report-result').textContent(), { timeout: 15_000 })
      .toContain('已发送');
    const op = (await (await server.as('demo-operator')).workOrders.get(target.order.no)).operations.find(
      (o) => o.seq === target.op.seq,
    );
    expect(op?.goodQty).toBe(target.op.goodQty + 1);
    expectNoPageErrors(dt.pageErrors);
  });
});
