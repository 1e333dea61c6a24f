import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSetupWorkbook } from '@shopfloor/bom-io';
import type { ShopfloorClient } from '@shopfloor/sdk';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDemoFactory } from '../../packages/server/src/demo/index.js';
import { startTestServer, TestClock, type TestServer } from '../../packages/server/test/harness.js';
import {
  describeInBrowser,
  expectNoPageErrors,
  launchChromium,
  type RunningBrowser,
  SCREENSHOTS,
} from './harness.js';

/**
 * The office console in Chromium at 1440×900 against a demo-mode server with the demo factory:
 * sign in through the demo picker as the admin, then every page: the setup workbook (template,
 * a dry run with one mistake, the fixed file imported), items, the BOM tree and where-used of a
 * demo product, its routing, a work order created, released and its labels opened, a role granted
 * to someone waiting after his first sign-in, a location added and a warehouse in use offered for
 * deactivation, work-center calendars, English. Screenshots under tests/e2e/screenshots/console-*.png.
 *
 * Environment: SHOPFLOOR_E2E_CONSOLE_DIR (default packages/console/dist, built by `pnpm test`).
 */
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const CONSOLE_DIR = resolve(REPO, process.env.SHOPFLOOR_E2E_CONSOLE_DIR ?? 'packages/console/dist');
const PRODUCT = 'FG-TV180';
const NEWCOMER = { id: 'dingtalk-0192', name: '吴新人' };

