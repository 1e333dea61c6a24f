import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type IssueRequest } from '@shopfloor/sdk';
import { createAdminClient } from '@shopfloor/sdk/admin';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { backends, startTestServer, type TestServer } from '../../packages/server/test/harness.js';
import {
  APP_DIR,
  appUrl,
  assertAppBuilt,
  describeInBrowser,
  expectNoPageErrors,
  type HostPage,
  launchChromium,
  onScreen,
  openHostPage,
  type RunningBrowser,
  SCREENSHOTS,
  screenshot,
  waitForHome,
} from './harness.js';
import { type PlatformFakes, platformEnv, startPlatformFakes } from './platform.js';

/**
 * Go-live, end to end: a factory that is not the demo. Production mode (DingTalk and WeCom
 * credentials, their APIs the msw fakes), an empty database, SHOPFLOOR_ADMINS naming the boss.
 * The boss signs in to the console inside DingTalk, downloads the template, fills it in, uploads it
 * with three mistakes (the dry run shows exactly those), fixes and imports it, creates and releases
 * a work order; an operator from the users sheet reports on it in the app in DingTalk; an approver
 * from the sheet approves a material request in WeCom; opening stock is in the balances and the
 * ledger equals the balances. On PGlite and, when it runs, on a fresh PostgreSQL schema.
 */
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const CONSOLE_DIR = resolve(REPO, process.env.SHOPFLOOR_E2E_CONSOLE_DIR ?? 'packages/console/dist');
const DESK = { width: 1440, height: 900 };

/** The plant as the factory writes it into the template, sheet by sheet, by field name. */
const PLANT: Record<string, Record<string, unknown>[]> = {
  warehouses: [
    { code: 'YL', name: '原料仓' },
    { code: 'CP', name: '成品仓' },
  ],
  locations: [
    { warehouse: 'YL', code: 'YL-A1', name: '原料A区', kind: '原材料' },
    { warehouse: 'CP', code: 'CP-01', name: '成品区', kind: '成品' },
  ],
  workshops: [{ code: 'ZZ', name: '组装车间', supervisor: 'liu-ding' }],
  workCenters: [
    {
      code: 'ZZ-1',
      name: '组装一线',
      workshop: 'ZZ',
      stations: 3,
      calendar: '周一至周六 08:00-12:00 13:00-17:00',
    },
  ],
  users: [
    {
      platform: 'dingtalk',
      userId: 'liu-ding',
      name: '刘师傅',
      roles: 'operator',
      workshops: 'ZZ',
      warehouses: '',
    },
    {
      platform: 'wecom',
      userId: 'QianShenPi',
      name: '钱审批',
      roles: 'approver',
      workshops: '',
      warehouses: 'YL',
    },
  ],
  items: [
    { code: 'STOOL', name: '方凳', uom: 'pcs', type: 'make' },
    { code: 'STOOL-LEG', name: '凳腿', uom: 'pcs', type: 'buy' },
    { code: 'STOOL-TOP', name: '凳面', uom: 'pcs', type: 'buy' },
  ],
  bomLines: [
    { parent: 'STOOL', child: 'STOOL-LEG', qty: 4 },
    { parent: 'STOOL', child: 'STOOL-TOP', qty: 1 },
  ],
  routings: [
    { item: 'STOOL', seq: 10, name: '组装', workCenter: 'ZZ-1', workshop: 'ZZ', standardMinutes: 12 },
  ],
  uomConversions: [],
  openingStock: [
    { item: 'STOOL-LEG', location: 'YL-A1', lot: 'L2026-1', qty: 400 },
    { item: 'STOOL-TOP', location: 'YL-A1', lot: '', qty: 100 },
  ],
};

/** The same plant with three mistakes: a location in a warehouse nobody listed, a role that does not exist, a negative quantity. */
const MISTAKES: [sheet: string, row: number, field: string, value: unknown][] = [
  ['locations', 1, 'warehouse', 'YL-X'],
  ['users', 0, 'roles', 'operater'],
  ['openingStock', 1, 'qty', -5],
];

