/**
 * 紧急领料 in the app (WeCom, real server on PGlite with the demo factory, real H5 build): 孙仓管, a
 * storekeeper of WH-RM, posts an emergency issue with the switch — the stock leaves at once and the
 * request is flagged; 赵主管 finds it with the emergency filter and approves it afterwards, which
 * moves no stock again.
 */
import type { ShopfloorClient } from '@shopfloor/sdk';
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
  settled,
  startServerAndBrowser,
  waitForHome,
} from './harness.js';

/** A work order with a material still to issue that WH-RM holds enough of. */
async function orderWithStockInRm(api: ShopfloorClient) {
  for (const status of ['released', 'in-progress'] as const) {
    for await (const order of api.workOrders.list({ status })) {
      const m = await api.workOrders.materials(order.no);
      const line = m.lines.find(
        (l) => l.remaining > 0 && l.onHand.some((h) => h.warehouse === 'WH-RM' && h.qty >= l.remaining),
      );
      if (line) return { no: order.no, item: line.item };
    }
  }
  throw new Error('the demo has no work order with a material held in WH-RM');
}

async function inWarehouse(api: ShopfloorClient, item: string) {
  const { items } = await api.stock.balancesPage({ item, warehouse: 'WH-RM', limit: 200 });
  return items.reduce((sum, b) => sum + b.qty, 0);
}

