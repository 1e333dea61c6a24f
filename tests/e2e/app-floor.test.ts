import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  appUrl,
  createIssueRequestWithStock,
  describeInBrowser,
  type E2eServer,
  expectNoPageErrors,
  findReportableOperation,
  type HostPage,
  loginCode,
  onScreen,
  openHostPage,
  type RunningBrowser,
  SCREENSHOTS,
  screenshot,
  settled,
  startServerAndBrowser,
  waitForHome,
} from './harness.js';

/**
 * The floor's habits: scan guns typing codes with Enter, lists that keep up with decisions, the
 * language switch, deep links to nowhere, one count on a forward trace, few taps for a request,
 * 今日工序 a week ahead, and a wall board that pages by itself.
 */
describeInBrowser('App on the floor (DingTalk and WeCom fakes, real server and H5 build)', () => {
  let server: E2eServer;
  let chromium: RunningBrowser;
  const pages: HostPage[] = [];

  beforeAll(async () => {
    ({ server, chromium } = await startServerAndBrowser());
  });
  afterAll(async () => {
    for (const p of pages) await p.close();
    await chromium?.close();
    await server?.close();
  });

  async function operator(): Promise<HostPage> {
    const dt = await openHostPage(chromium.browser, 'dingtalk', { authCode: loginCode('demo-operator') });
    pages.push(dt);
    await dt.page.goto(appUrl(server.url));
    await waitForHome(dt.page, '李师傅');
    return dt;
  }

  async function wecom(
    userId: string,
    name: string,
    viewport?: { width: number; height: number },
  ): Promise<HostPage> {
    const wc = await openHostPage(chromium.browser, 'wecom', viewport ? { viewport } : {});
    pages.push(wc);
    await wc.page.goto(
      appUrl(server.url, 'pages/index/index', {}, `?code=${loginCode(userId)}&state=shopfloor`),
    );
    await waitForHome(wc.page, name);
    return wc;
  }

  /** Types like a scan gun: the code's keystrokes and Enter, into the page (no field focused). */
  async function gun(host: HostPage, code: string) {
    await host.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await host.page.keyboard.type(code);
    await host.page.keyboard.press('Enter');
  }

  it('scan gun (keystrokes + Enter): home opens the report, the report page takes a lot, no 扫码 tap', async () => {
    const dt = await operator();
    const target = await findReportableOperation(await server.api('demo-operator'), ['WS-ASM'], 1);
    await settled(dt.page);
    await gun(dt, `SF1:OP:${target.order.no}:${target.op.seq}`);
    const good = onScreen(dt.page).locator('#report-good input, input#report-good');
    await good.waitFor();
    await onScreen(dt.page).getByText(target.order.no).first().waitFor();
    expect((await dt.bridgeCalls()).filter((c) => c.api === 'biz.util.scan')).toHaveLength(0);

    // On the report page a lot label typed by the gun becomes a consumed lot.
    const edge = await server.database.db
      .selectFrom('lots')
      .select(['code'])
      .where('qty', '>', '0')
      .limit(1)
      .executeTakeFirst();
    if (edge) {
      await settled(dt.page);
      await gun(dt, edge.code);
      await onScreen(dt.page).locator('.sf-report-lot__code', { hasText: edge.code }).waitFor();
    }
    await screenshot(dt.page, 'app-wedge-report');

    // The trace page traces what the gun typed.
    await dt.page.goto(appUrl(server.url, 'pages/trace/index'));
    await onScreen(dt.page).locator('#trace-input').waitFor();
    await settled(dt.page);
    const lot = (
      await server.database.db
        .selectFrom('genealogy_edges')
        .select('to_lot')
        .limit(1)
        .executeTakeFirstOrThrow()
    ).to_lot;
    await gun(dt, lot);
    await onScreen(dt.page).locator('#trace-root', { hasText: lot }).waitFor();
    expect((await dt.bridgeCalls()).filter((c) => c.api === 'biz.util.scan')).toHaveLength(0);
    expectNoPageErrors(dt.pageErrors);
  });

  it('scan fields take typed codes ended by Enter; Enter in a quantity field is not a scan', async () => {
    const dt = pages[0]!; // the DingTalk operator
    const target = await findReportableOperation(await server.api('demo-operator'), ['WS-ASM'], 1);
    await dt.page.goto(
      appUrl(server.url, 'pages/report/index', { workOrderNo: target.order.no, seq: target.op.seq }),
    );
    const good = onScreen(dt.page).locator('#report-good input, input#report-good');
    await good.waitFor();
    await good.fill('');
    await good.pressSequentially('1');
    await good.press('Enter');
    await new Promise((r) => setTimeout(r, 300));
    expect(await onScreen(dt.page).locator('.sf-report-lot__code').count()).toBe(0);
    expect(await good.inputValue()).toBe('1');

    const lot = (
      await server.database.db
        .selectFrom('genealogy_edges')
        .select('to_lot')
        .limit(1)
        .executeTakeFirstOrThrow()
    ).to_lot;
    await dt.page.goto(appUrl(server.url, 'pages/trace/index'));
    const field = onScreen(dt.page).locator('#trace-input input, input#trace-input');
    await field.click();
    await dt.page.keyboard.type(lot);
    await dt.page.keyboard.press('Enter');
    await onScreen(dt.page).locator('#trace-root', { hasText: lot }).waitFor();
    expect((await dt.bridgeCalls()).filter((c) => c.api === 'biz.util.scan')).toHaveLength(0);
    expectNoPageErrors(dt.pageErrors);
  });

  it('a scanned code that is no operation, and an unknown work order, are said in Chinese only', async () => {
    const dt = pages[0]!; // the DingTalk operator
    await dt.page.goto(appUrl(server.url));
    await waitForHome(dt.page, '李师傅');
    await settled(dt.page);
    await gun(dt, 'hello-world');
    const toast = dt.page.getByText(/这不是工序码/);
    await toast.waitFor();
    const said = (await toast.textContent()) ?? '';
    expect(said).toContain('hello-world');
    expect(said).not.toMatch(/expected|operation code|SF1:OP/);
    await screenshot(dt.page, 'app-bad-qr');

    await settled(dt.page);
    await gun(dt, 'SF1:OP:WO-9999-0001:10');
    await onScreen(dt.page).getByText('工单 WO-9999-0001 不存在').first().waitFor();
    expect(await onScreen(dt.page).textContent()).not.toMatch(/does not exist|work order/);
    await screenshot(dt.page, 'app-unknown-work-order');
    expectNoPageErrors(dt.pageErrors);
  });

  it('forward trace says one count, worded exactly', async () => {
    const dt = pages[0]!; // the DingTalk operator
    const from = (
      await server.database.db
        .selectFrom('genealogy_edges')
        .select(['from_lot', (eb) => eb.fn.countAll().as('n')])
        .groupBy('from_lot')
        .orderBy('n', 'desc')
        .limit(1)
        .executeTakeFirstOrThrow()
    ).from_lot;
    await dt.page.goto(appUrl(server.url, 'pages/trace/index', { lot: from }));
    await onScreen(dt.page).locator('#trace-tab-forward').click();
    const recall = onScreen(dt.page).locator('#trace-recall');
    await recall.waitFor();
    const text = (await onScreen(dt.page).textContent()) ?? '';
    expect(text).not.toContain('追溯到');
    expect(text.match(/个批次/g)).toHaveLength(1);
    expect(text).toMatch(/本批次及其流向共 \d+ 个批次/);
    await screenshot(dt.page, 'app-trace-forward');
  });

  it('approver rejects a request, goes back: the list no longer shows it as 待审批', async () => {
    const { request } = await createIssueRequestWithStock(await server.api('demo-operator'), 'WH-RM', 1);
    const wc = await wecom('demo-approver', '赵主管');
    await wc.page.getByText('领料', { exact: true }).click();
    const row = onScreen(wc.page).locator(`#ir-row-${request.id}`);
    await row.waitFor();
    expect(await row.textContent()).toContain('待审批');
    await settled(wc.page);
    await row.click();
    await onScreen(wc.page).locator('#ir-comment textarea, textarea#ir-comment').fill('型号不对');
    await onScreen(wc.page).locator('#ir-reject').click();
    await expect.poll(() => onScreen(wc.page).locator('#ir-status').textContent()).toContain('驳回');
    await settled(wc.page);
    await wc.page.goBack();
    await onScreen(wc.page).locator('#ir-list-pending').waitFor();
    await expect
      .poll(async () => onScreen(wc.page).locator(`#ir-row-${request.id}`).count(), { timeout: 5_000 })
      .toBe(0);
    await screenshot(wc.page, 'app-approver-list-after-reject');
    expectNoPageErrors(wc.pageErrors);
  });

  it('tap counts: approve a request from home ≤ 3, scan → sent ≤ 2', async () => {
    const { request } = await createIssueRequestWithStock(await server.api('demo-operator'), 'WH-RM', 1);
    const wc = await wecom('demo-approver', '赵主管'); // a fresh start: his home
    let taps = 0;
    await settled(wc.page);
    await onScreen(wc.page)
      .locator('.sf-section', { hasText: '待审批领料' })
      .locator('.sf-row', { hasText: request.workOrderNo! })
      .first()
      .click();
    taps++;
    const approve = onScreen(wc.page).locator('#ir-approve');
    await approve.waitFor();
    await expect.poll(() => approve.textContent()).toContain('批准');
    await approve.click();
    taps++;
    await expect.poll(() => onScreen(wc.page).locator('#ir-status').textContent()).toContain('已批准');
    console.info(`[e2e] approve a request from home: ${taps} taps`);
    expect(taps).toBeLessThanOrEqual(3);

    const dt = pages[0]!; // the DingTalk operator
    const target = await findReportableOperation(await server.api('demo-operator'), ['WS-ASM'], 1);
    await dt.page.goto(appUrl(server.url));
    await waitForHome(dt.page, '李师傅');
    let scanTaps = 0;
    await dt.queueScan(`SF1:OP:${target.order.no}:${target.op.seq}`);
    await dt.page.locator('.sf-button--scan', { hasText: '扫码报工' }).click();
    scanTaps++;
    await onScreen(dt.page).getByText(target.order.no).first().waitFor();
    await onScreen(dt.page).locator('#report-submit').click();
    scanTaps++;
    await expect
      .poll(() => onScreen(dt.page).locator('#report-result').textContent(), { timeout: 15_000 })
      .toContain('已发送');
    console.info(`[e2e] scan → sent: ${scanTaps} taps`);
    expect(scanTaps).toBeLessThanOrEqual(2);
  });

  it('switching language redraws the page at once', async () => {
    const wc = pages.at(-1)!;
    await wc.page.goto(
      appUrl(server.url, 'pages/index/index', {}, `?code=${loginCode('demo-approver')}&state=shopfloor`),
    );
    await waitForHome(wc.page, '赵主管');
    await onScreen(wc.page).getByText('English', { exact: true }).click();
    await onScreen(wc.page).getByText(/Hello/).waitFor({ timeout: 3_000 });
    await onScreen(wc.page).getByText('Material', { exact: true }).first().waitFor({ timeout: 3_000 });
    await screenshot(wc.page, 'app-home-english');
    await onScreen(wc.page).getByText('中文', { exact: true }).click();
    await onScreen(wc.page).getByText(/你好/).waitFor({ timeout: 3_000 });
  });

  it('a deep link to an unknown page shows a page with a way home; /favicon.ico is served', async () => {
    const wc = pages.at(-1)!;
    await wc.page.goto(appUrl(server.url, 'pages/nowhere/index'));
    const notFound = wc.page.locator('#sf-not-found');
    await notFound.waitFor();
    expect(await notFound.textContent()).toContain('没有这个页面');
    // No Taro page is on screen to settle: a plain shot.
    await wc.page.screenshot({ path: `${SCREENSHOTS}/app-not-found.png` });
    await wc.page.locator('#sf-not-found-home').click();
    await waitForHome(wc.page, '赵主管');
    expect(await notFound.count()).toBe(0);

    const icon = await fetch(`${server.url}/favicon.ico`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toContain('image/');
  });

  it('a new 2-line material request from a work order takes ≤ 6 taps (nothing pre-ticked)', async () => {
    const dt = pages[0]!; // the DingTalk operator
    await dt.page.goto(appUrl(server.url));
    await waitForHome(dt.page, '李师傅');
    const api = await server.api('demo-operator');
    // A work order of his whose materials include two lines held in one warehouse.
    let chosen: string | undefined;
    for (const status of ['released', 'in-progress'] as const) {
      for await (const order of api.workOrders.list({ status })) {
        const m = await api.workOrders.materials(order.no);
        const held = m.lines.filter((l) => l.remaining > 0 && l.onHand.some((h) => h.qty >= l.remaining));
        if (held.length >= 2 && !chosen) chosen = order.no;
      }
    }
    expect(chosen, 'a work order with two materials in stock').toBeDefined();
    const before = new Set(
      (await api.issueRequests.listPage({ mine: true, limit: 100 })).items.map((r) => r.id),
    );

    let taps = 0;
    const tap = async (locator: ReturnType<typeof onScreen>) => {
      await settled(dt.page);
      await locator.click();
      taps++;
    };
    await tap(onScreen(dt.page).getByText('领料', { exact: true }));
    await tap(onScreen(dt.page).locator('#ir-new'));
    await tap(onScreen(dt.page).locator(`#ir-wo-${chosen}`));
    await onScreen(dt.page).locator('#ir-materials').waitFor();
    // Nothing is ticked until he says so.
    await expect.poll(() => onScreen(dt.page).locator('#ir-submit').textContent()).toContain('0 项');
    const held = onScreen(dt.page).locator('[id^="ir-include-"]:not(.is-disabled)');
    await expect.poll(() => held.count()).toBeGreaterThanOrEqual(2);
    await tap(held.nth(0));
    await tap(held.nth(1));
    await expect.poll(() => onScreen(dt.page).locator('#ir-submit').textContent()).toContain('2 项');
    await screenshot(dt.page, 'app-request-2-lines');
    await tap(onScreen(dt.page).locator('#ir-submit'));
    await expect
      .poll(async () => (await api.issueRequests.listPage({ mine: true, limit: 100 })).items.length, {
        timeout: 10_000,
      })
      .toBe(before.size + 1);
    const mine = (await api.issueRequests.listPage({ mine: true, limit: 100 })).items;
    const made = mine.find((r) => !before.has(r.id));
    expect(made?.workOrderNo).toBe(chosen);
    expect(new Set(made?.lines.map((l) => l.item)).size).toBe(2);
    console.info(`[e2e] a 2-line material request from a work order: ${taps} taps`);
    expect(taps).toBeLessThanOrEqual(6);
    expectNoPageErrors(dt.pageErrors);
  });

  it('今日工序: startable operations first, then the rest, paged', async () => {
    const dt = pages[0]!; // the DingTalk operator
    await dt.page.goto(appUrl(server.url));
    await waitForHome(dt.page, '李师傅');
    const section = onScreen(dt.page).locator('.sf-section', { hasText: '今日工序' });
    await section.locator('.sf-row').first().waitFor();
    const badges = await section.locator('.sf-row .sf-badge').allTextContents();
    const startable = badges.map((b) => b === '可开工' || b === '进行中');
    // Once a not-startable operation shows, no startable one follows.
    const firstWaiting = startable.indexOf(false);
    if (firstWaiting >= 0) expect(startable.slice(firstWaiting).every((s) => !s)).toBe(true);
    expect(badges.length).toBeLessThanOrEqual(10);
    await screenshot(dt.page, 'app-home-operator-ops');
  });

  it('the board on a wall screen pages through all work orders by itself', async () => {
    const wc = await wecom('demo-planner', '周计划', { width: 1920, height: 1080 });
    await wc.page.goto(appUrl(server.url, 'pages/board/index', { pageSeconds: 2 }));
    const board = onScreen(wc.page);
    await board.locator('[id^="board-wo-"]').first().waitFor();
    const indicator = board.locator('#board-page');
    await expect.poll(() => indicator.textContent(), { timeout: 5_000 }).toMatch(/第 1\/\d+ 页/);
    await screenshot(wc.page, 'app-board-wall-1');
    await expect.poll(() => indicator.textContent(), { timeout: 8_000 }).toMatch(/第 2\/\d+ 页/);
    const pagesTotal = Number(/\/(\d+)/.exec((await indicator.textContent()) ?? '')?.[1]);
    // Round and back to the first.
    await expect.poll(() => indicator.textContent(), { timeout: 4_000 * (pagesTotal + 1) }).toMatch(/第 1\//);
    expectNoPageErrors(wc.pageErrors);
  });
});
