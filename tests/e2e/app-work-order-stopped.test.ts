import { WorkOrder } from '@shopfloor/sdk';
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
  startServerAndBrowser,
  waitForHome,
} from './harness.js';

/**
 * Issue 13 on the phone (DingTalk operator, 375×812, real server): a planner puts a work order on
 * hold while the operator has its report page open; the report he sends is refused for good (a dead
 * letter at once, worded 已暂停) and nothing is written; the report page then shows the big 暂停
 * banner with the reason instead of the form, and the home list marks the operation 暂停.
 * Screenshots: tests/e2e/screenshots/app-work-order-stopped-*.png.
 */
describeInBrowser('App: a work order on hold (暂停) on the phone (DingTalk operator, 375×812)', () => {
  let server: E2eServer;
  let chromium: RunningBrowser;
  let dt: HostPage;
  let target: ReportableOperation;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ({ server, chromium } = await startServerAndBrowser());
    dt = await openHostPage(chromium.browser, 'dingtalk', {
      authCode: loginCode('demo-operator'),
      viewport: { width: 375, height: 812 },
    });
    dt.page.on('pageerror', (error) => pageErrors.push(error.message));
    target = await findReportableOperation(await server.api('demo-operator'), ['WS-ASM'], 2);
    await dt.page.goto(appUrl(server.url));
    await waitForHome(dt.page, '李师傅');
  });
  afterAll(async () => {
    await dt?.close();
    await chromium?.close();
    await server?.close();
  });

  const view = () => onScreen(dt.page);
  const reports = async () =>
    (
      await server.database.db
        .selectFrom('operation_reports')
        .select('id')
        .where('work_order_no', '=', target.order.no)
        .execute()
    ).length;

  it('refuses the report for good, then shows 暂停 on the report page and the home list', async () => {
    const no = target.order.no;
    await dt.page.goto(appUrl(server.url, 'pages/report/index', { workOrderNo: no, seq: target.op.seq }));
    const good = view().locator('#report-good input, input#report-good');
    await good.waitFor();

    const admin = await server.api('demo-admin');
    const held = await admin.request({
      method: 'POST',
      path: `/work-orders/${encodeURIComponent(no)}/hold`,
      body: { reason: '缺料：等待来料' },
      schema: WorkOrder,
      idempotencyKey: crypto.randomUUID(),
    });
    expect(held.status).toBe('on-hold');

    const before = await reports();
    await good.fill('1');
    await view().locator('#report-submit').click();
    // Final at once: no retries, worded from the code in Chinese.
    await view()
      .locator('#report-result.is-rejected')
      .getByText(/已暂停，暂停期间不能报工/)
      .waitFor();
    expect(await reports()).toBe(before);
    await screenshot(dt.page, 'app-work-order-stopped-refused');

    await dt.page.goto(appUrl(server.url, 'pages/report/index', { workOrderNo: no, seq: target.op.seq }));
    const banner = view().locator('#report-stopped');
    await banner.getByText('暂停', { exact: true }).waitFor();
    await banner.getByText('原因：缺料：等待来料').waitFor();
    expect(await view().locator('#report-good input, input#report-good').count()).toBe(0);
    // The header says 暂停 too, not the operation's own status (可开工).
    await view().locator('.sf-report-head .sf-badge--stopped').getByText('暂停').waitFor();
    await screenshot(dt.page, 'app-work-order-stopped-report');

    await dt.page.goto(appUrl(server.url));
    await waitForHome(dt.page, '李师傅');
    const row = view().locator('.sf-row').filter({ hasText: no }).first();
    await row.locator('.sf-badge--stopped').getByText('暂停').waitFor();
    await screenshot(dt.page, 'app-work-order-stopped-home');
    expectNoPageErrors(pageErrors);
  });
});