/** Fills the downloaded template: the example row of each sheet goes, the plant's rows come in. */
async function fillTemplate(template: Buffer, mistakes: typeof MISTAKES = []): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(template as never);
  for (const [sheetName, records] of Object.entries(PLANT)) {
    const sheet = workbook.getWorksheet(sheetName);
    if (!sheet) throw new Error(`the template has no sheet ${sheetName}`);
    const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    // The example rows go: every row below the header is emptied, then the plant's rows written from row 2.
    for (let r = 2; r <= sheet.rowCount; r++) sheet.getRow(r).values = [];
    records.forEach((record, index) => {
      const values = { ...record };
      for (const [s, r, field, value] of mistakes) if (s === sheetName && r === index) values[field] = value;
      sheet.getRow(2 + index).values = header.map((field) => (values[field] ?? null) as ExcelJS.CellValue);
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

for (const backend of backends()) {
  describeInBrowser(`go-live on an empty ${backend} database, production mode (Chromium)`, () => {
    let server: TestServer;
    let fakes: PlatformFakes;
    let chromium: RunningBrowser;
    const opened: HostPage[] = [];
    let console_: HostPage;
    let page: Page;
    let workOrderNo: string;

    beforeAll(async () => {
      assertAppBuilt();
      fakes = startPlatformFakes();
      [server, chromium] = await Promise.all([
        startTestServer({
          backend,
          env: {
            ...platformEnv,
            // Two administrators: the grants of the users sheet wait for a second one (双人复核).
            SHOPFLOOR_ADMINS: 'dingtalk:boss-wang,wecom:BossLi',
            SHOPFLOOR_APP_DIR: APP_DIR,
            SHOPFLOOR_CONSOLE_DIR: CONSOLE_DIR,
          },
        }),
        launchChromium(),
      ]);
      server.clock.set(new Date());
      console_ = await openHostPage(chromium.browser, 'dingtalk', {
        viewport: DESK,
        deviceScaleFactor: 1,
        authCode: 'code-boss-wang',
      });
      opened.push(console_);
      page = console_.page;
    });
    afterAll(async () => {
      for (const host of opened) await host.close();
      await chromium?.close();
      await server?.close();
      fakes?.close();
    });

    const menu = (label: string) => page.locator('.ant-menu').getByText(label, { exact: true });
    const toast = (text: string | RegExp) => page.locator('.ant-message').getByText(text);
    const shot = async (name: string) => {
      await page.waitForLoadState('networkidle');
      await page.screenshot({ path: join(SCREENSHOTS, `go-live-${backend}-${name}.png`), fullPage: true });
    };

    it('the boss named by SHOPFLOOR_ADMINS signs in to the console inside DingTalk and is its administrator', async () => {
      await page.goto(`${server.url}/console/`);
      await page.locator('.shell-user').getByText('钉钉用户 boss-wang').waitFor({ timeout: 20_000 });
      const me = await server.database.db
        .selectFrom('users')
        .select(['id', 'roles'])
        .where('platform_user_id', '=', 'boss-wang')
        .executeTakeFirstOrThrow();
      expect(me).toEqual({ id: 'dt-boss-wang', roles: ['admin'] });
      expectNoPageErrors(console_.pageErrors);
    });

    it('downloads the template, and the dry run of the filled-in workbook shows exactly its three mistakes', async () => {
      await menu('首次设置').click();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: '下载模板' }).click(),
      ]);
      const template = readFileSync((await download.path())!);
      const upload = page.locator('.ant-upload input[type=file]');
      await upload.setInputFiles({
        name: 'plant-with-mistakes.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer: await fillTemplate(template, MISTAKES),
      });
      await page.getByText('发现 3 个问题，请在 Excel 中改正后重新上传').waitFor({ timeout: 20_000 });
      const problems = page.locator('.ant-table').first().locator('.ant-table-row');
      await expect.poll(() => problems.count()).toBe(3);
      const cells = await problems.evaluateAll((rows) =>
        rows.map((row) => Array.from(row.querySelectorAll('td')).map((td) => td.textContent ?? '')),
      );
      // Sheet, Excel row (header is row 1), field: the three places, nothing else.
      const places = cells.map((row) => row.slice(0, 3).join(' ')).sort();
      expect(places).toEqual(['人员 2 roles', '库位 3 warehouse', '期初库存 3 qty'].sort());
      expect(await page.getByRole('button', { name: '导入' }).isDisabled()).toBe(true);
      expect(await server.database.db.selectFrom('warehouses').select('code').execute()).toEqual([]);
      await shot('setup-problems');

      await upload.setInputFiles({
        name: 'plant.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer: await fillTemplate(template),
      });
      await page.getByText('检查通过，没有问题').waitFor({ timeout: 20_000 });
      await page.getByRole('button', { name: '导入' }).click();
      await page.getByText('导入完成').waitFor({ timeout: 20_000 });
      await shot('setup-applied');
    });

    it('a second administrator approves the grants of the users sheet (权限变更双人复核)', async () => {
      const anonymous = createClient({ baseUrl: server.url, retry: { limit: 0 } });
      const { token } = await anonymous.auth.wecom({ code: 'code-BossLi' });
      const second = createAdminClient({ baseUrl: server.url, token, retry: { limit: 0 } });
      const waiting = await second.roleRequests.listPage({ status: 'pending' });
      expect(waiting.items.map((r) => [r.userId, r.add, r.requestedBy]).sort()).toEqual([
        ['dt-liu-ding', { roles: [], workshops: ['ZZ'], warehouses: [] }, 'dt-boss-wang'],
        ['wc-QianShenPi', { roles: ['approver'], workshops: [], warehouses: ['YL'] }, 'dt-boss-wang'],
      ]);
      for (const r of waiting.items) await second.roleRequests.approve(r.id);
      const users = (await second.users.listPage({ limit: 500 })).items;
      expect(users.find((u) => u.id === 'dt-liu-ding')?.scopes?.workshops).toEqual(['ZZ']);
      expect(users.find((u) => u.id === 'wc-QianShenPi')?.roles).toEqual(['approver']);
    });

    it('shows the imported plant on each console page', async () => {
      for (const [label, expected, name] of [
        ['仓库库位', '原料仓', 'warehouses'],
        ['车间与工作中心', '组装一线', 'workshops'],
        ['人员与权限', '刘师傅', 'users'],
        ['物料', '方凳', 'items'],
      ] as const) {
        await menu(label).click();
        await page.getByText(expected).first().waitFor();
        await shot(name);
      }
      expectNoPageErrors(console_.pageErrors);
    });

    it('creates and releases a work order for the stool in the console', async () => {
      await menu('工单').click();
      await page.getByRole('button', { name: '新建工单' }).click();
      const dialog = page.locator('.ant-modal').filter({ hasText: '新建工单' });
      const field = dialog
        .locator('.ant-form-item')
        .filter({ hasText: '物料' })
        .locator('.ant-select')
        .first();
      await field.click();
      await page.keyboard.type('STOOL');
      await page
        .locator('.ant-select-dropdown:visible .ant-select-item-option')
        .filter({ hasText: '方凳' })
        .first()
        .click();
      await dialog.locator('.ant-form-item').filter({ hasText: '数量' }).locator('input').fill('20');
      await dialog.getByRole('button', { name: /保\s*存/ }).click();
      const created = (await toast(/已创建工单 .+（草稿）/).textContent()) ?? '';
      workOrderNo = /已创建工单 (\S+)（草稿）/.exec(created)![1]!;
      await page.keyboard.press('Escape');
      const line = page.locator('.ant-table-row').filter({ hasText: workOrderNo });
      await line.getByRole('button', { name: '下达' }).click();
      await page.locator('.ant-popconfirm').getByRole('button', { name: '下达' }).click();
      await toast(`工单 ${workOrderNo} 已下达`).waitFor();
      await shot('work-orders');
      const order = await server.database.db
        .selectFrom('work_orders')
        .select(['status', 'item', 'qty'])
        .where('no', '=', workOrderNo)
        .executeTakeFirstOrThrow();
      expect(order).toEqual({ status: 'released', item: 'STOOL', qty: '20' });
    });

    it('the operator from the users sheet signs in inside DingTalk and reports on that work order', async () => {
      const dt = await openHostPage(chromium.browser, 'dingtalk', { authCode: 'code-liu-ding' });
      opened.push(dt);
      await dt.page.goto(appUrl(server.url));
      await waitForHome(dt.page, '刘师傅', 20_000);
      await dt.queueScan(`SF1:OP:${workOrderNo}:10`);
      await dt.page.locator('.sf-button--scan', { hasText: '扫码报工' }).click();
      const view = onScreen(dt.page);
      const good = view.locator('#report-good input, input#report-good');
      await good.waitFor({ timeout: 15_000 });
      await good.fill('5');
      await view.locator('#report-submit').click();
      await expect.poll(() => view.locator('#report-result').textContent()).toContain('已发送');
      await screenshot(dt.page, `go-live-${backend}-report`);
      const reports = await server.database.db
        .selectFrom('operation_reports')
        .select(['reporter', 'good_qty'])
        .where('work_order_no', '=', workOrderNo)
        .execute();
      expect(reports).toEqual([{ reporter: 'dt-liu-ding', good_qty: '5' }]);
      expectNoPageErrors(dt.pageErrors);
    });

    it('the approver from the users sheet approves a material request in WeCom, and stock moves', async () => {
      const anonymous = createClient({ baseUrl: server.url, retry: { limit: 0 } });
      const { token } = await anonymous.auth.dingtalk({ code: 'code-liu-ding' });
      const operator = createClient({ baseUrl: server.url, token });
      const request: IssueRequest = await operator.issueRequests.create({
        warehouse: 'YL',
        workOrderNo,
        lines: [{ item: 'STOOL-LEG', qty: 20, location: 'YL-A1', lot: 'L2026-1' }],
      });
      const wc = await openHostPage(chromium.browser, 'wecom');
      opened.push(wc);
      await wc.page.goto(
        appUrl(server.url, 'pages/index/index', {}, '?code=code-QianShenPi&state=shopfloor'),
      );
      await waitForHome(wc.page, '钱审批', 20_000);
      await wc.page.getByText('领料', { exact: true }).click();
      await wc.page.locator(`#ir-row-${request.id}`).click();
      await wc.page.locator('#ir-approve').click();
      await expect.poll(() => wc.page.locator('#ir-status').textContent()).toContain('已批准');
      await screenshot(wc.page, `go-live-${backend}-approved`);
      const balance = await server.database.db
        .selectFrom('stock_balances')
        .select('qty')
        .where('item', '=', 'STOOL-LEG')
        .where('location', '=', 'YL-A1')
        .where('lot', '=', 'L2026-1')
        .executeTakeFirstOrThrow();
      expect(Number(balance.qty)).toBe(380);
      expectNoPageErrors(wc.pageErrors);
    });

    it('opening stock is one opening document in the ledger, and the ledger equals the balances', async () => {
      const db = server.database.db;
      const opening = await db
        .selectFrom('stock_movements')
        .select(['item', 'location', 'lot', 'qty', 'source_id'])
        .where('kind', '=', 'opening')
        .orderBy('item')
        .execute();
      expect(opening.map((m) => [m.item, m.location, m.lot, Number(m.qty)])).toEqual([
        ['STOOL-LEG', 'YL-A1', 'L2026-1', 400],
        ['STOOL-TOP', 'YL-A1', '', 100],
      ]);
      expect(new Set(opening.map((m) => m.source_id)).size).toBe(1);
      const ledger = await db
        .selectFrom('stock_movements')
        .select(['item', 'location', 'lot', (eb) => eb.fn.sum<string>('qty').as('qty')])
        .groupBy(['item', 'location', 'lot'])
        .execute();
      const balances = await db
        .selectFrom('stock_balances')
        .select(['item', 'location', 'lot', 'qty'])
        .execute();
      const key = (r: { item: string; location: string; lot: string }) => `${r.item}/${r.location}/${r.lot}`;
      const byKey = (rows: { item: string; location: string; lot: string; qty: string }[]) =>
        Object.fromEntries(rows.map((r) => [key(r), Number(r.qty)]).sort());
      expect(byKey(balances)).toEqual(byKey(ledger));
      expect(byKey(balances)['STOOL-TOP/YL-A1/']).toBe(100);
    });
  });
}
