/**
 * The console in e2e tests: its build (SHOPFLOOR_E2E_CONSOLE_DIR, default packages/console/dist, built
 * by `pnpm test`) and a desktop browser context already signed in as a user.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@shopfloor/sdk';
import type { BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import type { TestServer } from '../../packages/server/test/harness.js';
import type { RunningBrowser } from './hosts.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const CONSOLE_DIR = resolve(REPO, process.env.SHOPFLOOR_E2E_CONSOLE_DIR ?? 'packages/console/dist');

/** Fails the file at once, saying how, when the console has not been built. */
export function requireConsoleBuild(): void {
  if (!existsSync(join(CONSOLE_DIR, 'index.html'))) {
    throw new Error(`no console build at ${CONSOLE_DIR}: run \`pnpm --filter @shopfloor/console build\``);
  }
}

export interface ConsoleSession {
  context: BrowserContext;
  page: Page;
  /** Uncaught errors of the page, for expectNoPageErrors. */
  pageErrors: string[];
}

/**
 * A 1440×900 zh-CN context in Asia/Shanghai signed in as `userId`: the session the sign-in page would
 * keep is put in sessionStorage before any page script runs, so tests start on the page they test.
 */
export async function signedInConsole(
  chromium: RunningBrowser,
  server: TestServer,
  userId: string,
  options: BrowserContextOptions & { timeoutMs?: number } = {},
): Promise<ConsoleSession> {
  const { timeoutMs = 15_000, ...contextOptions } = options;
  const token = await server.token(userId);
  const user = await createClient({ baseUrl: server.url, token }).request({
    method: 'GET',
    path: '/auth/me',
  });
  const context = await chromium.browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...contextOptions,
  });
  context.setDefaultTimeout(timeoutMs);
  await context.addInitScript((value) => {
    sessionStorage.setItem('shopfloor.console.session', value);
  }, JSON.stringify({ token, user }));
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return { context, page, pageErrors };
}
