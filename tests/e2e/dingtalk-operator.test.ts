import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  appUrl,
  describeInBrowser,
  type E2eServer,
  expectNoPageErrors,
  type HostPage,
  loginCode,
  openHostPage,
  type RunningBrowser,
  screenshot,
  startServerAndBrowser,
  waitForHome,
} from './harness.js';

describeInBrowser('DingTalk operator (fake iOS DingTalk bridge, real server and H5 build)', () => {
  let server: E2eServer;
  let chromium: RunningBrowser;
  let dt: HostPage;

  beforeAll(async () => {
    ({ server, chromium } = await startServerAndBrowser());
    dt = await openHostPage(chromium.browser, 'dingtalk', { authCode: loginCode('demo-operator') });
  });
  afterAll(async () => {
    await dt?.close();
    await chromium?.close();
    await server?.close();
  });

  it('signs in through requestAuthCode without a password and shows his operations', async () => {
    await dt.page.goto(appUrl(server.url));
    await waitForHome(dt.page, '李师傅');
    const asked = (await dt.bridgeCalls()).find((c) => c.api === 'runtime.permission.requestAuthCode');
    expect(asked?.params).toMatchObject({ corpId: 'ding-corp-server' });
    expect(server.fakes.calls.map((c) => c.api)).toContain('dingtalk.getuserinfo');
    await dt.page.getByText('今日工序').waitFor();
    await screenshot(dt.page, 'home-operator');
    expectNoPageErrors(dt.pageErrors);
  });
});
