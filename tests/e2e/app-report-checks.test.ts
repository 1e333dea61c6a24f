import type { WorkOrder, WorkOrderOperation } from '@shopfloor/sdk';
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
 * The report field refuses on the phone what the server would refuse — more than 可报, 可报 0 (out
 * of sequence), decimals finer than the item's, a typed minus — worded in place with nothing sent;
 * offline the same checks run on the phone's copy. An operation of another workshop opens as "not
 * yours" with no submit.
 */
describeInBrowser('App: wrong report input stopped on the phone (DingTalk operator, real server)', () => {
  let server: E2eServer;
  let chromium: RunningBrowser;
  let dt: HostPage;
  let target: ReportableOperation;
  let orders: WorkOrder[];

  beforeAll(async () => {
    ({ server, chromium } = await startServerAndBrowser());
    dt = await openHostPage(chromium.browser, 'dingtalk', { authCode: loginCode('demo-operator') });
    const operator = await server.api('demo-operator');
    target = await findReportableOperation(operator, ['WS-ASM'], 5);
    orders = [];
    for (const status of ['in-progress', 'released'] as const) {
      for await (const order of operator.workOrders.list({ status })) orders.push(order);
    }
    await dt.page.goto(appUrl(server.url));
    await waitForHome(dt.page, '李师傅');
  });
  afterAll(async () => {
    await dt?.close();
    await chromium?.close();
    await server?.close();
  });

  const view = () => onScreen(dt.page);
  const good = () => view().locator('#report-good input, input#report-good');
  const reportCount = async () =>
    Number(
      (
        await server.database.db
          .selectFrom('operation_reports')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  async function open(no: string, seq: number) {
    await dt.page.goto(appUrl(server.url, 'pages/report/index', { workOrderNo: no, seq }));
    await view().getByText(no).first().waitFor();
  }

  /** Types like a person (keystrokes, not a paste) into the good field. */
  async function typeGood(text: string) {
    await good().fill('');
    await good().pressSequentially(text);
  }

  it('refuses more than 可报 in place and sends nothing', async () => {
    await open(target.order.no, target.op.seq);
    await good().waitFor();
    const before = await reportCount();
    await typeGood('99999');
    await view().getByText(`超出可报数量 ${target.room}`).waitFor();
    await view().locator('#report-submit').click();
    await screenshot(dt.page, 'app-report-over-available');
    await new Promise((r) => setTimeout(r, 500));
    expect(await reportCount()).toBe(before);
    expect(await view().locator('#report-result').count()).toBe(0);
  });

  it('keeps a typed "-3" as -3 and refuses it (it never becomes 3)', async () => {
    const before = await reportCount();
    await typeGood('-3');
    expect(await good().inputValue()).toBe('-3');
    await view().getByText('不能为负数').waitFor();
    await view().locator('#report-submit').click();
    await new Promise((r) => setTimeout(r, 500));
    expect(await reportCount()).toBe(before);
  });

  it("refuses decimals finer than the item's precision", async () => {
    const precision = (await (await server.api('demo-operator')).workOrders.get(target.order.no)).precision;
    expect(precision).toBeDefined();
    const before = await reportCount();
    const tooFine = precision === 0 ? '1.5' : `1.${'1'.repeat((precision ?? 0) + 1)}`;
    await typeGood(tooFine);
    await view()
      .getByText(precision === 0 ? '本物料只能填整数' : `本物料最多 ${precision} 位小数`)
      .waitFor();
    await view().locator('#report-submit').click();
    await new Promise((r) => setTimeout(r, 500));
    expect(await reportCount()).toBe(before);
  });

  it('refuses any quantity when 可报 is 0 (the previous operation delivered nothing)', async () => {
    let found: { order: WorkOrder; op: WorkOrderOperation } | undefined;
    for (const order of orders) {
      order.operations.forEach((op, i) => {
        const prev = order.operations[i - 1];
        if (found || i === 0 || op.workshop !== 'WS-ASM' || op.status === 'done' || !prev) return;
        if (prev.goodQty - op.goodQty - op.scrapQty <= 0) found = { order, op };
      });
    }
    expect(found, 'the demo factory has an assembly operation waiting on its previous one').toBeDefined();
    await open(found!.order.no, found!.op.seq);
    const before = await reportCount();
    await typeGood('3');
    await view().getByText('上道工序还没有良品，本工序现在可报 0').waitFor();
    await view().locator('#report-submit').click();
    await screenshot(dt.page, 'app-report-out-of-sequence');
    await new Promise((r) => setTimeout(r, 500));
    expect(await reportCount()).toBe(before);
  });

  it('runs the same checks offline on the cached work order', async () => {
    await open(target.order.no, target.op.seq);
    await good().waitFor();
    await dt.context.setOffline(true);
    try {
      await dt.page.goto(appUrl(server.url));
      await waitForHome(dt.page, '李师傅');
      await open(target.order.no, target.op.seq);
      await view().getByText(/离线/).first().waitFor();
      await typeGood('99999');
      await view().getByText(`超出可报数量 ${target.room}`).waitFor();
      await view().locator('#report-submit').click();
      await view()
        .getByText('待发送')
        .waitFor({ state: 'detached', timeout: 1_000 })
        .catch(() => {});
      expect(await view().locator('#report-result').count()).toBe(0);
      await screenshot(dt.page, 'app-report-offline-refused');
    } finally {
      await dt.context.setOffline(false);
    }
  });

  it('opens an operation of another workshop as not yours, with the reason and no submit', async () => {
    let other: { order: WorkOrder; op: WorkOrderOperation } | undefined;
    for (const order of orders) {
      const op = order.operations.find((o) => o.workshop !== 'WS-ASM' && o.status !== 'done');
      if (op && !other) other = { order, op };
    }
    expect(other, 'a work order of his workshop with an operation elsewhere').toBeDefined();
    await open(other!.order.no, other!.op.seq);
    const notYours = view().locator('#report-not-yours');
    await notYours.waitFor();
    expect(await notYours.textContent()).toContain('不是你车间的工序');
    // names, not codes: his workshop (WS-ASM) and the operation's
    const reason = await notYours.textContent();
    expect(other!.op.workshopName).toBeTruthy();
    expect(reason).toContain(other!.op.workshopName);
    expect(reason).toContain('总装车间');
    expect(reason).not.toMatch(/WS-[A-Z]+/);
    expect(await view().locator('#report-submit').count()).toBe(0);
    expect(await good().count()).toBe(0);
    await screenshot(dt.page, 'app-report-not-yours');
    expectNoPageErrors(dt.pageErrors);
  });
});
