import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { receiptBy } from '../../packages/server/test/fixtures-stock.js';
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
  SCREENSHOTS,
  screenshot,
  startServerAndBrowser,
  waitForHome,
} from './harness.js';

/**
 * Issue 13, 齐套 on the phone (DingTalk operator 李师傅, 375×812, real server): two cabinets for his
 * 总装车间 are released; the materials of one are issued (approved), the other has none. The one
 * waiting for material is due first, yet his home lists the ready operation before it, and the
 * waiting one is greyed with 待齐套 and its first missing component; the board says 待齐套 too.
 * The report page's header says it too. Screenshots: tests/e2e/screenshots/app-readiness-home.png,
 * app-readiness-report.png, app-readiness-board.png.
 */
describeInBrowser('App: ready to start (齐套) on the phone (DingTalk operator, 375×812)', () => {
  let server: E2eServer;
  let chromium: RunningBrowser;
  let dt: HostPage;
  const pageErrors: string[] = [];
  const stamp = Date.now().toString(36).toUpperCase();
  const ready = `WO-RD-${stamp}-A`;
  const waiting = `WO-RD-${stamp}-B`;

  beforeAll(async () => {
    ({ server, chromium } = await startServerAndBrowser());
    const db = server.database.db;
    const org = (await db.selectFrom('workshops').select('org_id').executeTakeFirstOrThrow()).org_id;
    await db
      .insertInto('items')
      .values([
        { org_id: org, code: 'E2E-CAB', name: '文件柜', uom: 'pcs', type: 'make', precision: 0 },
        { org_id: org, code: 'E2E-CAB-DOOR', name: '柜门', uom: 'pcs', type: 'buy', precision: 0 },
        { org_id: org, code: 'E2E-CAB-HINGE', name: '铰链', uom: 'pcs', type: 'buy', precision: 0 },
      ])
      .execute();
    await db
      .insertInto('bom_lines')
      .values([
        { org_id: org, parent: 'E2E-CAB', child: 'E2E-CAB-DOOR', seq: 10, qty: '2' },
        { org_id: org, parent: 'E2E-CAB', child: 'E2E-CAB-HINGE', seq: 20, qty: '6' },
      ])
      .execute();
    await db
      .insertInto('routings')
      .values([
        { org_id: org, item: 'E2E-CAB', seq: 10, name: '柜体组装', workshop: 'WS-ASM', standard_minutes: 5 },
        { org_id: org, item: 'E2E-CAB', seq: 20, name: '柜体包装', workshop: 'WS-ASM', standard_minutes: 2 },
      ])
      .execute();
    // The compiled BOM is cached by revision: a new one makes the server read the lines above.
    await db
      .updateTable('bom_revisions')
      .set((eb) => ({ revision: eb('revision', '+', '1') }))
      .where('org_id', '=', org)
      .execute();

    const planner = await server.api('demo-planner');
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const inDays = (n: number) =>
      new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    // The waiting one is due first: without 齐套 it would be listed first.
    await planner.workOrders.create({ no: waiting, item: 'E2E-CAB', qty: 6, due: inDays(1) });
    await planner.workOrders.create({ no: ready, item: 'E2E-CAB', qty: 4, due: inDays(3) });
    await planner.workOrders.release(waiting);
    await planner.workOrders.release(ready);

    await receiptBy(await server.api('demo-storekeeper'), [
      { item: 'E2E-CAB-DOOR', qty: 8, location: 'RM-C01' },
      { item: 'E2E-CAB-HINGE', qty: 24, location: 'RM-C01' },
    ]);
    const request = await (await server.api('demo-operator')).issueRequests.create({
      warehouse: 'WH-RM',
      workOrderNo: ready,
      lines: [
        { item: 'E2E-CAB-DOOR', qty: 8, location: 'RM-C01' },
        { item: 'E2E-CAB-HINGE', qty: 24, location: 'RM-C01' },
      ],
    });
    await (await server.api('demo-approver')).issueRequests.approve(request.id);

    dt = await openHostPage(chromium.browser, 'dingtalk', {
      authCode: loginCode('demo-operator'),
      viewport: { width: 375, height: 812 },
    });
    dt.page.on('pageerror', (error) => pageErrors.push(error.message));
    await dt.page.goto(appUrl(server.url));
    await waitForHome(dt.page, '李师傅');
  });
  afterAll(async () => {
    await dt?.close();
    await chromium?.close();
    await server?.close();
  });

  const view = () => onScreen(dt.page);

  it('lists the ready operation before the one waiting for material, which is greyed with 待齐套 and what is short', async () => {
    const readyRow = view().locator(`#home-op-${ready}-10`);
    const waitingRow = view().locator(`#home-op-${waiting}-10`);
    // Both may sit below the first page of the list: ask for more until the waiting one shows.
    for (let i = 0; i < 10 && (await waitingRow.count()) === 0; i++) {
      const more = view().locator('#home-ops-more');
      if ((await more.count()) === 0) break;
      await more.click();
    }
    await waitingRow.waitFor();
    await readyRow.waitFor();
    const ids = await view()
      .locator('[id^="home-op-"]')
      .evaluateAll((rows) => rows.map((row) => row.id));
    expect(ids.indexOf(`home-op-${ready}-10`)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(`home-op-${ready}-10`)).toBeLessThan(ids.indexOf(`home-op-${waiting}-10`));

    await expect(readyRow.locator('.sf-badge').textContent()).resolves.toBe('可开工');
    await expect(waitingRow.locator('.sf-badge--material').textContent()).resolves.toBe('待齐套');
    await expect(waitingRow.locator('.sf-row__missing').textContent()).resolves.toBe('缺 柜门 12 件 等 1 项');
    expect(await waitingRow.getAttribute('class')).toContain('sf-row--waiting');
    // Big enough for a gloved thumb: the whole row is the target.
    const box = await waitingRow.boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(72);
    await waitingRow.scrollIntoViewIfNeeded();
    await screenshot(dt.page, 'app-readiness-home');
    expectNoPageErrors(pageErrors);
  });

  it('opens the waiting operation from home with 待齐套 and what is short in the report header', async () => {
    await dt.page.goto(appUrl(server.url));
    await waitForHome(dt.page, '李师傅');
    const waitingRow = view().locator(`#home-op-${waiting}-10`);
    for (let i = 0; i < 10 && (await waitingRow.count()) === 0; i++) {
      const more = view().locator('#home-ops-more');
      if ((await more.count()) === 0) break;
      await more.click();
    }
    await waitingRow.click();
    const head = view().locator('.sf-report-head');
    await head.getByText(waiting).waitFor();
    await expect(head.locator('.sf-badge--material').textContent()).resolves.toBe('待齐套');
    await expect(head.locator('.sf-report-head__missing').textContent()).resolves.toBe(
      '缺 柜门 12 件 等 1 项',
    );
    await screenshot(dt.page, 'app-readiness-report');
    expectNoPageErrors(pageErrors);
  });

  it('shows 待齐套 with the missing component on the board too', async () => {
    await dt.page.goto(appUrl(server.url, 'pages/board/index', { wo: waiting }));
    const material = view().locator(`#board-material-${waiting}-10`);
    await material.getByText('待齐套').waitFor();
    await material.getByText('缺 柜门 12 件 等 1 项').waitFor();
    expect(await view().locator(`#board-material-${ready}-10`).count()).toBe(0);
    await screenshot(dt.page, 'app-readiness-board');
    // The card alone, at the phone's scale, to read the badge on.
    await view()
      .locator(`#board-wo-${waiting}`)
      .screenshot({ path: join(SCREENSHOTS, 'app-readiness-board-card.png') });
    expectNoPageErrors(pageErrors);
  });
});
