import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  appUrl,
  describeInBrowser,
  type E2eServer,
  expectNoPageErrors,
  type HostPage,
  loginCode,
  onScreen,
  openHostPage,
  type RunningBrowser,
  screenshot,
  startServerAndBrowser,
  waitForHome,
} from './harness.js';

/**
 * The storekeeper's and the planner's pages in WeCom: home, stock alerts (acknowledge one), the
 * production board on a big screen, a new issue request, lot trace by a WeCom scan. Screenshots of
 * each under tests/e2e/screenshots/.
 */
describeInBrowser('WeCom storekeeper and planner pages (fake iOS WeCom bridge, real server)', () => {
  let server: E2eServer;
  let chromium: RunningBrowser;
  const pages: HostPage[] = [];

  async function signedIn(
    userId: string,
    name: string,
    options: { viewport?: { width: number; height: number }; deviceScaleFactor?: number } = {},
  ) {
    const wc = await openHostPage(chromium.browser, 'wecom', options);
    pages.push(wc);
    await wc.page.goto(
      appUrl(server.url, 'pages/index/index', {}, `?code=${loginCode(userId)}&state=shopfloor`),
    );
    await waitForHome(wc.page, name);
    return wc;
  }

  /** Opens a route in the same document (hash change), as a tap in the app would. */
  async function open(wc: HostPage, route: string, params: Record<string, string | number> = {}) {
    const query = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString();
    await wc.page.evaluate(
      (hash) => {
        location.hash = hash;
      },
      `#/${route}${query ? `?${query}` : ''}`,
    );
  }

  beforeAll(async () => {
    ({ server, chromium } = await startServerAndBrowser());
  });
  afterAll(async () => {
    for (const p of pages) await p.close();
    await chromium?.close();
    await server?.close();
  });

  it('storekeeper: open alerts on his home, and acknowledges a stock alert', async () => {
    const wc = await signedIn('demo-storekeeper', '孙仓管');
    await onScreen(wc.page).getByText('未处理预警').waitFor();
    await screenshot(wc.page, 'home-storekeeper');

    const api = await server.api('demo-storekeeper');
    const open_ = (await api.alerts.listPage({ status: 'open', limit: 50 })).items;
    const alert = open_.find((a) => a.kind === 'safety-stock') ?? open_[0];
    expect(alert, 'the demo factory has open alerts').toBeDefined();
    await onScreen(wc.page).getByText('库存预警', { exact: true }).click();
    const ack = onScreen(wc.page).locator(`#alert-ack-${alert!.id}`);
    await ack.waitFor();
    await screenshot(wc.page, 'alerts');
    await ack.click();
    await expect
      .poll(async () =>
        (await api.alerts.listPage({ status: 'acknowledged', limit: 100 })).items.map((a) => a.id),
      )
      .toContain(alert!.id);
    await onScreen(wc.page).locator(`#alert-state-${alert!.id}`).waitFor();
    expectNoPageErrors(wc.pageErrors);
  });

  it('planner: home, the board at 1440×900 with overdue work orders marked, a new issue request', async () => {
    const wc = await signedIn('demo-planner', '周计划');
    await onScreen(wc.page).getByText('未处理预警').waitFor();
    await screenshot(wc.page, 'home-planner');

    // A storekeeper counts one balance right (as booked): the board's 盘点准确率 shows it.
    const keeper = await server.api('demo-storekeeper');
    const [balance] = (await keeper.stock.balancesPage({ warehouse: 'WH-RM', limit: 20 })).items.filter(
      (b) => !b.lot && b.location && b.qty > 0,
    );
    expect(balance, 'a stocked balance without a lot in WH-RM').toBeDefined();
    const task = await keeper.request<{ id: string; abcClass: string }>({
      method: 'POST',
      path: '/cycle-counts',
      body: { item: balance!.item, location: balance!.location },
    });
    await keeper.request({
      method: 'POST',
      path: `/cycle-counts/${task.id}/count`,
      body: { qty: balance!.qty },
      idempotencyKey: crypto.randomUUID(),
    });

    await wc.page.setViewportSize({ width: 1440, height: 900 });
    await open(wc, 'pages/board/index');
    const board = onScreen(wc.page);
    await board.locator('[id^="board-wo-"]').first().waitFor();
    const accuracy = board.locator(`#board-accuracy-${task.abcClass}`);
    await accuracy.waitFor();
    expect(await accuracy.textContent()).toContain('100%');
    expect(await board.locator('#board-accuracy').textContent()).toContain('盘点准确率');
    // Work orders due before today (Shanghai) and not finished are marked overdue.
    const api = await server.api('demo-planner');
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(server.clock.now());
    const overdue: string[] = [];
    for (const status of ['released', 'in-progress'] as const) {
      for await (const order of api.workOrders.list({ status }))
        if (order.due < today) overdue.push(order.no);
    }
    expect(overdue.length, 'the demo factory has overdue work orders').toBeGreaterThan(0);
    for (const no of overdue) await board.locator(`#board-overdue-${no}`).waitFor();
    await screenshot(wc.page, 'board');
    // The same in English (the status bar's language switch), then back to Chinese.
    await onScreen(wc.page).getByText('English', { exact: true }).click();
    await board.getByText('Online', { exact: true }).waitFor();
    await board.getByText('In progress').first().waitFor();
    await screenshot(wc.page, 'board-en');
    await onScreen(wc.page).getByText('中文', { exact: true }).click();

    await wc.page.setViewportSize({ width: 390, height: 844 });
    const order = (await api.workOrders.listPage({ status: 'released', limit: 1 })).items[0]!;
    await open(wc, 'pages/issue-requests/index', { new: 1, workOrderNo: order.no });
    await onScreen(wc.page).locator('#ir-materials').waitFor();
    await screenshot(wc.page, 'issue-requests-create');
    expectNoPageErrors(wc.pageErrors);
  });

  it('planner: traces a lot scanned through WeCom (JS-SDK registered with the server’s signature)', async () => {
    const wc = pages.at(-1)!;
    // The lot with the most inputs: a finished lot with a tree worth looking at.
    const edges = await server.database.db.selectFrom('genealogy_edges').select('to_lot').execute();
    const inputs = new Map<string, number>();
    for (const { to_lot } of edges) inputs.set(to_lot, (inputs.get(to_lot) ?? 0) + 1);
    const lot = [...inputs].sort((a, b) => b[1] - a[1])[0]![0];
    await open(wc, 'pages/trace/index');
    const trace = onScreen(wc.page);
    await trace.locator('#trace-scan').click();
    await wc.queueScan(lot);
    await trace.getByText(lot).first().waitFor();
    // The page asked WeCom to scan after registering with a signature the server made.
    const calls = await wc.bridgeCalls();
    expect(calls.map((c) => c.api)).toContain('scanQRCode');
    expect(server.fakes.calls.map((c) => c.api)).toContain('wecom.agent-ticket');
    await screenshot(wc.page, 'trace');
    expectNoPageErrors(wc.pageErrors);
  });

  // The header (title, counters, refresh, workshop filters) once stayed Chinese after a switch.
  it('switches the whole board to English and back', async () => {
    const wc = pages.at(-1)!;
    await open(wc, 'pages/board/index');
    const board = onScreen(wc.page);
    await board.locator('[id^="board-wo-"]').first().waitFor();
    try {
      await board.getByText('English', { exact: true }).click();
      await board.getByText('In progress').first().waitFor();
      await board.getByText('Production board').waitFor({ timeout: 3_000 });
    } finally {
      await onScreen(wc.page).getByText('中文', { exact: true }).click();
    }
  });
});