describeInBrowser('the office console (demo mode, Chromium 1440×900)', () => {
  let server: TestServer;
  let chromium: RunningBrowser;
  let context: BrowserContext;
  let page: Page;
  let admin: ShopfloorClient;
  const pageErrors: string[] = [];
  const files = mkdtempSync(join(tmpdir(), 'sf-console-e2e-'));

  beforeAll(async () => {
    if (!existsSync(join(CONSOLE_DIR, 'index.html'))) {
      throw new Error(
        `no console build at ${CONSOLE_DIR}: run \`pnpm --filter @shopfloor/console build\` (pnpm test does)`,
      );
    }
    const now = new Date();
    [server, chromium] = await Promise.all([
      startTestServer({
        env: { SHOPFLOOR_CONSOLE_DIR: CONSOLE_DIR },
        seed: async (db, config) => {
          await seedDemoFactory(db, config, new TestClock(now));
          // Someone who signed in from DingTalk once and waits for an admin to give him a role.
          await db
            .insertInto('users')
            .values({
              org_id: config.orgId,
              id: NEWCOMER.id,
              name: NEWCOMER.name,
              roles: [],
              workshops: [],
              warehouses: [],
              platform: 'dingtalk',
              platform_user_id: '0192',
              created_at: now,
            })
            .execute();
        },
      }),
      launchChromium(),
    ]);
    server.clock.set(now);
    admin = await server.as('demo-admin');
    context = await chromium.browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });
  afterAll(async () => {
    await context?.close();
    await chromium?.close();
    await server?.close();
    rmSync(files, { recursive: true, force: true });
  });

  /** Whole page, once nothing is loading and no animation runs. */
  async function shot(name: string): Promise<void> {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.waitForFunction(
      () =>
        document.querySelectorAll('.ant-spin-spinning, .ant-skeleton-active').length === 0 &&
        document.getAnimations().every((a) => a.playState !== 'running'),
      undefined,
      { timeout: 10_000, polling: 100 },
    );
    await page.screenshot({ path: join(SCREENSHOTS, `console-${name}.png`), fullPage: true });
  }

  const menu = (label: string) => page.locator('.ant-menu').getByText(label, { exact: true });
  const row = (text: string) => page.locator('.ant-table-row').filter({ hasText: text });
  /** The row with a cell that reads exactly `text` (成品仓, not 半成品仓). */
  const rowWithCell = (text: string) =>
    page.locator('.ant-table-row').filter({ has: page.getByRole('cell', { name: text, exact: true }) });
  const toast = (text: string | RegExp) => page.locator('.ant-message').getByText(text);

  /** Picks an option of the antd Select in the form item labelled `label`, typing `search` first. */
  async function choose(scope: ReturnType<Page['locator']>, label: string, search: string, option: string) {
    const field = scope.locator('.ant-form-item').filter({ hasText: label }).locator('.ant-select').first();
    await field.click();
    await page.keyboard.type(search);
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: option })
      .first()
      .click();
  }

  it('signs in through the demo picker as the admin and lands on the first page of the menu', async () => {
    await page.goto(`${server.url}/console/`);
    await page.getByText('演示模式：选择一个演示账号进入').waitFor();
    await page.getByText('系统管理员', { exact: true }).waitFor();
    await shot('sign-in');
    await page.getByRole('button', { name: '以系统管理员身份进入' }).click();
    await page.locator('.shell-user').getByText('系统管理员').waitFor();
    for (const label of [
      '首次设置',
      '仓库库位',
      '车间与工作中心',
      '人员与权限',
      '物料',
      'BOM',
      '工艺路线',
      '工单',
    ]) {
      await menu(label).waitFor();
    }
    await page.getByText('1. 下载模板').waitFor();
    expect(page.url()).toContain('/console/#/setup');
    await shot('setup');
  });

  it('首次设置: downloads the template, shows the one mistake of a workbook, then imports the fixed one', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载模板' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('shopfloor-setup-template.xlsx');
    expect(
      readFileSync(await download.path())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK'); // an xlsx is a zip

    const workbook = async (name: string, warehouse: string) => {
      const file = join(files, name);
      const bytes = await writeSetupWorkbook({
        warehouses: [{ code: 'WH-QC', name: '质检仓' }],
        locations: [{ warehouse, code: 'QC-01', name: '来料待检区', kind: '待检' }],
      });
      writeFileSync(file, bytes);
      return file;
    };
    const upload = page.locator('.ant-upload input[type=file]');
    await upload.setInputFiles(await workbook('plant-wrong.xlsx', 'WH-NOPE'));
    await page.getByText('发现 1 个问题，请在 Excel 中改正后重新上传').waitFor();
    const problem = page.locator('.ant-table-row').filter({ hasText: 'WH-NOPE' });
    expect(await problem.locator('td').allTextContents()).toEqual(
      expect.arrayContaining(['库位', 'warehouse', expect.stringMatching(/^\d+$/)]),
    );
    expect(await page.getByRole('button', { name: '导入' }).isDisabled()).toBe(true);
    await shot('setup-problems');

    await upload.setInputFiles(await workbook('plant.xlsx', 'WH-QC'));
    await page.getByText('检查通过，没有问题').waitFor();
    const created = (sheet: string) => rowWithCell(sheet).locator('td').nth(1);
    expect(await created('仓库').textContent()).toBe('1');
    expect(await created('库位').textContent()).toBe('1');
    await page.getByRole('button', { name: '导入' }).click();
    await page.getByText('导入完成').waitFor();
    await shot('setup-applied');
    const house = await admin.request<{ locations: { code: string; kind: string }[] }>({
      method: 'GET',
      path: '/warehouses/WH-QC',
    });
    expect(house.locations).toEqual([expect.objectContaining({ code: 'QC-01', kind: 'quarantine' })]);
  });

  it('物料: finds the demo product by name and shows its master data', async () => {
    await menu('物料').click();
    await page.locator('.ant-table-row').first().waitFor();
    await page.getByPlaceholder('料号或名称').fill('电视柜');
    await page.getByRole('button', { name: '查询' }).click();
    const product = row(PRODUCT);
    await product.waitFor();
    // Its parts carry the product's name too; every row found has it.
    for (const text of await page.locator('.ant-table-row').allInnerTexts()) expect(text).toContain('电视柜');
    expect(await product.textContent()).toContain('自制');
    await shot('items');
  });

  it('BOM: the indented explosion of the product, then where one of its components is used', async () => {
    const tree = await admin.boms.explosionTree(PRODUCT, { qty: 1 });
    await row(PRODUCT).getByRole('button', { name: 'BOM' }).click();
    await page.getByRole('tab', { name: '多级展开' }).waitFor();
    expect(page.url()).toContain(`item=${PRODUCT}`);
    const deepest = tree.rows.reduce((a, b) => (b.level > a.level ? b : a));
    // Every row of the tree is open from the start, down to the deepest level.
    await expect.poll(() => page.locator('.ant-table-row').count()).toBe(tree.rows.length);
    await page.locator('.ant-table-row').filter({ hasText: deepest.item }).first().waitFor();
    await shot('bom-tree');

    const component = tree.rows[0]!.item;
    await page.evaluate((code) => {
      location.hash = `#/boms?item=${code}&tab=where-used`;
    }, component);
    await page.getByRole('tab', { name: '反查', selected: true }).waitFor();
    await row(PRODUCT).waitFor();
    await shot('bom-where-used');
  });

  it('工艺路线: the operations of the product in sequence', async () => {
    const routing = await admin.request<{ operations: { seq: number; name: string }[] }>({
      method: 'GET',
      path: `/routings/${PRODUCT}`,
    });
    await page.evaluate((code) => {
      location.hash = `#/routings?item=${code}`;
    }, PRODUCT);
    await page.getByText(`共 ${routing.operations.length} 道工序`).waitFor();
    for (const op of routing.operations) {
      await page.locator('.ant-table-row td').getByText(op.name, { exact: true }).waitFor();
    }
    expect(await page.locator('.ant-menu-item-selected').textContent()).toBe('工艺路线');
    await shot('routing');
  });

  it('工单: creates a work order, releases it and opens its operation labels', async () => {
    await menu('工单').click();
    await page.locator('.ant-table-row').first().waitFor();
    await shot('work-orders');
    await page.getByRole('button', { name: '新建工单' }).click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '新建工单' });
    await choose(dialog, '物料', 'FG-SC', 'FG-SC');
    await dialog.locator('.ant-input-number input').fill('5');
    await shot('work-order-create');
    await dialog.getByRole('button', { name: '保存' }).click();
    const created = (await toast(/已创建工单 .+（草稿）/).textContent()) ?? '';
    const no = /已创建工单 (\S+)（草稿）/.exec(created)![1]!;
    const drawer = page.locator('.ant-drawer').filter({ hasText: `工单 ${no}` });
    await drawer.getByText('草稿').waitFor();
    await drawer.locator('.ant-table-row').first().waitFor();
    await shot('work-order-detail');
    await drawer.locator('.ant-drawer-close').click();
    await drawer.waitFor({ state: 'hidden' });

    await choose(page.locator('.search-card'), '状态', '草稿', '草稿');
    await page.getByRole('button', { name: '查询' }).click();
    const line = row(no);
    await line.getByRole('button', { name: '下达' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '下达' }).click();
    await toast(`工单 ${no} 已下达`).waitFor();
    expect((await admin.workOrders.get(no)).status).toBe('released');

    await page.getByRole('button', { name: '重置' }).click();
    await row(no).getByText('已下达').waitFor();
    await row(no).getByRole('button', { name: '打印标签' }).click();
    const labels = page.frameLocator('iframe.labels-frame');
    await labels.getByText(`SF1:OP:${no}:`, { exact: false }).first().waitFor();
    await shot('work-order-labels');
    await page.locator('.ant-modal-footer').getByRole('button', { name: '关闭' }).click();
    await page.locator('.ant-modal').waitFor({ state: 'hidden' });
  });

  it('人员与权限: grants a role and a workshop to someone waiting after his first sign-in', async () => {
    await menu('人员与权限').click();
    await row('系统管理员').waitFor();
    await shot('users');
    await page.getByText('待分配角色').click();
    await page.getByText('这些人已经登录过，但还没有角色').waitFor();
    const waiting = row(NEWCOMER.name);
    await waiting.getByText('待分配').waitFor();
    await expect.poll(() => page.locator('.ant-table-row').count()).toBe(1);
    await shot('users-pending');

    await waiting.getByRole('button', { name: '授权' }).click();
    const drawer = page.locator('.ant-drawer').filter({ hasText: `为 ${NEWCOMER.name} 授权` });
    await drawer.locator('.ant-checkbox-wrapper').filter({ hasText: '操作工' }).click();
    await choose(drawer, '车间范围', '总装', '总装车间');
    await page.keyboard.press('Escape');
    await shot('users-grant');
    await drawer.getByRole('button', { name: '保存' }).click();
    // Operator applies at once; the workshop is a new scope and waits for a second admin (双人复核).
    await toast(`${NEWCOMER.name} 的权限变更已提交，等待另一位管理员复核`).waitFor();

    const users = await admin.request<{
      items: { id: string; roles: string[]; scopes?: { workshops: string[] } }[];
    }>({ method: 'GET', path: '/users', query: { limit: 500 } });
    const granted = users.items.find((u) => u.id === NEWCOMER.id)!;
    expect(granted.roles).toEqual(['operator']);
    expect(granted.scopes?.workshops).toEqual([]);
    await page.getByText('没有等待分配角色的人员').waitFor();
    await page.getByText('全部人员').click();
    await row(NEWCOMER.name).getByText('操作工').waitFor();
  });

  it('仓库库位: adds a quarantine location, and offers to deactivate a warehouse that is in use instead of deleting it', async () => {
    await menu('仓库库位').click();
    await row('原材料仓').click();
    const locations = page.locator('.ant-card').filter({ hasText: '原材料仓 的库位' });
    await locations.getByText('RM-A01').waitFor();
    await locations.getByRole('button', { name: '新增库位' }).click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '新增库位' });
    await dialog.getByLabel('库位编码').fill('RM-QC01');
    await dialog.getByLabel('库位名称').fill('来料待检区');
    await choose(dialog, '类型', '待检', '待检隔离');
    await dialog.getByRole('button', { name: '保存' }).click();
    await locations.locator('.ant-table-row').filter({ hasText: 'RM-QC01' }).getByText('待检隔离').waitFor();
    const house = await admin.request<{ locations: { code: string; kind: string }[] }>({
      method: 'GET',
      path: '/warehouses/WH-RM',
    });
    expect(house.locations.find((l) => l.code === 'RM-QC01')?.kind).toBe('quarantine');

    await rowWithCell('WH-RM').getByRole('button', { name: '删除' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '删除' }).click();
    const offer = page
      .locator('.ant-modal-confirm')
      .filter({ hasText: 'WH-RM 已被引用，不能删除。改为停用吗？' });
    await offer.waitFor();
    await shot('warehouses-in-use');
    await offer.getByRole('button', { name: '取消' }).click();
    await offer.waitFor({ state: 'hidden' });
    await rowWithCell('成品仓').click();
    await page.locator('.ant-card').filter({ hasText: '成品仓 的库位' }).getByText('FG-01').waitFor();
    await shot('warehouses');
  });

  it("车间与工作中心: the work centers of a workshop with their calendars in the workbook's words", async () => {
    const centers = await admin.request<{
      items: { code: string; workshop: string; calendar: { workdays: number[] } }[];
    }>({ method: 'GET', path: '/work-centers', query: { workshop: 'WS-PNT' } });
    expect(centers.items.length).toBeGreaterThan(0);
    await menu('车间与工作中心').click();
    await rowWithCell('涂装车间').click();
    const panel = page.locator('.ant-card').filter({ hasText: '涂装车间 的工作中心' });
    for (const center of centers.items) await panel.getByText(center.code, { exact: true }).waitFor();
    // The paint line's night shift runs past midnight: an end before the start.
    await expect
      .poll(() => panel.locator('.ant-table-row').allTextContents())
      .toContainEqual(
        expect.stringMatching(/周[一二三四五六日](至周[一二三四五六日])? .*\d\d:\d\d-\d\d:\d\d/),
      );
    await shot('workshops');
  });

  it('switches to English and back, keeping the page', async () => {
    await menu('工单').click();
    await page.getByRole('button', { name: 'English' }).click();
    await page.locator('.ant-menu').getByText('Work orders', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'New work order' }).waitFor();
    await page.locator('.ant-table-row').first().waitFor();
    await shot('work-orders-en');
    await page.getByRole('button', { name: '中文' }).click();
    await menu('工单').waitFor();
    expectNoPageErrors(pageErrors);
  });
});
