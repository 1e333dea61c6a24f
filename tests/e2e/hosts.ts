/**
 * Real Chromium (Debian's /usr/bin/chromium driven by playwright-core) with a fake DingTalk or
 * WeCom host injected before the app loads. No vitest here: bench/app.ts uses it too.
 *
 * The fakes answer the way the real hosts do on iOS, as docs/app.md "Fake hosts for tests" measured:
 * - DingTalk: `DingTalk` + `iPhone` in the user agent and `window.WebViewJavascriptBridge.callHandler(api,
 *   params, cb)` answering `{ errorCode: '0', result }` (`runtime.permission.requestAuthCode` → `{ code }`,
 *   `biz.util.scan` → `{ text }`).
 * - WeCom: `wxwork/4.1.30` in the user agent and `window.WeixinJSBridge.invoke(name, params, cb)`
 *   answering `{ err_msg: name + ':ok' }`; `scanQRCode` answers `resultStr` as the iOS JSON
 *   `{"scan_code":{"scan_result":…}}`. Sign-in is an OAuth redirect: open `/app/?code=…&state=…#/…`.
 * Scans come from a queue the test fills (`host.queueScan`); a scan waits for one, like a person
 * aiming at a label, and answers "cancelled" after 10 s without one.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';

export const CHROMIUM = process.env.SHOPFLOOR_E2E_CHROMIUM ?? '/usr/bin/chromium';
const REPO = fileURLToPath(new URL('../../', import.meta.url));
/**
 * The H5 build the server serves at /app/: SHOPFLOOR_E2E_APP_DIR (absolute, or relative to the
 * repository root), else packages/miniapp/dist/h5, which `pnpm test` builds first.
 */
export const APP_DIR = resolve(REPO, process.env.SHOPFLOOR_E2E_APP_DIR ?? 'packages/miniapp/dist/h5');
export const SCREENSHOTS = join(REPO, 'tests/e2e/screenshots');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const DINGTALK_IOS_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 AliApp(DingTalk/7.6.0) com.laiwang.DingTalk/30000000 Channel/201200 language/zh-Hans-CN';
export const WECOM_IOS_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 wxwork/4.1.30 MicroMessenger/7.0.1 Language/zh';

/** Why the browser tests cannot run here, or undefined when they can. */
export function browserSkipReason(): string | undefined {
  if (!existsSync(CHROMIUM)) {
    return `${CHROMIUM} not found — install it with \`apt-get install -y chromium fonts-noto-cjk\` (.ci/run does) or point SHOPFLOOR_E2E_CHROMIUM at a Chromium`;
  }
  return undefined;
}

/** Fails with the command to run when the H5 build is missing. */
export function assertAppBuilt(): void {
  if (!existsSync(join(APP_DIR, 'index.html'))) {
    throw new Error(
      `no H5 build at ${APP_DIR}: run \`pnpm --filter @shopfloor/miniapp build\` (pnpm test does), or set SHOPFLOOR_E2E_APP_DIR to your own build`,
    );
  }
}

export interface RunningBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Debian Chromium with the flags that keep it off the (closed) network. playwright-core gives every
 * launch a fresh temporary --user-data-dir of its own (it refuses one in `args`), removed on close.
 */
export async function launchChromium(): Promise<RunningBrowser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  return { browser, close: () => browser.close() };
}

export type HostName = 'dingtalk' | 'wecom' | 'browser';

/** What the page's fake host keeps, readable through `page.evaluate`. */
interface FakeHostState {
  scans: string[];
  calls: { api: string; params: unknown }[];
  /** performance.now() of each scan answer. */
  scanAnsweredAt: number[];
  authCode: string;
}

declare global {
  interface Window {
    __sfHost?: FakeHostState;
  }
}

export interface HostPage {
  context: BrowserContext;
  page: Page;
  host: HostName;
  /** Errors thrown in the page (uncaught exceptions), for tests to assert none happened. */
  pageErrors: string[];
  /** The next scan answers `text`. */
  queueScan(text: string): Promise<void>;
  /** The bridge calls the app made so far (`biz.util.scan`, `scanQRCode`, …). */
  bridgeCalls(): Promise<{ api: string; params: unknown }[]>;
  /** performance.now() in the page when the fake answered the last scan. */
  lastScanAnsweredAt(): Promise<number>;
  close(): Promise<void>;
}

export interface HostPageOptions {
  /** DingTalk: the code requestAuthCode hands out (`code-<platform user id>` for the msw fakes). */
  authCode?: string;
  viewport?: { width: number; height: number };
  deviceScaleFactor?: number;
  /** Language the app starts in (kept in localStorage by the app); default zh-CN. */
  locale?: 'zh-CN' | 'en';
}

