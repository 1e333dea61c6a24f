/**
 * 调拨 in the app (WeCom, fake iOS bridge, real server on PGlite with the demo factory, real H5
 * build): 孙仓管 moves stock inside WH-RM with a scan gun (posted at once, the lot kept); his transfer
 * into WH-WIP waits until 钱仓管, the storekeeper of WH-WIP, confirms it in the app; a refusal is
 * worded from its problem code.
 */
import { Page, type ShopfloorClient, type StockBalance, Transfer } from '@shopfloor/sdk';
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
  startServerAndBrowser,
  waitForHome,
} from './harness.js';

/** The storekeeper of WH-WIP: the demo has none, so this file adds him, signing in through WeCom. */
const WIP_KEEPER = { id: 'e2e-storekeeper-wip', name: '钱仓管', platformUserId: 'QianCangGuan' };

/** A WH-RM balance with 10 or more, kept by lot when `lotted` allows, not used by an earlier test. */
async function pickBalance(api: ShopfloorClient, used: Set<string>, lotted: boolean): Promise<StockBalance> {
  const { items } = await api.stock.balancesPage({ warehouse: 'WH-RM', limit: 200 });
  const candidates = items
    .filter((b) => b.location && b.qty >= 10 && Number.isInteger(b.qty) && !used.has(b.item))
    .sort((a, b) => Number(Boolean(b.lot) === lotted) - Number(Boolean(a.lot) === lotted));
  const balance = candidates[0];
  if (!balance) throw new Error('the demo has no balance of WH-RM with 10 or more');
  used.add(balance.item);
  return balance;
}

async function qtyAt(api: ShopfloorClient, item: string, location: string, lot?: string | null) {
  const { items } = await api.stock.balancesPage({ item, limit: 200 });
  return items
    .filter((b) => b.location === location && (b.lot ?? null) === (lot ?? null))
    .reduce((sum, b) => sum + b.qty, 0);
}

