import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@shopfloor/sdk';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDemoFactory } from '../../packages/server/src/demo/index.js';
import { openAlert } from '../../packages/server/src/modules/alerts/store.js';
import { startTestServer, TestClock, type TestServer } from '../../packages/server/test/harness.js';
import {
  describeInBrowser,
  expectNoPageErrors,
  launchChromium,
  type RunningBrowser,
  requireConsoleBuild,
  SCREENSHOTS,
  signedInConsole,
} from './harness.js';

/**
 * 预警规则 in the console, Chromium at 1440×900: the demo admin finds the default rule (late
 * operation → owner and supervisor), creates a rule for low stock with quiet hours and an escalation
 * step, sees it listed, and opens the 通知记录 of an alert that went out by e-mail (a real SMTP
 * server). Screenshots: tests/e2e/screenshots/console-alert-rules.png and
 * console-alert-notifications.png.
 */
const REPO = fileURLToPath(new URL('../../', import.meta.url));
/** What this test uses of smtp-server's SMTPServer (the root has no types for it). */
interface SmtpSink {
  listen(port: number, host: string, done: () => void): void;
  close(done: () => void): void;
  server: { address(): AddressInfo | string | null };
}
type OnData = (
  stream: NodeJS.ReadableStream,
  session: { envelope: { rcptTo: { address: string }[] } },
  done: () => void,
) => void;
// The real SMTP server the server's tests use (a devDependency of packages/server).
const { SMTPServer } = createRequire(new URL('../../packages/server/package.json', import.meta.url))(
  'smtp-server',
) as {
  SMTPServer: new (options: {
    authOptional: boolean;
    disabledCommands: string[];
    onData: OnData;
  }) => SmtpSink;
};
const CONSOLE_DIR = resolve(REPO, process.env.SHOPFLOOR_E2E_CONSOLE_DIR ?? 'packages/console/dist');