/** A fresh context (own storage) pretending to be the given host; the fake is installed before any page script. */
export async function openHostPage(
  browser: Browser,
  host: HostName,
  options: HostPageOptions = {},
): Promise<HostPage> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 390, height: 844 },
    deviceScaleFactor: options.deviceScaleFactor ?? 2,
    userAgent: host === 'dingtalk' ? DINGTALK_IOS_UA : host === 'wecom' ? WECOM_IOS_UA : undefined,
    locale: options.locale ?? 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  // Functions handed to the page are sent as their source; under tsx (bench) esbuild's keepNames
  // wraps inner functions in a `__name` helper the page lacks.
  await context.addInitScript({ content: 'globalThis.__name ??= (fn) => fn;' });
  if (host !== 'browser') {
    await context.addInitScript(installFakeHost, { host, authCode: options.authCode ?? '' });
  }
  // A step that cannot happen fails in seconds, naming what it waited for (vitest's timeout says nothing).
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return {
    context,
    page,
    host,
    pageErrors,
    queueScan: (text) =>
      page.evaluate((t) => {
        window.__sfHost?.scans.push(t);
      }, text),
    bridgeCalls: () => page.evaluate(() => window.__sfHost?.calls ?? []),
    lastScanAnsweredAt: () => page.evaluate(() => window.__sfHost?.scanAnsweredAt.at(-1) ?? Number.NaN),
    close: () => context.close(),
  };
}

/** Runs in the page before the app: the host's JS bridge as its libraries look for it on iOS. */
function installFakeHost({ host, authCode }: { host: 'dingtalk' | 'wecom'; authCode: string }): void {
  const state: FakeHostState = { scans: [], calls: [], scanAnsweredAt: [], authCode };
  window.__sfHost = state;
  /** Waits for the test to queue a scan (10 s at most, then the person "cancelled"). */
  const nextScan = (answer: (text: string | undefined) => void) => {
    const started = Date.now();
    const poll = () => {
      const text = state.scans.shift();
      if (text !== undefined || Date.now() - started > 10_000) {
        state.scanAnsweredAt.push(performance.now());
        answer(text);
      } else setTimeout(poll, 5);
    };
    poll();
  };
  const w = window as unknown as Record<string, unknown>;
  if (host === 'dingtalk') {
    type Answer = { errorCode: string; result?: unknown; errorMessage?: string };
    w.WebViewJavascriptBridge = {
      init: () => {},
      registerHandler: () => {},
      callHandler(api: string, params: unknown, callback: (answer: Answer) => void) {
        state.calls.push({ api, params });
        if (api === 'runtime.permission.requestAuthCode') {
          setTimeout(() => callback({ errorCode: '0', result: { code: state.authCode } }), 0);
        } else if (api === 'biz.util.scan') {
          nextScan((text) =>
            callback(
              text === undefined
                ? { errorCode: '3', errorMessage: 'user cancel' }
                : { errorCode: '0', result: { text } },
            ),
          );
        } else {
          setTimeout(() => callback({ errorCode: '0', result: {} }), 0);
        }
      },
    };
  } else {
    w.WeixinJSBridge = {
      invoke(name: string, params: unknown, callback: (answer: Record<string, unknown>) => void) {
        state.calls.push({ api: name, params });
        if (name === 'scanQRCode') {
          nextScan((text) =>
            callback(
              text === undefined
                ? { err_msg: 'scanQRCode:cancel' }
                : {
                    err_msg: 'scanQRCode:ok',
                    // iOS WeCom wraps the text; @wecom/jssdk unwraps it.
                    resultStr: JSON.stringify({ scan_code: { scan_type: 'qrcode', scan_result: text } }),
                  },
            ),
          );
        } else {
          setTimeout(() => callback({ err_msg: `${name}:ok` }), 0);
        }
      },
      on: () => {},
    };
  }
}

/**
 * The page on screen. Taro's H5 router keeps the pages below it in the DOM, hidden: locators on the
 * whole document find their (hidden) elements and duplicate ids such as the status bar's.
 */
export function onScreen(page: Page): Locator {
  return page.locator('.taro_page:visible').last();
}

/**
 * Waits until the page on screen has slid into place (Taro animates page changes) with no CSS
 * animation or transition running, then for two drawn frames.
 */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const pages = Array.from(document.querySelectorAll<HTMLElement>('.taro_page')).filter(
        (p) => getComputedStyle(p).display !== 'none',
      );
      return (
        pages.length === 1 &&
        Math.abs(pages[0]!.getBoundingClientRect().left) < 0.5 &&
        document.getAnimations().every((a) => a.playState !== 'running' && !a.pending)
      );
    },
    undefined,
    { timeout: 5_000, polling: 50 },
  );
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
}

/**
 * Whole-page PNG under tests/e2e/screenshots/ (gitignored). Taro's H5 pages scroll inside their own
 * container, which `fullPage` does not see: the viewport is stretched to the content for the shot.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await settled(page);
  const viewport = page.viewportSize();
  const height = await page.evaluate(() => {
    let bottom = document.documentElement.scrollHeight;
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      if (!/(auto|scroll)/.test(getComputedStyle(el).overflowY) || el.scrollHeight <= el.clientHeight)
        continue;
      bottom = Math.max(bottom, el.getBoundingClientRect().top + el.scrollHeight);
    }
    return Math.ceil(bottom);
  });
  if (viewport && height > viewport.height) {
    await page.setViewportSize({ width: viewport.width, height: Math.min(height, 8000) });
    await page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
    );
  }
  try {
    await page.screenshot({ path, fullPage: true });
  } finally {
    if (viewport && height > viewport.height) await page.setViewportSize(viewport);
  }
  return path;
}

/** `/app/` URL of a hash route with its query, e.g. appUrl(base, 'pages/report/index', { seq: 10 }). */
export function appUrl(
  baseUrl: string,
  route = 'pages/index/index',
  params: Record<string, string | number> = {},
  search = '',
): string {
  const query = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString();
  return `${baseUrl}/app/${search}#/${route}${query ? `?${query}` : ''}`;
}
