/**
 * 盘点 in the app (WeCom, fake iOS bridge, real server on PGlite with the demo factory, real H5
 * build): 孙仓管 counts blind with a scan gun, 赵主管 approves the variance and the balance takes it;
 * a count made offline is kept on the phone and sent exactly once when the phone is back online.
 */
import { CycleCount, type ShopfloorClient, type StockBalance } from '@shopfloor/sdk';
import type { Request } from 'playwright-core';
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

const oauthSearch = (userId: string) => `?code=${loginCode(userId)}&state=shopfloor`;

/** A stocked balance of WH-RM with enough on it, kept by lot or not, not used by an earlier test. */
async function pickBalance(api: ShopfloorClient, used: Set<string>, lotted: boolean): Promise<StockBalance> {
  const { items } = await api.stock.balancesPage({ warehouse: 'WH-RM', limit: 200 });
  const candidates = items
    .filter(
      (b) => b.location && b.qty >= 10 && Number.isInteger(b.qty) && !used.has(`${b.item}@${b.location}`),
    )
    .sort((a, b) => Number(Boolean(b.lot) === lotted) - Number(Boolean(a.lot) === lotted));
  const balance = candidates[0];
  if (!balance)
    throw new Error(`the demo has no ${lotted ? 'lot-kept' : 'lot-free'} balance of WH-RM with 10 or more`);
  used.add(`${balance.item}@${balance.location}`);
  return balance;
}

async function getCount(api: ShopfloorClient, id: string): Promise<CycleCount> {
  return api.request({ method: 'GET', path: `/cycle-counts/${id}`, schema: CycleCount });
}

async function balanceAt(api: ShopfloorClient, b: StockBalance): Promise<number> {
  const { items } = await api.stock.balancesPage({
    item: b.item,
    warehouse: 'WH-RM',
    limit: 100,
  });
  return items
    .filter((x) => x.location === b.location && (x.lot ?? null) === (b.lot ?? null))
    .reduce((sum, x) => sum + x.qty, 0);
}