describeInBrowser('预警规则 in the console (Chromium 1440×900)', () => {
  let server: TestServer;
  let chromium: RunningBrowser;
  let context: BrowserContext;
  let page: Page;
  let smtp: SmtpSink;
  const mails: string[][] = [];
  let pageErrors: string[] = [];
  let alertId = '';

  beforeAll(async () => {
    requireConsoleBuild();
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      onData(stream, session, done) {
        stream.resume();
        stream.on('end', () => {
          mails.push(session.envelope.rcptTo.map((r) => r.address));
          done();
        });
      },
    });
    await new Promise<void>((done) => smtp.listen(0, '127.0.0.1', () => done()));
    const smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
    const now = new Date();
    [server, chromium] = await Promise.all([
      startTestServer({
        env: { SHOPFLOOR_CONSOLE_DIR: CONSOLE_DIR, SHOPFLOOR_SMTP_URL: smtpUrl },
        seed: async (db, config) => {
          await seedDemoFactory(db, config, new TestClock(now));
          await db
            .updateTable('users')
            .set({ email: 'planner@demo.example.cn' })
            .where('id', '=', 'demo-planner')
            .execute();
        },
      }),
      launchChromium(),
    ]);
    server.clock.set(now);
    const token = await server.token('demo-admin');
    const admin = createClient({ baseUrl: server.url, token });
    // The first tick seeds the default rule; a rule e-mails sync failures to the planner.
    await server.services.workers.alertRules.tick();
    await admin.request({
      method: 'POST',
      path: '/alert-rules',
      body: {
        name: '同步失败邮件通知计划员',
        kinds: ['sync-failure'],
        recipients: { users: ['demo-planner'], roles: [] },
        channels: ['email'],
      },
    });
    alertId = (
      await openAlert(server.database.db, {
        orgId: server.deps.config.orgId,
        kind: 'sync-failure',
        severity: 'critical',
        subject: 'erp-e2e',
        message: '同步失败：ERP 接口连续 3 次投递失败',
        params: { connector: 'ERP 接口', connectorKind: 'webhook', attempts: 3, error: 'HTTP 503' },
        at: now,
      })
    ).id;
    await server.services.workers.alertRules.tick();
    ({ context, page, pageErrors } = await signedInConsole(chromium, server, 'demo-admin', {
      timeoutMs: 10_000,
    }));
  });
  afterAll(async () => {
    await context?.close();
    await chromium?.close();
    await server?.close();
    await new Promise<void>((done) => (smtp ? smtp.close(() => done()) : done()));
  });

  const settle = () =>
    page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
  const pick = async (scope: ReturnType<Page['locator']>, label: string, option: string) => {
    await scope.getByLabel(label, { exact: true }).click();
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option })
      .first()
      .click();
    await page.keyboard.press('Escape');
  };

  it('lists the default rule, creates one with quiet hours and escalation, and shows who was told', async () => {
    expect(mails).toEqual([['planner@demo.example.cn']]);
    await page.goto(`${server.url}/console/#/alert-rules`);
    await page.locator('.ant-menu').getByText('预警规则', { exact: true }).waitFor();
    const table = page.locator('.alert-rules-table');
    await table.getByText('工序逾期通知负责人和车间主管').waitFor();
    const defaultRow = table.locator('tr', { hasText: '工序逾期通知负责人和车间主管' });
    expect(await defaultRow.textContent()).toContain('负责人');
    expect(await defaultRow.textContent()).toContain('车间主管');
    expect(await defaultRow.textContent()).toContain('钉钉工作通知');

    await page.getByRole('button', { name: '新建规则' }).click();
    const modal = page.locator('.ant-modal:visible');
    await modal.getByLabel('规则名称').fill('库存预警通知仓库审批人');
    await pick(modal, '预警类型', '低于安全库存');
    await pick(modal, '最低级别', '警告');
    await pick(modal, '按角色', '仓库审批人');
    await modal.getByLabel('静默时段').click();
    await modal.getByLabel('从').fill('22:00');
    await modal.getByLabel('到').fill('07:00');
    await modal.getByRole('button', { name: '添加一级' }).click();
    await modal.getByRole('button', { name: /保\s*存/ }).click();
    await page.locator('.ant-message').getByText('已保存规则「库存预警通知仓库审批人」').waitFor();
    const row = table.locator('tr', { hasText: '库存预警通知仓库审批人' });
    await row.waitFor();
    const text = await row.textContent();
    expect(text).toContain('低于安全库存');
    expect(text).toContain('仓库审批人');
    expect(text).toContain('22:00–07:00');
    expect(text).toContain('30 分钟未确认');

    const rules = await createClient({
      baseUrl: server.url,
      token: await server.token('demo-admin'),
    }).request<{
      items: {
        name: string;
        kinds: string[];
        minSeverity: string;
        quietHours: unknown;
        escalation: unknown[];
      }[];
    }>({ method: 'GET', path: '/alert-rules' });
    expect(rules.items.find((r) => r.name === '库存预警通知仓库审批人')).toMatchObject({
      kinds: ['safety-stock'],
      minSeverity: 'warning',
      quietHours: { from: '22:00', to: '07:00' },
      escalation: [{ afterMinutes: 30, recipients: { users: [], roles: ['supervisor'] } }],
    });
    mkdirSync(SCREENSHOTS, { recursive: true });
    await settle();
    await page.screenshot({ path: join(SCREENSHOTS, 'console-alert-rules.png'), fullPage: false });

    await page.locator('.ant-message-notice').waitFor({ state: 'detached' });
    const alertRow = page
      .locator('.ant-card', { hasText: '最近预警' })
      .locator('tr', { hasText: 'ERP 接口' });
    await alertRow.getByRole('button', { name: '通知记录' }).click();
    const drawer = page.locator('.ant-drawer-body');
    await drawer.getByText('已发送').waitFor();
    const told = await drawer.locator('.ant-table-tbody').textContent();
    expect(told).toContain('周计划');
    expect(await page.locator('.ant-drawer-title').textContent()).toBe('通知记录：同步失败：ERP 接口');
    expect(told).toContain('邮件');
    expect(told).toContain('同步失败邮件通知计划员');
    await settle();
    await page.screenshot({ path: join(SCREENSHOTS, 'console-alert-notifications.png'), fullPage: false });
    expect(alertId).toMatch(/^[0-9a-f-]{36}$/);
    expectNoPageErrors(pageErrors);
  });
});
