import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ShopfloorClient, StockBalance } from '@shopfloor/sdk';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDemoFactory } from '../../packages/server/src/demo/index.js';
import type { SyncWorker } from '../../packages/server/src/modules/sync/worker.js';
import { emitEvent } from '../../packages/server/src/shared/events.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../packages/server/test/fixtures-platform.js';
import { startTestServer, TestClock, type TestServer } from '../../packages/server/test/harness.js';
import {
  describeInBrowser,
  expectNoPageErrors,
  launchChromium,
  type RunningBrowser,
  SCREENSHOTS,
} from './harness.js';

/**
 * Issue 12 in the office console, Chromium 1440×900, demo factory. 数据同步: the admin adds a webhook
 * connector to a local receiver that answers 503; its deliveries fail until they are dead, the
 * page shows it 失败中 with the receiver's error and the dead letters; the receiver is fixed, 死信全部重发
 * replays them, the next worker round delivers each once and the connector is 正常 again. A mapping
 * file with a mistake is refused with the path of the mistake, a good one is imported (v1) and
 * exported back equal; a template makes v2. 对账: a stock snapshot CSV of our own balances with 2
 * quantities changed, 1 row dropped and 1 row added shows exactly those 4 differences, filters,
 * exports, and the monthly summary counts them with their owners.
 * Screenshots under tests/e2e/screenshots/console-sync-*.png.
 *
 * Environment: SHOPFLOOR_E2E_CONSOLE_DIR (default packages/console/dist, built by `pnpm test`).
 */
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const CONSOLE_DIR = resolve(REPO, process.env.SHOPFLOOR_E2E_CONSOLE_DIR ?? 'packages/console/dist');
const DEAD_AFTER = 8;

