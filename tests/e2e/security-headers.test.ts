/**
 * The pages still work under their Content-Security-Policy: /app/ (Taro H5, in a fake DingTalk),
 * /console/ (Vite + antd) and /docs (Swagger UI with its inline start script allowed by hash) render
 * and sign in in Debian Chromium, with no CSP violation reported by the page or the browser console.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDemoFactory } from '../../packages/server/src/demo/index.js';
import { startTestServer, TestClock, type TestServer } from '../../packages/server/test/harness.js';
import {
  APP_DIR,
  appUrl,
  assertAppBuilt,
  describeInBrowser,
  expectNoPageErrors,
  type HostPage,
  launchChromium,
  openHostPage,
  type RunningBrowser,
  waitForHome,
} from './harness.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const CONSOLE_DIR = resolve(REPO, process.env.SHOPFLOOR_E2E_CONSOLE_DIR ?? 'packages/console/dist');

/** Records every CSP violation the page sees, before any of its scripts run. */
function recordViolations() {
  const seen: string[] = [];
  (window as unknown as { __csp: string[] }).__csp = seen;
  document.addEventListener('securitypolicyviolation', (event) => {
    seen.push(
      `${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`,
    );
  });
}

describeInBrowser('security headers: the pages under their CSP in Chromium', () => {
  let server: TestServer;
  let chromium: RunningBrowser;
  let host: HostPage;
  let desk: BrowserContext;
  let deskPage: Page;
  const deskErrors: string[] = [];
  const consoleLines: string[] = [];

  beforeAll(async () => {
    assertAppBuilt();
    if (!existsSync(join(CONSOLE_DIR, 'index.html'))) {
      throw new Error(
        `no console build at ${CONSOLE_DIR}: run \`pnpm --filter @shopfloor/console build\` (pnpm test does)`,
      );
    }
    const now = new Date();
    [server, chromium] = await Promise.all([
      startTestServer({
        env: { SHOPFLOOR_DEMO: 'on', SHOPFLOOR_APP_DIR: APP_DIR, SHOPFLOOR_CONSOLE_DIR: CONSOLE_DIR },
        seed: (db, config) => seedDemoFactory(db, config, new TestClock(now)).then(() => undefined),
      }),
      launchChromium(),
    ]);
    server.clock.set(now);
    host = await openHostPage(chromium.browser, 'dingtalk');
    await host.context.addInitScript(recordViolations);
    host.page.on('console', (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
    desk = await chromium.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    desk.setDefaultTimeout(10_000);
    await desk.addInitScript(recordViolations);
    deskPage = await desk.newPage();
    deskPage.on('console', (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
    deskPage.on('pageerror', (error) => deskErrors.push(error.message));
  });
  afterAll(async () => {
    await desk?.close();
    await host?.close();
    await chromium?.close();
    await server?.close();
  });

  /** Fails with what the CSP blocked on this page, from the page's events and the browser console. */
  async function expectNoViolations(page: Page) {
    const events = await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);
    expect(events, 'securitypolicyviolation events').toEqual([]);
    expect(consoleLines.filter((line) => /Content Security Policy|Refused to/i.test(line))).toEqual([]);
  }

  it('serves the app with its CSP; it shows the demo picker and signs in', async () => {
    const res = await host.page.goto(appUrl(server.url));
    const csp = res?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain('frame-ancestors');
    expect(res?.headers()['x-content-type-options']).toBe('nosniff');
    await host.page.getByText('选择演示账号进入（演示模式）').waitFor({ timeout: 15_000 });
    await host.page.locator('.sf-button--user', { hasText: '李师傅' }).click();
    await waitForHome(host.page, '李师傅');
    await host.page.getByText('今日工序').waitFor();
    await expectNoViolations(host.page);
    expectNoPageErrors(host.pageErrors);
  });

  it('serves the console with its CSP; antd renders and the demo admin signs in', async () => {
    const page = deskPage;
    const res = await page.goto(`${server.url}/console/`);
    expect(res?.headers()['content-security-policy']).toContain("style-src 'self' 'unsafe-inline'");
    await page.getByText('演示模式：选择一个演示账号进入').waitFor();
    await page.getByRole('button', { name: '以系统管理员身份进入' }).click();
    await page.locator('.shell-user').getByText('系统管理员').waitFor();
    await page.locator('.ant-menu').first().waitFor();
    await expectNoViolations(page);
    expectNoPageErrors(deskErrors);
  });

  it('serves Swagger UI at /docs with its inline start script allowed by hash, and nothing else inline', async () => {
    const page = deskPage;
    const res = await page.goto(`${server.url}/docs`);
    expect(res?.headers()['content-security-policy']).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
    await page.locator('.swagger-ui .info .title').getByText('Shopfloor', { exact: false }).waitFor();
    await page.locator('.opblock').first().waitFor();
    await expectNoViolations(page);
    expectNoPageErrors(deskErrors);
    // The policy is enforced: an inline script that is not the start script is refused.
    const ran = await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__injected = true;';
      document.body.append(script);
      return (window as unknown as { __injected?: boolean }).__injected === true;
    });
    expect(ran).toBe(false);
    // …and the recorder the checks above rely on saw it.
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp.length))
      .toBe(1);
  });
});