describeInBrowser(
  '盘点 in WeCom: a blind count by scan gun, its variance approved, and an offline count sent once',
  () => {
    let server: E2eServer;
    let chromium: RunningBrowser;
    const pages: HostPage[] = [];
    const used = new Set<string>();

    async function signedIn(userId: string, name: string) {
      const wc = await openHostPage(chromium.browser, 'wecom');
      pages.push(wc);
      await wc.page.goto(appUrl(server.url, 'pages/index/index', {}, oauthSearch(userId)));
      await waitForHome(wc.page, name);
      return wc;
    }

    /** Types like a scan gun: the code's keystrokes and Enter, with no field focused. */
    async function gun(host: HostPage, code: string) {
      await host.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await host.page.keyboard.type(code);
      await host.page.keyboard.press('Enter');
    }

    beforeAll(async () => {
      ({ server, chromium } = await startServerAndBrowser());
    }, 120_000);
    afterAll(async () => {
      for (const p of pages) await p.close();
      await chromium?.close();
      await server?.close();
    });

    it('孙仓管 counts blind with a scan gun, 赵主管 approves the variance, and the balance becomes the count', async () => {
      const keeper = await server.api('demo-storekeeper');
      const balance = await pickBalance(keeper, used, true);
      const book = await balanceAt(keeper, balance);
      // Beyond every class's tolerance (5 % at most): waits for a second person.
      const counted = book - Math.max(3, Math.ceil(book * 0.1));
      const task = await keeper.request({
        method: 'POST',
        path: '/cycle-counts',
        body: {
          item: balance.item,
          location: balance.location,
          ...(balance.lot ? { lot: balance.lot } : {}),
        },
        schema: CycleCount,
      });

      const sk = await signedIn('demo-storekeeper', '孙仓管');
      const view = () => onScreen(sk.page);
      await view().getByText('盘点', { exact: true }).click();
      const row = view().locator(`#count-row-${task.id}`);
      await row.waitFor();
      await screenshot(sk.page, 'app-counts-tasks');
      await row.click();
      await view().locator('#count-step-location').waitFor();

      // The wrong shelf is refused, naming what to scan; then location, item (and lot) by the gun.
      await gun(sk, 'RM-NOWHERE');
      await expect
        .poll(() => view().locator('#count-wrong-scan').textContent())
        .toContain('这里要扫描库位标签');
      await gun(sk, balance.location!);
      await gun(sk, balance.item);
      if (balance.lot) await gun(sk, balance.lot);
      for (const step of balance.lot ? ['location', 'item', 'lot'] : ['location', 'item']) {
        await expect
          .poll(() => view().locator(`#count-step-${step}`).getAttribute('class'))
          .toContain('is-done');
      }
      expect(await view().locator('#count-wrong-scan').count()).toBe(0);

      const qty = view().locator('#count-qty input, input#count-qty');
      await qty.fill('-3');
      await view().getByText('数量不能是负数').waitFor();
      await qty.fill(String(counted));
      // Blind: nothing on the counter's screen says what the books hold.
      const text = (await view().textContent()) ?? '';
      expect(text).toContain('盲盘');
      expect(await view().locator('#count-book').count()).toBe(0);
      const shown = [balance.item, balance.location!, balance.lot ?? ''].reduce(
        (rest, code) => rest.split(code).join(' '),
        text,
      );
      expect(shown).not.toMatch(new RegExp(`(^|[^\\d.])${book}([^\\d.]|$)`));
      await screenshot(sk.page, 'app-counts-count');
      await view().locator('#count-submit').click();
      await expect
        .poll(() => view().locator('#count-result').textContent(), { timeout: 15_000 })
        .toContain('盘点已提交');
      await screenshot(sk.page, 'app-counts-submitted');

      const pending = await getCount(keeper, task.id);
      expect(pending).toMatchObject({
        status: 'pending-approval',
        countedQty: counted,
        countedBy: 'demo-storekeeper',
      });
      expect(pending.bookQty).toBeUndefined(); // the counter's view stays blind on the server too
      expect(await balanceAt(keeper, balance)).toBe(book);

      // 赵主管's home lists the variance beside the issue requests; he opens it and its explanation.
      const ap = await signedIn('demo-approver', '赵主管');
      const apView = () => onScreen(ap.page);
      const approval = apView().locator(`#count-approval-${task.id}`);
      await approval.waitFor();
      expect(await approval.textContent()).toContain(String(counted - book));
      await screenshot(ap.page, 'app-counts-home-approver');
      await approval.click();
      await expect.poll(() => apView().locator('#count-book').textContent()).toContain(String(book));
      await expect
        .poll(() => apView().locator('#count-variance').textContent())
        .toContain(String(counted - book));
      await apView().locator('#count-explain').click();
      await apView().locator('#count-explanation').waitFor();
      await screenshot(ap.page, 'app-counts-decide');
      await apView().locator('#count-comment textarea, textarea#count-comment').fill('复核属实，按实盘调整');
      await apView().locator('#count-approve').click();
      await expect
        .poll(() => apView().locator('#count-status').textContent(), { timeout: 15_000 })
        .toContain('已完成');
      await screenshot(ap.page, 'app-counts-approved');

      const done = await getCount(await server.api('demo-approver'), task.id);
      expect(done).toMatchObject({
        status: 'done',
        decidedBy: 'demo-approver',
        comment: '复核属实，按实盘调整',
      });
      expect(await balanceAt(keeper, balance)).toBe(counted);
      const { items: movements } = await keeper.stock.movementsPage({
        item: balance.item,
        kind: 'adjustment',
        limit: 50,
      });
      expect(
        movements.filter((m) => m.location === balance.location && m.qty === counted - book),
      ).toHaveLength(1);
      expectNoPageErrors(sk.pageErrors);
      expectNoPageErrors(ap.pageErrors);
    }, 120_000);

    it('keeps an ad hoc count made offline on the phone and sends it exactly once when back online', async () => {
      const keeper = await server.api('demo-storekeeper');
      const balance = await pickBalance(keeper, used, false);
      const book = await balanceAt(keeper, balance);

      const sk = await signedIn('demo-storekeeper', '孙仓管');
      const view = () => onScreen(sk.page);
      const countPosts: Request[] = [];
      sk.page.on('request', (r) => {
        if (r.method() === 'POST' && /\/cycle-counts\/[^/]+\/count$/.test(r.url())) countPosts.push(r);
      });
      await view().getByText('盘点', { exact: true }).click();
      // 临时盘点 from the same page: the item and location typed in.
      await view().locator('#count-adhoc-item input, input#count-adhoc-item').fill(balance.item);
      await view().locator('#count-adhoc-location input, input#count-adhoc-location').fill(balance.location!);
      await view().locator('#count-adhoc-start').click();
      await view().locator('#count-step-location').waitFor();
      await settled(sk.page);
      const id = new URLSearchParams(sk.page.url().split('#')[1]?.split('?')[1]).get('id');
      expect(id).toMatch(/^[0-9a-f-]{36}$/);

      // The shelf by the camera (WeCom's scanQRCode through the platform adapter) while online, the
      // part by the gun once offline.
      await sk.queueScan(balance.location!);
      await view().locator('#count-scan').click();
      await expect
        .poll(() => view().locator('#count-step-location').getAttribute('class'))
        .toContain('is-done');
      expect((await sk.bridgeCalls()).some((c) => c.api === 'scanQRCode')).toBe(true);
      await sk.context.setOffline(true);
      await view().getByText('离线', { exact: true }).waitFor();
      await gun(sk, balance.item);
      if (balance.lot) await gun(sk, balance.lot);
      await view().locator('#count-qty input, input#count-qty').fill(String(book));
      await view().locator('#count-submit').click();
      await expect.poll(() => view().locator('#count-result').textContent()).toContain('已保存在手机上');
      await expect.poll(() => view().locator('#status-queue').textContent()).toContain('待发送 1');
      await screenshot(sk.page, 'app-counts-offline');
      // Nothing left the phone, and the submit is gone: the same count cannot be sent twice.
      expect((await getCount(keeper, id!)).status).toBe('open');
      expect(await view().locator('#count-submit').count()).toBe(0);

      await sk.context.setOffline(false);
      await expect
        .poll(() => view().locator('#count-result').textContent(), { timeout: 20_000 })
        .toContain('盘点已提交');
      await new Promise((resolve) => setTimeout(resolve, 1_000)); // for any late duplicate to land
      expect(countPosts).toHaveLength(1);
      // The task as the server now has it: counted, no variance, done.
      await expect.poll(() => view().locator('#count-status').textContent()).toContain('已完成');
      expect(countPosts[0]!.headers()['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
      const done = await getCount(keeper, id!);
      expect(done).toMatchObject({ status: 'done', countedQty: book, countedBy: 'demo-storekeeper' });
      expect(await balanceAt(keeper, balance)).toBe(book);
      await screenshot(sk.page, 'app-counts-online-sent');
      expectNoPageErrors(sk.pageErrors);
    }, 120_000);

    it('words a refusal from its problem code: the variance was decided by someone else first', async () => {
      const keeper = await server.api('demo-storekeeper');
      const balance = await pickBalance(keeper, used, false);
      const book = await balanceAt(keeper, balance);
      const task = await keeper.request({
        method: 'POST',
        path: '/cycle-counts',
        body: { item: balance.item, location: balance.location },
        schema: CycleCount,
      });
      await keeper.request({
        method: 'POST',
        path: `/cycle-counts/${task.id}/count`,
        body: { qty: book + 5 },
        idempotencyKey: crypto.randomUUID(),
      });

      const ap = await signedIn('demo-approver', '赵主管');
      await ap.page.goto(
        appUrl(server.url, 'pages/counts/index', { id: task.id }, oauthSearch('demo-approver')),
      );
      const apView = () => onScreen(ap.page);
      await apView().locator('#count-approve').waitFor({ timeout: 15_000 });
      // Meanwhile the administrator rejects it.
      await (await server.api('demo-admin')).request({
        method: 'POST',
        path: `/cycle-counts/${task.id}/reject`,
        body: { comment: '标签贴错' },
        idempotencyKey: crypto.randomUUID(),
      });
      await apView().locator('#count-approve').click();
      await expect.poll(() => apView().locator('#count-refusal').textContent()).toContain('不在待审批状态');
      await expect.poll(() => apView().locator('#count-status').textContent()).toContain('已驳回');
      await screenshot(ap.page, 'app-counts-refused');
      expect(await balanceAt(keeper, balance)).toBe(book);
      expectNoPageErrors(ap.pageErrors);
    }, 120_000);

    it('shows the variances in English after the language switch', async () => {
      const keeper = await server.api('demo-storekeeper');
      const balance = await pickBalance(keeper, used, false);
      const book = await balanceAt(keeper, balance);
      const counted = book - Math.max(3, Math.ceil(book * 0.1)); // beyond every class's tolerance
      const task = await keeper.request({
        method: 'POST',
        path: '/cycle-counts',
        body: { item: balance.item, location: balance.location },
        schema: CycleCount,
      });
      await keeper.request({
        method: 'POST',
        path: `/cycle-counts/${task.id}/count`,
        body: { qty: counted },
        idempotencyKey: crypto.randomUUID(),
      });

      const ap = await signedIn('demo-approver', '赵主管');
      const apView = () => onScreen(ap.page);
      await apView().getByText('English', { exact: true }).click();
      await apView().getByText('Count variances waiting for you').waitFor();
      await apView().getByText('Counts', { exact: true }).click();
      const row = apView().locator(`#count-approval-${task.id}`);
      await row.waitFor();
      // An approver only decides: one list, no tabs.
      expect(await apView().locator('#count-tab-tasks').count()).toBe(0);
      expect(await apView().locator('#count-approvals').textContent()).toContain('Variances');
      expect(await row.textContent()).toContain(`Book ${book} → Counted ${counted}`);
      expect(await row.textContent()).toContain('Where the difference came from');
      await screenshot(ap.page, 'app-counts-approvals-en');
      await row.click();
      await expect.poll(() => apView().locator('#count-approve').textContent()).toBe('Approve adjustment');
      expectNoPageErrors(ap.pageErrors);
    }, 120_000);
  },
);