describeInBrowser('数据同步 and 对账 in the console (Chromium 1440×900)', () => {
  let server: TestServer;
  let chromium: RunningBrowser;
  let hook: WebhookReceiver;
  let worker: SyncWorker;
  const contexts: BrowserContext[] = [];
  let page: Page;
  let admin: ShopfloorClient;
  const pageErrors: string[] = [];

  async function openAs(name: string): Promise<Page> {
    const context = await chromium.browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      acceptDownloads: true,
    });
    context.setDefaultTimeout(10_000);
    contexts.push(context);
    const opened = await context.newPage();
    opened.on('pageerror', (error) => pageErrors.push(error.message));
    await opened.goto(`${server.url}/console/`);
    await opened.getByRole('button', { name: `以${name}身份进入` }).click();
    await opened.locator('.shell-user').getByText(name).waitFor();
    return opened;
  }

  beforeAll(async () => {
    if (!existsSync(join(CONSOLE_DIR, 'index.html'))) {
      throw new Error(
        `no console build at ${CONSOLE_DIR}: run \`pnpm --filter @shopfloor/console build\` (pnpm test does)`,
      );
    }
    const now = new Date();
    [server, chromium, hook] = await Promise.all([
      startTestServer({
        env: { SHOPFLOOR_CONSOLE_DIR: CONSOLE_DIR },
        seed: async (db, config) => {
          await seedDemoFactory(db, config, new TestClock(now));
        },
      }),
      launchChromium(),
      startWebhookReceiver(),
    ]);
    server.clock.set(now);
    worker = server.services.workers.sync as SyncWorker;
    admin = await server.as('demo-admin');
    page = await openAs('系统管理员');
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await chromium?.close();
    await hook?.close();
    await server?.close();
  });

  /** Whole page, once nothing is loading and no animation runs (or after 20 s, with a warning). */
  async function shot(name: string, on: Page = page): Promise<void> {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await on
      .waitForFunction(
        () =>
          document.querySelectorAll('.ant-spin-spinning, .ant-skeleton-active').length === 0 &&
          document.getAnimations().every((a) => a.playState !== 'running'),
        undefined,
        { timeout: 20_000, polling: 100 },
      )
      .catch(async () => {
        // Say what still moved: a spinner or an animation that never ends.
        const moving = await on.evaluate(() =>
          document
            .getAnimations()
            .filter((a) => a.playState === 'running')
            .map((a) => String(((a.effect as KeyframeEffect | null)?.target as Element | null)?.className))
            .concat(
              Array.from(
                document.querySelectorAll('.ant-spin-spinning, .ant-skeleton-active'),
                (n) => n.className,
              ),
            ),
        );
        // A screenshot is for a person to look at, not an assertion: a loaded CI machine may keep a
        // spinner turning past the wait. Say so and take it anyway.
        console.warn(`[console-sync] ${name}: the page did not settle in 20 s (${moving.join(' | ')})`);
      });
    await on.screenshot({ path: join(SCREENSHOTS, `console-sync-${name}.png`), fullPage: true });
  }
  const menu = (label: string) => page.locator('.ant-menu').getByText(label, { exact: true });
  const toast = (text: string | RegExp) => page.locator('.ant-message').getByText(text);
  const drawer = (title = 'ERP 收货接口 · 接口推送') =>
    page.locator('.ant-drawer:visible').filter({ hasText: title });
  async function closeDrawer(title?: string): Promise<void> {
    await drawer(title).locator('.ant-drawer-close').click();
    await page.locator('.ant-drawer-mask:visible').waitFor({ state: 'detached' });
  }
  const waiting = (connectorId: string) =>
    server.database.db
      .selectFrom('sync_deliveries')
      .select(['event_id', 'attempts', 'next_attempt_at'])
      .where('connector_id', '=', connectorId)
      .where('delivered_at', 'is', null)
      .execute();

  let connectorId: string;
  const eventIds: string[] = [];
  type Waiting = Awaited<ReturnType<typeof waiting>>;
  /** Worker rounds, the fake clock moved to each next due retry, until `done` says so. */
  async function drain(done: (left: Waiting) => boolean, stop: (left: Waiting) => boolean = done) {
    for (let round = 0; round < 100; round++) {
      await worker.tick();
      const left = await waiting(connectorId);
      if (done(left) || stop(left)) return;
      const now = server.clock.now().getTime();
      const next = Math.min(...left.map((d) => d.next_attempt_at.getTime()));
      server.clock.set(new Date(Math.max(now, next) + 1));
    }
    throw new Error('the deliveries did not get there in 100 worker rounds');
  }

  it('数据同步: a failing webhook shows 失败中 with its dead letters; fixed and replayed, it is 正常 again', async () => {
    await menu('数据同步').click();
    await page.getByText('还没有连接器').waitFor();
    await page.getByRole('button', { name: '新建连接器' }).click();
    const modal = page.locator('.ant-modal').filter({ hasText: '新建连接器' });
    await modal.getByLabel('类型').click();
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: '接口推送' })
      .click();
    await modal.getByLabel('名称').fill('ERP 收货接口');
    await modal.getByLabel('地址').fill(hook.url);
    await modal.getByLabel('签名密钥').fill('e2e-webhook-secret-0123456789');
    // Only receipts: the connector's own sync-failure alert is an event too.
    await modal.getByLabel('事件主题').fill('purchase-receipt.created');
    await modal.getByLabel('事件主题').press('Enter');
    await shot('new');
    await modal.getByRole('button', { name: /保\s*存/ }).click();
    await toast('已创建连接器「ERP 收货接口」').waitFor();
    const listed = await admin.request<{ items: { id: string; name: string; kind: string }[] }>({
      method: 'GET',
      path: '/sync/connectors',
    });
    const made = listed.items.find((c) => c.name === 'ERP 收货接口');
    expect(made).toMatchObject({ kind: 'webhook' });
    connectorId = made!.id;
    const row = page.locator('.ant-table-row').filter({ hasText: 'ERP 收货接口' });
    await row.getByText('正常').waitFor();

    // Three receipts of three purchase orders; the receiver answers 503 to all until fixed.
    hook.failNext = 1_000;
    for (const po of ['PO-E2E-1', 'PO-E2E-2', 'PO-E2E-3']) {
      await emitEvent(server.database.db, {
        orgId: 'demo',
        topic: 'purchase-receipt.created',
        aggregateType: 'purchase-order',
        aggregateId: po,
        payload: { no: po },
      });
    }
    const emitted = await server.database.db
      .selectFrom('outbox_events')
      .select('id')
      .where('aggregate_id', 'like', 'PO-E2E-%')
      .orderBy('id')
      .execute();
    eventIds.push(...emitted.map((e) => String(e.id)));
    expect(eventIds).toHaveLength(3);
    // Worker rounds at each due retry until the first delivery failed DEAD_AFTER times (dead); the
    // other two wait behind it (a connector that fails is not hammered with the rest of its batch).
    await drain(
      () => false,
      (left) => left.some((d) => d.attempts >= DEAD_AFTER),
    );
    const stuck = await waiting(connectorId);
    expect(stuck.map((d) => d.attempts >= DEAD_AFTER).sort()).toEqual([false, false, true]);
    expect(hook.requests.length).toBeGreaterThanOrEqual(DEAD_AFTER);
    expect(hook.accepted.size).toBe(0);

    await page.getByRole('button', { name: '刷新' }).click();
    await row.getByText('失败中').waitFor();
    expect(await row.locator('td').allTextContents()).toEqual(
      expect.arrayContaining(['接口推送', '3 条待送达 · 最早 刚刚', '1']),
    );
    await row.getByText('失败中').hover();
    const tip = await page.locator('.ant-tooltip:visible').textContent();
    expect(tip).toContain('503');
    await shot('failing');

    await row.getByRole('button', { name: '详情' }).click();
    const rows = drawer().locator('.ant-table-row');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.locator('td').allTextContents()).toEqual(
      expect.arrayContaining([
        'PO-E2E-1',
        '死信',
        String(stuck.find((d) => d.attempts >= DEAD_AFTER)!.attempts),
      ]),
    );
    await drawer().locator('.ant-segmented').getByText('待发送').click();
    await expect.poll(() => rows.count()).toBe(2);
    await drawer().locator('.ant-segmented').getByText('失败').click();
    await expect.poll(() => rows.count()).toBe(1);
    await shot('dead');

    // The receiver is fixed; 死信全部重发 makes the dead one due now and the rounds deliver all three.
    hook.failNext = 0;
    await drawer().getByRole('button', { name: '死信全部重发' }).click();
    await toast('1 条死信已安排立即重发').waitFor();
    await worker.tick();
    expect([...hook.accepted.keys()]).toContain(eventIds[0]);
    await drain((left) => left.length === 0);
    expect([...hook.accepted.keys()].sort()).toEqual([...eventIds].sort());
    expect([...hook.acceptedCount.values()]).toEqual([1, 1, 1]);
    await drawer().locator('.ant-segmented').getByText('已送达').click();
    await expect.poll(() => drawer().locator('.ant-table-row').filter({ hasText: '已送达' }).count()).toBe(3);
    await closeDrawer();
    await page.getByRole('button', { name: '刷新' }).click();
    await row.getByText('正常').waitFor();
    expect(await row.locator('td').allTextContents()).toEqual(expect.arrayContaining(['无积压', '0']));
    await shot('recovered');

    // 编辑 shows what is stored, but never the signing secret: left empty, it is kept.
    await row.getByRole('button', { name: '编辑' }).click();
    const edit = page.locator('.ant-modal').filter({ hasText: '编辑连接器「ERP 收货接口」' });
    await expect.poll(() => edit.getByLabel('地址').inputValue()).toBe(hook.url);
    expect(await edit.getByLabel('签名密钥').inputValue()).toBe('');
    await edit.getByRole('button', { name: /取\s*消/ }).click();
    await edit.waitFor({ state: 'hidden' });
  });

  it('字段映射: a wrong file is refused with the path of the mistake; a good one is imported, exported back equal, and a template makes v2', async () => {
    const row = page.locator('.ant-table-row').filter({ hasText: 'ERP 收货接口' });
    await row.getByRole('button', { name: '详情' }).click();
    await drawer().getByRole('tab', { name: '字段映射' }).click();
    await drawer().getByText('尚无字段映射').waitFor();

    const mapping = {
      format: 'shopfloor-mapping/1',
      name: '金蝶收货',
      system: 'kingdee-k3cloud',
      entities: {
        purchaseReceipt: {
          target: 'STK_InStock',
          fields: [
            { ours: 'no', theirs: 'FBillNo', required: true },
            { ours: 'item', theirs: 'FMaterialId.FNumber', required: true, transform: [{ op: 'trim' }] },
            { ours: 'qty', theirs: 'FRealQty', transform: [{ op: 'number' }] },
            { ours: 'location', theirs: 'FStockLocId.FNumber' },
          ],
        },
      },
    };
    const wrong = structuredClone(mapping);
    wrong.entities.purchaseReceipt.fields[2]!.ours = 'quantity';
    const input = drawer().locator('input[type=file]');
    await input.setInputFiles({
      name: 'mapping-wrong.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(wrong)),
    });
    const refusal = drawer().locator('.ant-alert-error');
    await refusal.getByText('映射文件有 1 处问题，未保存').waitFor();
    expect(await refusal.textContent()).toContain('entities.purchaseReceipt.fields.2.ours');
    expect(await refusal.textContent()).toContain("'quantity' is not a field of purchaseReceipt");
    await shot('mapping-refused');

    await input.setInputFiles({
      name: 'mapping.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(mapping)),
    });
    await toast('字段映射已保存为 v1').waitFor();
    await drawer().locator('.ant-descriptions').getByText('v1').waitFor();
    expect(await refusal.count()).toBe(0);
    await shot('mapping');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      drawer().getByRole('button', { name: '导出' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`mapping-${connectorId}-v1.json`);
    expect(JSON.parse(readFileSync((await download.path())!, 'utf8'))).toEqual(mapping);

    await drawer().locator('.ant-select').filter({ hasText: '选择映射模板' }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
    await drawer().getByRole('button', { name: '从模板新建' }).click();
    await toast('字段映射已保存为 v2').waitFor();
    const saved = await admin.request<{ version: number; updatedBy: string }>({
      method: 'GET',
      path: `/sync/connectors/${connectorId}/mapping`,
    });
    expect(saved).toMatchObject({ version: 2, updatedBy: 'demo-admin' });

    // 每日对账: stock every morning at 06:30 through this connector.
    await drawer().getByRole('tab', { name: '每日对账' }).click();
    await drawer().getByText('还没有每日对账').waitFor();
    await drawer().getByLabel('时间').fill('06:30');
    await drawer()
      .getByRole('button', { name: /保\s*存/ })
      .click();
    await toast('已设为每天 06:30 对账').waitFor();
    await drawer().getByText('每天 06:30 对账（库存），上次 —').waitFor();
    const schedules = await admin.request<{ items: { connectorId: string; at: string; kinds: string[] }[] }>({
      method: 'GET',
      path: '/reconciliations/schedules',
    });
    expect(schedules.items).toEqual([
      expect.objectContaining({ connectorId, at: '06:30', kinds: ['stock'] }),
    ]);
    await shot('schedule');
    await closeDrawer();
  });

  it("接收记录 and 拉取记录: an HTTP pull connector shows the records it took in with the rejected one's reason, and a failed pull", async () => {
    const poll = await admin.request<{ id: string }>({
      method: 'POST',
      path: '/sync/connectors',
      body: {
        kind: 'http-poll',
        name: 'WMS 物料拉取',
        config: { url: hook.url, kind: 'item', idField: 'code', versionField: 'rev' },
      },
      idempotencyKey: crypto.randomUUID(),
    });
    const answer = await admin.request<{ applied: number; rejected: number }>({
      method: 'POST',
      path: `/sync/inbound/${poll.id}`,
      body: {
        records: [
          {
            kind: 'item',
            sourceId: 'E2E-ITEM-1',
            sourceVersion: '1',
            data: { code: 'E2E-ITEM-1', name: '测试件', uom: 'pcs', type: 'buy' },
          },
          {
            kind: 'item',
            sourceId: 'E2E-ITEM-2',
            sourceVersion: '1',
            data: { code: 'E2E-ITEM-2', uom: 'pcs', type: 'buy' },
          },
        ],
      },
    });
    expect(answer).toMatchObject({ applied: 1, rejected: 1 });

    await page.getByRole('button', { name: '刷新' }).click();
    const row = page.locator('.ant-table-row').filter({ hasText: 'WMS 物料拉取' });
    await row.getByText('HTTP 拉取').waitFor();
    await row.getByRole('button', { name: '详情' }).click();
    const pulled = drawer('WMS 物料拉取 · HTTP 拉取');
    await pulled.getByRole('tab', { name: '接收记录' }).click();
    const records = pulled.locator('.ant-table-row:visible');
    await expect.poll(() => records.count()).toBe(2);
    await records.filter({ hasText: 'E2E-ITEM-1' }).getByText('已入账').waitFor();
    const rejected = records.filter({ hasText: 'E2E-ITEM-2' });
    await rejected.getByText('拒收').waitFor();
    expect(await rejected.textContent()).toMatch(/name/);
    await pulled.locator('.ant-segmented').getByText('拒收').click();
    await expect.poll(() => records.count()).toBe(1);
    await shot('received');

    // The receiver answers a pull with 204 and no records: the run fails and says why.
    await pulled.getByRole('tab', { name: '拉取记录' }).click();
    await pulled.getByRole('button', { name: '立即拉取' }).click();
    await toast(/^拉取失败：/).waitFor();
    const run = pulled.locator('.ant-table-row:visible');
    await expect.poll(() => run.count()).toBe(1);
    expect(await run.locator('td').allTextContents()).toEqual(expect.arrayContaining(['手动', '失败']));
    await shot('runs');
    await closeDrawer('WMS 物料拉取 · HTTP 拉取');
  });

  it('对账: a stock snapshot with 2 quantities changed, 1 row dropped and 1 added shows exactly those 4 differences', async () => {
    const balances: StockBalance[] = [];
    let cursor: string | undefined;
    do {
      const got = await admin.stock.balancesPage({ cursor, limit: 500 });
      balances.push(...got.items);
      cursor = got.nextCursor ?? undefined;
    } while (cursor);
    const held = balances.filter((b) => b.qty !== 0);
    expect(held.length).toBeGreaterThan(5);
    const [changedA, changedB, dropped] = held;
    const lines = held
      .filter((b) => b !== dropped)
      .map((b) => {
        const qty = b === changedA ? b.qty + 5 : b === changedB ? b.qty - 1 : b.qty;
        return [b.item, b.location, b.lot ?? '', qty].join(',');
      });
    lines.push(`${changedA!.item},${changedA!.location},LOT-NOT-HERE,7`);
    const csv = `物料编码,库位,批次,数量\n${lines.join('\n')}\n`;

    await menu('对账').click();
    await page.getByRole('button', { name: '新建对账' }).click();
    const modal = page.locator('.ant-modal').filter({ hasText: '新建对账' });
    await modal.getByText('库存', { exact: true }).click();
    await modal.locator('input[type=file]').setInputFiles({
      name: 'wms-stock.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await modal.getByText('wms-stock.csv').waitFor();
    await shot('recon-new');
    await modal.getByRole('button', { name: '开始对账' }).click();
    await toast('对账完成：4 处差异').waitFor();

    const report = drawer('库存对账报告');
    await report.getByText('wms-stock.csv').waitFor();
    const card = (title: string) =>
      report.locator('.ant-statistic').filter({ hasText: title }).locator('.ant-statistic-content');
    expect(await card('对方行数').textContent()).toBe(String(held.length));
    expect(await card('我方行数').textContent()).toBe(String(held.length));
    expect(await card('一致').textContent()).toBe(String(held.length - 3));
    expect(await card('我方缺失').textContent()).toBe('1');
    expect(await card('对方缺失').textContent()).toBe('1');
    expect(await card('数量不同').textContent()).toBe('2');

    await report
      .locator('.ant-segmented')
      .getByText(/^数量不同/)
      .click();
    const rows = report.locator('.ant-table-row');
    await expect.poll(() => rows.count()).toBe(2);
    const a = rows.filter({ hasText: changedA!.item }).filter({ hasText: changedA!.location });
    expect(await a.locator('td').allTextContents()).toEqual(expect.arrayContaining(['数量不同', '-5']));
    await shot('recon-report');
    await report
      .locator('.ant-segmented')
      .getByText(/^对方缺失/)
      .click();
    await expect.poll(() => rows.count()).toBe(1);
    await rows.filter({ hasText: dropped!.item }).filter({ hasText: dropped!.location }).waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      report.getByRole('button', { name: '导出 CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^reconciliation-.+-missingThere\.csv$/);
    const exported = readFileSync((await download.path())!, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(exported).toHaveLength(2); // the heading and the dropped row
    expect(exported[1]).toContain(dropped!.item);
    await closeDrawer('库存对账报告');

    await page.getByRole('tab', { name: '月度汇总' }).click();
    const line = page.locator('.ant-table-row').filter({ hasText: '手工上传' });
    await line.waitFor();
    expect(await line.locator('td').allTextContents()).toEqual(
      expect.arrayContaining(['库存', '1', String(held.length + 1), '4', '2']),
    );
    await shot('recon-summary');

    // 孙仓管 reconciles stock: 对账 without 数据同步, the kind fixed to 库存, the admin's run listed.
    const keeper = await openAs('孙仓管');
    await keeper.locator('.ant-menu').getByText('对账', { exact: true }).click();
    expect(await keeper.locator('.ant-menu').getByText('数据同步', { exact: true }).count()).toBe(0);
    await keeper.locator('.ant-table-row').filter({ hasText: 'wms-stock.csv' }).waitFor();
    expect(await keeper.locator('.search-card .ant-select').first().textContent()).toBe('库存');

    // The page in English, through the dictionary.
    await page.getByRole('button', { name: 'English' }).click();
    await menu('Data sync').click();
    await page
      .locator('.ant-table-row')
      .filter({ hasText: 'ERP 收货接口' })
      .getByText('Webhook', { exact: true })
      .waitFor();
    await page.getByText('None waiting').waitFor();
    await shot('en');
    expectNoPageErrors(pageErrors);
  });
});
