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

/** Good quantities of the three reports: distinct, so each one is recognisable on the server. */
const ONLINE_QTY = 3;
const OFFLINE_QTYS = [2, 1];
const TOTAL = ONLINE_QTY + OFFLINE_QTYS.reduce((a, b) => a + b, 0);
const byValue = (a: number, b: number) => a - b;

describeInBrowser('DingTalk operator (fake iOS DingTalk bridge, real server and H5 build)', () => {
  let server: E2eServer;
  let chromium: RunningBrowser;
  let dt: HostPage;
  let target: ReportableOperation;
  let reportsBefore: Set<string>;

  beforeAll(async () => {
    ({ server, chromium } = await startServerAndBrowser());
    dt = await openHostPage(chromium.browser, 'dingtalk', { authCode: loginCode('demo-operator') });
    const operator = await server.api('demo-operator');
    // Two more than the three: the fresh-start and the reopen-offline tests report once each.
    target = await findReportableOperation(operator, ['WS-ASM'], TOTAL + 2);
    reportsBefore = new Set((await reportsOf(target)).map((r) => r.id));
  });
  afterAll(async () => {
    await dt?.close();
    await chromium?.close();
    await server?.close();
  });

  /** The reports the server holds for the target operation. */
  const reportsOf = ({ order, op }: ReportableOperation) =>
    server.database.db
      .selectFrom('operation_reports')
      .select(['id', 'good_qty', 'scrap_qty', 'reporter'])
      .where('work_order_no', '=', order.no)
      .where('seq', '=', op.seq)
      .execute();

  const view = () => onScreen(dt.page);
  const statusQueue = () => view().locator('#status-queue');
  const good = () => view().locator('#report-good input, input#report-good');

  /** Types the good quantity (scrap stays 0) and taps 提交报工. */
  async function report(qty: number): Promise<void> {
    await good().fill(String(qty));
    await view().locator('#report-submit').click();
  }

  it('signs in through requestAuthCode without a password and shows his operations', async () => {
    await dt.page.goto(appUrl(server.url));
    await waitForHome(dt.page, '李师傅');
    const asked = (await dt.bridgeCalls()).find((c) => c.api === 'runtime.permission.requestAuthCode');
    expect(asked?.params).toMatchObject({ corpId: 'ding-corp-server' });
    expect(server.fakes.calls.find((c) => c.api === 'dingtalk.getuserinfo')?.body).toEqual({
      code: loginCode('demo-operator'),
    });
    await dt.page.getByText('今日工序').waitFor();
    await dt.page.getByText(`${target.op.seq} · ${target.op.name}`).first().waitFor();
    await screenshot(dt.page, 'home-operator');
    expectNoPageErrors(dt.pageErrors);
  });

  it('scans an operation of his workshop and reports it: 已发送', async () => {
    const qr = `SF1:OP:${target.order.no}:${target.op.seq}`;
    await dt.queueScan(qr);
    await dt.page.locator('.sf-button--scan', { hasText: '扫码报工' }).click();
    await good().waitFor({ timeout: 15_000 });
    expect((await dt.bridgeCalls()).filter((c) => c.api === 'biz.util.scan')).toHaveLength(1);
    await view().getByText(target.order.no).first().waitFor();
    await screenshot(dt.page, 'report');

    await report(ONLINE_QTY);
    await expect.poll(() => view().locator('#report-result').textContent()).toContain('已发送');
    await expect.poll(() => statusQueue().textContent()).toContain('已发送');
    await screenshot(dt.page, 'report-sent');
    expectNoPageErrors(dt.pageErrors);
  });

  it('keeps two reports on the phone while offline (待发送 2), sends them once online: exactly three reports', async () => {
    await statusQueue().click();
    await view().getByText('全部已发送').waitFor();
    // Back only once the page has slid in: Taro leaves a blank screen for a back during the slide.
    await settled(dt.page);
    await dt.page.goBack();
    await good().waitFor();

    await dt.context.setOffline(true);
    await view().getByText('离线', { exact: true }).waitFor();
    for (const qty of OFFLINE_QTYS) {
      await report(qty);
      await expect.poll(() => view().locator('#report-result').textContent()).toContain('待发送');
    }
    await expect.poll(() => statusQueue().textContent()).toContain('待发送 2');
    await screenshot(dt.page, 'report-offline');
    // Nothing left the phone while offline.
    expect((await reportsOf(target)).filter((r) => !reportsBefore.has(r.id))).toHaveLength(1);

    await statusQueue().click();
    await view().getByText('离线中，联网后自动发送').waitFor();
    await screenshot(dt.page, 'outbox');

    await dt.context.setOffline(false);
    await expect.poll(() => statusQueue().textContent(), { timeout: 15_000 }).toContain('已发送');
    await view().getByText('全部已发送').waitFor();

    // A moment more, for any late duplicate to land; then exactly the three reports, none twice.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const added = (await reportsOf(target)).filter((r) => !reportsBefore.has(r.id));
    expect(added.map((r) => Number(r.good_qty)).sort(byValue)).toEqual(
      [ONLINE_QTY, ...OFFLINE_QTYS].sort(byValue),
    );
    expect(added.every((r) => r.reporter === 'demo-operator' && Number(r.scrap_qty) === 0)).toBe(true);
    const op = (await (await server.api('demo-operator')).workOrders.get(target.order.no)).operations.find(
      (o) => o.seq === target.op.seq,
    );
    expect(op?.goodQty).toBe(target.op.goodQty + TOTAL);
    expectNoPageErrors(dt.pageErrors);
  });

  // Every page is a lazily loaded chunk: the server's index.html prefetches them all and serves them
  // as immutable, and the home page keeps the operator's work orders on the phone, so a scan opens
  // its report page, figures included, even when the phone went offline right after the start.
  it('opens a scanned report offline on a fresh start, the report page never opened before', async () => {
    const fresh = await openHostPage(chromium.browser, 'dingtalk', { authCode: loginCode('demo-operator') });
    try {
      await fresh.page.goto(appUrl(server.url));
      await waitForHome(fresh.page, '李师傅');
      await fresh.context.setOffline(true);
      await onScreen(fresh.page).getByText('离线', { exact: true }).waitFor();
      await fresh.queueScan(`SF1:OP:${target.order.no}:${target.op.seq}`);
      await fresh.page.locator('.sf-button--scan', { hasText: '扫码报工' }).click();
      await expect
        .poll(() => fresh.bridgeCalls().then((calls) => calls.some((c) => c.api === 'biz.util.scan')))
        .toBe(true);
      const opened = await onScreen(fresh.page)
        .locator('#report-good input, input#report-good')
        .waitFor({ timeout: 5_000 })
        .then(
          () => true,
          () => false,
        );
      expect(opened, `the report page did not open offline: ${fresh.pageErrors.join('; ')}`).toBe(true);
      await onScreen(fresh.page).getByText(target.order.no).first().waitFor();
      const before = (await reportsOf(target)).length;
      await onScreen(fresh.page).locator('#report-good input, input#report-good').fill('1');
      await onScreen(fresh.page).locator('#report-submit').click();
      await expect
        .poll(() => onScreen(fresh.page).locator('#report-result').textContent())
        .toContain('待发送');
      await fresh.context.setOffline(false);
      await expect
        .poll(() => onScreen(fresh.page).locator('#report-result').textContent(), { timeout: 15_000 })
        .toContain('已发送');
      expect(await reportsOf(target)).toHaveLength(before + 1);
    } finally {
      await fresh.close();
    }
  });
  // The server's service worker keeps the app itself: closed and reopened in a dead spot, it opens.
  it('reopens with no network at all and still takes a report, sent once back online', async () => {
    const phone = await openHostPage(chromium.browser, 'dingtalk', { authCode: loginCode('demo-operator') });
    try {
      await phone.page.goto(appUrl(server.url));
      await waitForHome(phone.page, '李师傅');
      await phone.page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
      await phone.page.goto('about:blank');
      await phone.context.setOffline(true);
      await phone.page.goto(appUrl(server.url));
      await waitForHome(phone.page, '李师傅');
      await onScreen(phone.page).getByText('离线', { exact: true }).waitFor();

      await phone.queueScan(`SF1:OP:${target.order.no}:${target.op.seq}`);
      await phone.page.locator('.sf-button--scan', { hasText: '扫码报工' }).click();
      const field = onScreen(phone.page).locator('#report-good input, input#report-good');
      await field.waitFor();
      await onScreen(phone.page).getByText(target.order.no).first().waitFor();
      const before = (await reportsOf(target)).length;
      await field.fill('1');
      await onScreen(phone.page).locator('#report-submit').click();
      await expect
        .poll(() => onScreen(phone.page).locator('#report-result').textContent())
        .toContain('待发送');
      await phone.context.setOffline(false);
      await expect
        .poll(() => onScreen(phone.page).locator('#report-result').textContent(), { timeout: 15_000 })
        .toContain('已发送');
      expect(await reportsOf(target)).toHaveLength(before + 1);
    } finally {
      await phone.close();
    }
  });
});