describeInBrowser('紧急领料 in WeCom: posted at once by a storekeeper, flagged, approved afterwards', () => {
  let server: E2eServer;
  let chromium: RunningBrowser;
  const pages: HostPage[] = [];

  async function signedIn(userId: string, name: string, path = 'pages/index/index', query = {}) {
    const wc = await openHostPage(chromium.browser, 'wecom');
    pages.push(wc);
    await wc.page.goto(appUrl(server.url, path, query, `?code=${loginCode(userId)}&state=shopfloor`));
    if (path === 'pages/index/index') await waitForHome(wc.page, name);
    return wc;
  }

  beforeAll(async () => {
    ({ server, chromium } = await startServerAndBrowser());
  }, 120_000);
  afterAll(async () => {
    for (const p of pages) await p.close();
    await chromium?.close();
    await server?.close();
  });

  it('the switch is offered to the supervisor of a workshop the order runs through, not to an approver', async () => {
    const planner = await server.api('demo-planner');
    let order: string | undefined;
    for await (const wo of planner.workOrders.list({ status: 'released' })) {
      if (wo.operations.some((op) => op.workshop === 'WS-ASM')) {
        order = wo.no;
        break;
      }
    }
    expect(order, 'a released work order through 总装车间').toBeDefined();
    const switchFor = async (host: HostPage) => {
      pages.push(host);
      await host.page.goto(appUrl(server.url, 'pages/issue-requests/index', { new: 1, workOrderNo: order! }));
      const view = onScreen(host.page);
      await view.locator('#ir-materials').waitFor({ timeout: 15_000 });
      const rm = view.locator('#ir-wh-WH-RM');
      if (await rm.count()) await rm.click();
      await settled(host.page);
      return view.locator('#ir-emergency').count();
    };
    // 李师傅 leads 总装车间 (WS-ASM) in the demo; 赵主管 approves for WH-RM but keeps no stock and leads no
    // workshop: he approves emergency issues afterwards, he does not post them.
    // Operators work in DingTalk, approvers in WeCom (as the demo's hosts say).
    const li = await openHostPage(chromium.browser, 'dingtalk', { authCode: loginCode('demo-operator') });
    expect(await switchFor(li)).toBe(1);
    await screenshot(li.page, 'app-emergency-supervisor');
    const zhao = await openHostPage(chromium.browser, 'wecom');
    await zhao.page.goto(
      appUrl(server.url, 'pages/index/index', {}, `?code=${loginCode('demo-approver')}&state=shopfloor`),
    );
    await waitForHome(zhao.page, '赵主管');
    expect(await switchFor(zhao)).toBe(0);
  }, 120_000);

  it('孙仓管 posts an emergency issue; the stock leaves at once; 赵主管 approves it afterwards', async () => {
    const keeper = await server.api('demo-storekeeper');
    const order = await orderWithStockInRm(keeper);
    const before = await inWarehouse(keeper, order.item);

    const sk = await signedIn('demo-storekeeper', '孙仓管', 'pages/issue-requests/index', {
      new: 1,
      workOrderNo: order.no,
    });
    const view = () => onScreen(sk.page);
    await view().locator('#ir-materials').waitFor({ timeout: 15_000 });
    await view().locator('#ir-wh-WH-RM').click();
    await view()
      .locator('[id^="ir-line-"]', { hasText: order.item })
      .first()
      .locator('[id^="ir-include-"]')
      .click();
    // The switch is his: he keeps WH-RM.
    const toggle = view().locator('#ir-emergency');
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('class')).toContain('is-on');
    await expect.poll(() => view().locator('#ir-submit').textContent()).toContain('紧急发料 1 项');
    await settled(sk.page);
    await screenshot(sk.page, 'app-emergency-form');
    await view().locator('#ir-submit').click();

    const mine = async () =>
      (await keeper.issueRequests.listPage({ mine: true, emergency: true, limit: 10 })).items.find(
        (r) => r.workOrderNo === order.no,
      );
    await expect.poll(mine, { timeout: 15_000 }).toBeDefined();
    const request = (await mine())!;
    expect(request).toMatchObject({ emergency: true, status: 'pending', requester: 'demo-storekeeper' });
    expect(request.postedAt).toBeDefined();
    const issued = request.lines.reduce((sum, l) => sum + l.qty, 0);
    expect(issued).toBeGreaterThan(0);
    // Posted at once: the material left the shelf before anyone approved.
    expect(await inWarehouse(keeper, order.item)).toBeCloseTo(before - issued, 6);

    // His list shows it flagged.
    await sk.page.goto(
      appUrl(
        server.url,
        'pages/issue-requests/index',
        { tab: 'mine' },
        `?code=${loginCode('demo-storekeeper')}&state=shopfloor`,
      ),
    );
    const ownRow = onScreen(sk.page).locator(`#ir-row-${request.id}`);
    await ownRow.waitFor({ timeout: 15_000 });
    expect(await ownRow.textContent()).toContain('紧急');
    expect(await ownRow.textContent()).toContain('待补审批');
    await screenshot(sk.page, 'app-emergency-mine');

    // 赵主管: the emergency filter narrows his queue to it; he opens and approves it.
    const ap = await signedIn('demo-approver', '赵主管');
    const apView = () => onScreen(ap.page);
    // His home queue already says it went out: flagged 紧急, 已发料 · 待补审批.
    await apView().locator(`#home-emergency-${request.id}`).waitFor();
    const homeRow = apView().locator('.sf-row', { has: ap.page.locator(`#home-emergency-${request.id}`) });
    expect(await homeRow.textContent()).toContain('待补审批');
    await screenshot(ap.page, 'app-emergency-home');
    await apView().getByText('领料', { exact: true }).click();
    await apView().locator('#ir-list-pending').waitFor();
    await apView().locator('#ir-filter-emergency').click();
    const row = apView().locator(`#ir-row-${request.id}`);
    await row.waitFor();
    await expect.poll(() => apView().locator('[id^="ir-row-"]').count()).toBeGreaterThanOrEqual(1);
    for (const other of await apView().locator('[id^="ir-row-"]').all())
      expect(await other.locator('[id^="ir-emergency-"]').count()).toBe(1);
    await screenshot(ap.page, 'app-emergency-approver-list');
    await settled(ap.page);
    await row.click();
    await expect.poll(() => apView().locator('#ir-emergency-flag').textContent()).toContain('已发料过账');
    await screenshot(ap.page, 'app-emergency-detail');
    await apView().locator('#ir-approve').click();
    await expect
      .poll(() => apView().locator('#ir-status').textContent(), { timeout: 15_000 })
      .toContain('已批准');
    await screenshot(ap.page, 'app-emergency-approved');

    const approved = await keeper.issueRequests.get(request.id);
    expect(approved.status).toBe('approved');
    expect(approved.emergency).toBe(true);
    // Approval moved nothing again.
    expect(await inWarehouse(keeper, order.item)).toBeCloseTo(before - issued, 6);
    expectNoPageErrors(sk.pageErrors);
    expectNoPageErrors(ap.pageErrors);
  }, 150_000);
});