describeInBrowser(
  '调拨 in WeCom: inside one warehouse at once, into another after its storekeeper confirms',
  () => {
    let server: E2eServer;
    let chromium: RunningBrowser;
    const pages: HostPage[] = [];
    const used = new Set<string>();

    async function signedIn(userId: string, name: string, code = loginCode(userId)) {
      const wc = await openHostPage(chromium.browser, 'wecom');
      pages.push(wc);
      await wc.page.goto(appUrl(server.url, 'pages/index/index', {}, `?code=${code}&state=shopfloor`));
      await waitForHome(wc.page, name);
      return wc;
    }

    /** Types like a scan gun: the code's keystrokes and Enter, with no field focused. */
    async function gun(host: HostPage, code: string) {
      await host.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await host.page.keyboard.type(code);
      await host.page.keyboard.press('Enter');
    }

    async function openTransfers(host: HostPage) {
      await onScreen(host.page).getByText('调拨', { exact: true }).click();
      await onScreen(host.page).locator('#transfer-tab-new').waitFor();
    }

    async function done(host: HostPage, step: string) {
      await expect
        .poll(() => onScreen(host.page).locator(`#transfer-step-${step}`).getAttribute('class'))
        .toContain('is-done');
    }

    beforeAll(async () => {
      ({ server, chromium } = await startServerAndBrowser());
      await server.database.db
        .insertInto('users')
        .values({
          org_id: server.deps.config.orgId,
          id: WIP_KEEPER.id,
          name: WIP_KEEPER.name,
          roles: ['storekeeper'],
          workshops: [],
          warehouses: ['WH-WIP'],
          platform: 'wecom',
          platform_user_id: WIP_KEEPER.platformUserId,
        })
        .execute();
    }, 120_000);
    afterAll(async () => {
      for (const p of pages) await p.close();
      await chromium?.close();
      await server?.close();
    });

    it('孙仓管 moves stock inside WH-RM with a scan gun: checked on the phone, posted at once, the lot kept', async () => {
      const keeper = await server.api('demo-storekeeper');
      const balance = await pickBalance(keeper, used, true);
      const from = balance.location!;
      const to = from === 'RM-A02' ? 'RM-A01' : 'RM-A02';
      const fromBefore = await qtyAt(keeper, balance.item, from, balance.lot);
      const toBefore = await qtyAt(keeper, balance.item, to, balance.lot);

      const sk = await signedIn('demo-storekeeper', '孙仓管');
      const view = () => onScreen(sk.page);
      const posts: Request[] = [];
      sk.page.on('request', (r) => {
        if (r.method() === 'POST' && /\/api\/v1\/transfers$/.test(r.url())) posts.push(r);
      });
      await openTransfers(sk);
      await gun(sk, from);
      await gun(sk, balance.item);
      await done(sk, 'item');
      if (balance.lot) {
        // Kept by lot there: the lot is asked for before the to-shelf, and a wrong one is refused.
        await view().locator('#transfer-step-lot').waitFor();
        await gun(sk, 'NO-SUCH-LOT');
        await expect
          .poll(() => view().locator('#transfer-scan-problem').textContent())
          .toContain('不是这个物料');
        await gun(sk, balance.lot);
        await done(sk, 'lot');
      }
      // The from-shelf again as the to-shelf is refused in place.
      await gun(sk, from);
      await expect
        .poll(() => view().locator('#transfer-scan-problem').textContent())
        .toContain('调入库位不能和调出库位相同');
      await gun(sk, to);
      await done(sk, 'to');
      await expect
        .poll(() => view().locator('#transfer-on-hand').textContent())
        .toContain(String(fromBefore));

      const qty = view().locator('#transfer-qty input, input#transfer-qty');
      await qty.fill('0');
      await view().getByText('数量必须大于 0').waitFor();
      await qty.fill(String(fromBefore + 1));
      await view().getByText(`${from} 只有 ${fromBefore}`).waitFor();
      await qty.fill('3');
      await screenshot(sk.page, 'app-transfers-scanned');
      await view().locator('#transfer-submit').click();
      await expect
        .poll(() => view().locator('#transfer-result').textContent(), { timeout: 15_000 })
        .toContain('调拨已过账');
      await screenshot(sk.page, 'app-transfers-posted');

      expect(posts).toHaveLength(1);
      expect(posts[0]!.headers()['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
      expect(await qtyAt(keeper, balance.item, from, balance.lot)).toBe(fromBefore - 3);
      expect(await qtyAt(keeper, balance.item, to, balance.lot)).toBe(toBefore + 3);
      const { items: moved } = await keeper.stock.movementsPage({
        item: balance.item,
        kind: 'transfer',
        limit: 20,
      });
      expect(moved.map((m) => [m.location, m.qty, m.lot ?? null]).sort()).toEqual(
        [
          [from, -3, balance.lot ?? null],
          [to, 3, balance.lot ?? null],
        ].sort(),
      );

      // 我的调拨 lists it as posted.
      await view().locator('#transfer-tab-mine').click();
      const row = view().locator('#transfers-mine .sf-transfer-row').first();
      await expect.poll(() => row.textContent()).toContain('已过账');
      expect(await row.textContent()).toContain(`${from} → ${to}`);
      await screenshot(sk.page, 'app-transfers-mine');
      expectNoPageErrors(sk.pageErrors);
    }, 120_000);

    it('a transfer into WH-WIP waits; 钱仓管, the storekeeper of WH-WIP, confirms it in the app and the stock moves', async () => {
      const keeper = await server.api('demo-storekeeper');
      const balance = await pickBalance(keeper, used, false);
      const from = balance.location!;
      const to = 'WIP-01';
      const fromBefore = await qtyAt(keeper, balance.item, from, balance.lot);

      const sk = await signedIn('demo-storekeeper', '孙仓管');
      const view = () => onScreen(sk.page);
      await openTransfers(sk);
      // The shelf by the camera (WeCom's scanQRCode through the platform adapter), the rest by the gun.
      await sk.queueScan(from);
      await view().locator('#transfer-scan').click();
      await done(sk, 'from');
      expect((await sk.bridgeCalls()).some((c) => c.api === 'scanQRCode')).toBe(true);
      await gun(sk, balance.item);
      await done(sk, 'item');
      if (balance.lot) {
        await view().locator('#transfer-step-lot').waitFor();
        await gun(sk, balance.lot);
      }
      await gun(sk, to);
      await done(sk, 'to');
      await view().locator('#transfer-qty input, input#transfer-qty').fill('2');
      // Offline, the transfer is not sent (the server decides it at once): the phone says so, nothing leaves.
      const posts: Request[] = [];
      sk.page.on('request', (r) => {
        if (r.method() === 'POST' && /\/api\/v1\/transfers$/.test(r.url())) posts.push(r);
      });
      await sk.context.setOffline(true);
      await view().getByText('离线', { exact: true }).waitFor();
      await view().locator('#transfer-submit').click();
      await expect.poll(() => view().locator('#transfer-refusal').textContent()).toContain('调拨要联网提交');
      expect(posts).toHaveLength(0);
      await sk.context.setOffline(false);
      await view().getByText('在线', { exact: true }).waitFor();
      await view().locator('#transfer-submit').click();
      await expect
        .poll(() => view().locator('#transfer-result').textContent(), { timeout: 15_000 })
        .toContain('等待 WH-WIP 的仓管确认');
      await screenshot(sk.page, 'app-transfers-waiting');
      expect(posts).toHaveLength(1);
      const { items: pending } = await keeper.request({
        method: 'GET',
        path: '/transfers',
        query: { status: 'pending' },
        schema: Page(Transfer),
      });
      const transfer = pending.find((x) => x.lines[0]?.item === balance.item && x.lines[0]?.to === to);
      expect(transfer).toMatchObject({
        fromWarehouse: 'WH-RM',
        toWarehouse: 'WH-WIP',
        requester: 'demo-storekeeper',
      });
      expect(await qtyAt(keeper, balance.item, from, balance.lot)).toBe(fromBefore);
      // The requester cannot confirm his own: nothing waits for him.
      await view().locator('#transfer-tab-waiting').click();
      await view().locator('#transfers-waiting').waitFor();
      expect(await view().locator(`#transfer-row-${transfer!.id}`).count()).toBe(0);

      const wip = await signedIn(WIP_KEEPER.id, WIP_KEEPER.name, `code-${WIP_KEEPER.platformUserId}`);
      const wipView = () => onScreen(wip.page);
      await openTransfers(wip);
      await wipView().locator('#transfer-tab-waiting').click();
      const row = wipView().locator(`#transfer-row-${transfer!.id}`);
      await row.waitFor();
      expect(await row.textContent()).toContain('WH-RM → WH-WIP');
      // A rejection needs a reason.
      await wipView().locator(`#transfer-reject-${transfer!.id}`).click();
      await expect
        .poll(() => wipView().locator(`#transfer-outcome-${transfer!.id}`).textContent())
        .toContain('驳回要写原因');
      await screenshot(wip.page, 'app-transfers-confirm');
      await wipView().locator(`#transfer-approve-${transfer!.id}`).click();
      await expect
        .poll(() => wipView().locator(`#transfer-outcome-${transfer!.id}`).textContent(), { timeout: 15_000 })
        .toContain('已确认');
      await screenshot(wip.page, 'app-transfers-confirmed');

      const posted = await keeper.request({
        method: 'GET',
        path: `/transfers/${transfer!.id}`,
        schema: Transfer,
      });
      expect(posted).toMatchObject({ status: 'posted', decidedBy: WIP_KEEPER.id });
      expect(await qtyAt(keeper, balance.item, from, balance.lot)).toBe(fromBefore - 2);
      expect(await qtyAt(keeper, balance.item, to, balance.lot)).toBeGreaterThanOrEqual(2);
      // The row leaves the list once read again.
      await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(0);
      expectNoPageErrors(sk.pageErrors);
      expectNoPageErrors(wip.pageErrors);
    }, 120_000);

    it('words a refusal from its problem code: the transfer was rejected by someone else first', async () => {
      const keeper = await server.api('demo-storekeeper');
      const balance = await pickBalance(keeper, used, false);
      const transfer = await keeper.request({
        method: 'POST',
        path: '/transfers',
        body: {
          lines: [
            {
              item: balance.item,
              qty: 1,
              from: balance.location,
              to: 'WIP-02',
              ...(balance.lot ? { lot: balance.lot } : {}),
            },
          ],
        },
        idempotencyKey: crypto.randomUUID(),
        schema: Transfer,
      });
      expect(transfer.status).toBe('pending');

      const wip = await signedIn(WIP_KEEPER.id, WIP_KEEPER.name, `code-${WIP_KEEPER.platformUserId}`);
      await wip.page.goto(
        appUrl(
          server.url,
          'pages/transfers/index',
          { tab: 'waiting' },
          `?code=code-${WIP_KEEPER.platformUserId}&state=shopfloor`,
        ),
      );
      const wipView = () => onScreen(wip.page);
      await wipView().locator(`#transfer-approve-${transfer.id}`).waitFor({ timeout: 15_000 });
      await (await server.api('demo-admin')).request({
        method: 'POST',
        path: `/transfers/${transfer.id}/reject`,
        body: { comment: '走错仓库' },
        idempotencyKey: crypto.randomUUID(),
      });
      await wipView().locator(`#transfer-approve-${transfer.id}`).click();
      await expect
        .poll(() => wipView().locator(`#transfer-outcome-${transfer.id}`).textContent())
        .toContain('已驳回，不能再操作');
      await screenshot(wip.page, 'app-transfers-refused');
      expect(await qtyAt(keeper, balance.item, balance.location!, balance.lot)).toBe(balance.qty);
      expectNoPageErrors(wip.pageErrors);
    }, 120_000);
  },
);
