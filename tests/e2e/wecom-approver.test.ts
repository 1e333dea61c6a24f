import { ForbiddenError } from '@shopfloor/sdk';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  appUrl,
  createIssueRequestWithStock,
  describeInBrowser,
  type E2eServer,
  expectNoPageErrors,
  type HostPage,
  loginCode,
  onHand,
  openHostPage,
  type RunningBrowser,
  screenshot,
  startServerAndBrowser,
  waitForHome,
} from './harness.js';

/** WeCom's OAuth redirect lands on the app with `?code=…&state=…` before the `#`. */
const oauthSearch = (userId: string) => `?code=${loginCode(userId)}&state=shopfloor`;

describeInBrowser('WeCom approver (fake iOS WeCom bridge, OAuth code in the URL, real server)', () => {
  let server: E2eServer;
  let chromium: RunningBrowser;
  const pages: HostPage[] = [];
  const used = new Set<string>();

  /** A WeCom page signed in as `userId` by the OAuth code, on `route`. */
  async function signedIn(userId: string, name: string, route = 'pages/index/index', params = {}) {
    const wc = await openHostPage(chromium.browser, 'wecom');
    pages.push(wc);
    await wc.page.goto(appUrl(server.url, route, params, oauthSearch(userId)));
    if (route === 'pages/index/index') await waitForHome(wc.page, name);
    return wc;
  }

  beforeAll(async () => {
    ({ server, chromium } = await startServerAndBrowser());
  });
  afterAll(async () => {
    for (const p of pages) await p.close();
    await chromium?.close();
    await server?.close();
  });

  it('approves an operator’s request partly in WeCom, and the stock goes down by what he approved', async () => {
    const operator = await server.api('demo-operator');
    const created = await createIssueRequestWithStock(operator, 'WH-RM', 3);
    const { request, item } = created;
    used.add(request.workOrderNo!);
    const before = await onHand(operator, item, 'WH-RM');

    const wc = await signedIn('demo-approver', '赵主管');
    expect(server.fakes.calls.find((c) => c.api === 'wecom.getuserinfo')?.query.code).toBe(
      loginCode('demo-approver'),
    );
    // His home lists the request among those waiting for him.
    await wc.page.getByText(request.workOrderNo!).first().waitFor();
    await screenshot(wc.page, 'home-approver');

    await wc.page.getByText('领料', { exact: true }).click();
    const row = wc.page.locator(`#ir-row-${request.id}`);
    await row.waitFor();
    await screenshot(wc.page, 'issue-requests-list');
    await row.click();

    const qty = wc.page.locator(`#ir-qty-0 input, input#ir-qty-0`);
    await qty.waitFor();
    await expect.poll(() => qty.inputValue()).toBe('3');
    await screenshot(wc.page, 'issue-requests-detail');
    await qty.fill('2');
    await wc.page.locator('#ir-comment textarea, textarea#ir-comment').fill('先发 2 个，余量下周补');
    const approve = wc.page.locator('#ir-approve');
    await expect.poll(() => approve.textContent()).toContain('部分批准');
    await approve.click();
    await expect.poll(() => wc.page.locator('#ir-status').textContent()).toContain('部分批准');
    await screenshot(wc.page, 'issue-requests-decided');

    const decided = await operator.issueRequests.get(request.id);
    expect(decided.status).toBe('partially-approved');
    expect(decided.lines[0]?.approvedQty).toBe(2);
    expect(decided.approvals).toMatchObject([
      { approver: 'demo-approver', decision: 'partially-approved', comment: '先发 2 个，余量下周补' },
    ]);
    expect(await onHand(operator, item, 'WH-RM')).toBe(before - 2);
    expectNoPageErrors(wc.pageErrors);
  });

  it('cannot approve his own request: the page says so, and the server refuses with its reason', async () => {
    // 孙仓管 requests material (storekeepers may) and approves for WH-RM: but not his own request.
    const storekeeper = await server.api('demo-storekeeper');
    const { request, item } = await createIssueRequestWithStock(storekeeper, 'WH-RM', 1, used);
    used.add(request.workOrderNo!);
    const before = await onHand(storekeeper, item, 'WH-RM');

    const wc = await signedIn('demo-storekeeper', '孙仓管', 'pages/issue-requests/index', { id: request.id });
    await wc.page.locator('#ir-detail').waitFor({ timeout: 15_000 });
    await expect
      .poll(() => wc.page.locator('#ir-own-notice').textContent())
      .toContain('这是你自己提交的申请，需由其他审批人审批');
    expect(await wc.page.locator('#ir-approve').count()).toBe(0);
    await screenshot(wc.page, 'issue-requests-own');

    const refused = await storekeeper.issueRequests.approve(request.id).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ForbiddenError);
    expect((refused as ForbiddenError).message).toContain('you cannot approve your own request');
    expect((await storekeeper.issueRequests.get(request.id)).status).toBe('pending');
    expect(await onHand(storekeeper, item, 'WH-RM')).toBe(before);
    expectNoPageErrors(wc.pageErrors);
  });

  it('tells him, in Chinese, that another approver decided first, and shows the request as it is now', async () => {
    const operator = await server.api('demo-operator');
    const { request } = await createIssueRequestWithStock(operator, 'WH-RM', 1, used);
    used.add(request.workOrderNo!);

    const wc = await signedIn('demo-approver', '赵主管', 'pages/issue-requests/index', { id: request.id });
    const approve = wc.page.locator('#ir-approve');
    await approve.waitFor({ timeout: 15_000 });
    await expect.poll(() => wc.page.locator('#ir-qty-0 input, input#ir-qty-0').inputValue()).toBe('1');
    // Meanwhile 孙仓管 (who also approves for WH-RM) approves it.
    await (await server.api('demo-storekeeper')).issueRequests.approve(request.id);
    await approve.click();
    // The page says so in Chinese, reads the request again and offers no decision any more.
    const overtaken = wc.page.locator('#ir-overtaken');
    await overtaken.waitFor();
    expect(await overtaken.textContent()).toContain('已是「已批准」，不能再操作');
    await expect.poll(() => wc.page.locator('#ir-status').textContent()).toContain('已批准');
    expect(await approve.count()).toBe(0);
    await screenshot(wc.page, 'issue-requests-refused');
    expectNoPageErrors(wc.pageErrors);
  });
});
