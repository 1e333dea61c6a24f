/**
 * End-to-end harness: the real server in-process on PGlite (packages/server/test/harness.ts) with
 * the demo factory seeded, DingTalk and WeCom credentials whose APIs are msw fakes in this process,
 * the H5 build served at /app/, and Debian Chromium pretending to be DingTalk or WeCom
 * (tests/e2e/hosts.ts). One host per test file: the host libraries cache what they detect.
 *
 * Environment: SHOPFLOOR_E2E_APP_DIR (the H5 build; default packages/miniapp/dist/h5, built by
 * `pnpm test`), SHOPFLOOR_E2E_CHROMIUM (default /usr/bin/chromium; without it the files say they
 * were skipped and why).
 */
import type { ShopfloorClient } from '@shopfloor/sdk';
import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { seedDemoFactory } from '../../packages/server/src/demo/index.js';
import { clientFor } from '../../packages/server/test/fixtures-platform.js';
import { startTestServer, TestClock, type TestServer } from '../../packages/server/test/harness.js';
import { APP_DIR, assertAppBuilt, browserSkipReason, launchChromium, type RunningBrowser } from './hosts.js';
import { mapPlatformUsers, type PlatformFakes, platformEnv, startPlatformFakes } from './platform.js';

export * from './console.js';
export * from './hosts.js';
export * from './operations.js';
export { loginCode } from './platform.js';

/** `describe`, or a skipped one whose name (and a warning line) says why the browser tests cannot run. */
export function describeInBrowser(name: string, body: () => void): void {
  const reason = browserSkipReason();
  if (reason) {
    console.warn(`[e2e] SKIPPED "${name}": ${reason}`);
    describe.skip(`${name} — SKIPPED: ${reason}`, body);
  } else {
    describe(name, body);
  }
}

export interface E2eServer extends TestServer {
  fakes: PlatformFakes;
  /** An API client signed in as a demo user (a session signed the way logins sign it). */
  api(userId: string): Promise<ShopfloorClient>;
}

/**
 * The server with DingTalk and WeCom configured (so no demo login), the demo factory seeded and
 * its users mapped to platform ids. Its clock stands still at the real time of the start, so the
 * demo's dates agree with the browser's.
 */
export async function startE2eServer(): Promise<E2eServer> {
  assertAppBuilt();
  const fakes = startPlatformFakes();
  const now = new Date();
  try {
    const server = await startTestServer({
      env: { ...platformEnv, SHOPFLOOR_APP_DIR: APP_DIR },
      seed: async (db, config) => {
        await seedDemoFactory(db, config, new TestClock(now));
        await mapPlatformUsers(db, config.orgId);
      },
    });
    server.clock.set(now);
    return {
      ...server,
      fakes,
      api: (userId) => clientFor(server, userId),
      async close() {
        await server.close();
        fakes.close();
      },
    };
  } catch (error) {
    fakes.close();
    throw error;
  }
}

/** The server and the browser, started together; whichever started is closed if the other fails. */
export async function startServerAndBrowser(): Promise<{ server: E2eServer; chromium: RunningBrowser }> {
  const [server, chromium] = await Promise.allSettled([startE2eServer(), launchChromium()]);
  if (server.status === 'fulfilled' && chromium.status === 'fulfilled') {
    return { server: server.value, chromium: chromium.value };
  }
  if (server.status === 'fulfilled') await server.value.close();
  if (chromium.status === 'fulfilled') await chromium.value.close();
  throw server.status === 'rejected' ? server.reason : (chromium as PromiseRejectedResult).reason;
}

/** Waits for the signed-in home: the greeting with the user's name. */
export async function waitForHome(page: Page, name: string, timeout = 15_000): Promise<void> {
  await page.getByText(new RegExp(`(你好|Hello)，?,? ?${name}`)).waitFor({ timeout });
}

/** Fails with the page's uncaught errors, if any. */
export function expectNoPageErrors(errors: string[]): void {
  expect(errors, `uncaught errors in the page:\n${errors.join('\n')}`).toEqual([]);
}
