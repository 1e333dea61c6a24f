/**
 * `app` section: the H5 app's budgets in real Chromium (Debian's /usr/bin/chromium through
 * playwright-core), against the built server (packages/server/dist) started in this process on an
 * in-memory PGlite with the demo factory, DingTalk credentials whose API is an msw fake here, and
 * the H5 build at /app/ (SHOPFLOOR_E2E_APP_DIR, default packages/miniapp/dist/h5). The page is a
 * fake iOS DingTalk (tests/e2e/hosts.ts), signed in as the operator 李师傅.
 *
 * - First-load JS: every script the page fetched from navigation until the signed-in home showed its
 *   content (index.html's own scripts plus the chunks loaded on the way: the host adapter, the home
 *   page), each gzipped at level 9 from the build, summed. Measured in DingTalk and in WeCom.
 * - Scan → sent: from the fake bridge answering `biz.util.scan` to the status bar showing 已发送,
 *   the report page opened, good quantity typed and submit tapped by playwright in between; also
 *   submit → sent alone. Local server, no network throttling; median of several runs, each on a
 *   freshly loaded page so "sent" is new.
 * - First render at 4× CPU throttling (CDP Emulation.setCPUThrottlingRate): from navigation start
 *   to the signed-in home showing its content — the greeting and the first row of 今日工序 — in a
 *   fresh context (empty cache and storage, so it includes the DingTalk sign-in); median of runs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { createClient } from '@shopfloor/sdk';
import type { Browser, Page } from 'playwright-core';
import type * as ServerApi from '../packages/server/src/index.js';
import {
  APP_DIR,
  appUrl,
  assertAppBuilt,
  browserSkipReason,
  launchChromium,
  openHostPage,
} from '../tests/e2e/hosts.js';
import { findReportableOperation } from '../tests/e2e/operations.js';
import { loginCode, mapPlatformUsers, platformEnv, startPlatformFakes } from '../tests/e2e/platform.js';
import { EngineUnavailableError } from './engine.js';
import { type BenchSection, formatBytes, formatMs, type GoalCheck, table } from './report.js';

const SERVER_DIST = new URL('../packages/server/dist/index.js', import.meta.url);
const FIRST_LOAD_BUDGET_BYTES = 250 * 1024;
const SCAN_TO_SENT_BUDGET_MS = 300;
const FIRST_RENDER_BUDGET_MS = 1500;
const SCAN_RUNS = 7;
const RENDER_RUNS = 5;
const CPU_THROTTLE = 4;

interface Started {
  url: string;
  close(): Promise<void>;
}

async function startServer(): Promise<Started> {
  if (!existsSync(fileURLToPath(SERVER_DIST))) {
    throw new EngineUnavailableError('packages/server/dist/index.js is missing: run `pnpm build`');
  }
  const server = (await import(SERVER_DIST.href)) as typeof ServerApi;
  const fakes = startPlatformFakes();
  try {
    const config = server.loadConfig({
      ...platformEnv,
      PORT: '0',
      HOST: '127.0.0.1',
      SHOPFLOOR_LOG_LEVEL: 'warn',
      SHOPFLOOR_DATA_DIR: 'memory://',
      SHOPFLOOR_APP_DIR: APP_DIR,
    });
    const database = await server.openDatabase({ dataDir: 'memory://' });
    const running = await server.startServer(config, {
      database,
      beforeServe: async (deps) => {
        await server.seedDemoFactory(deps.db, config, deps.clock);
        await mapPlatformUsers(deps.db, config.orgId);
      },
    });
    return {
      url: running.url,
      async close() {
        await running.close();
        await database.close();
        fakes.close();
      },
    };
  } catch (error) {
    fakes.close();
    throw error;
  }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** performance.now() in the page once the signed-in home shows the greeting and a row of operations. */
async function homeContentAt(page: Page): Promise<number> {
  const handle = await page.waitForFunction(
    () => {
      const text = document.body?.textContent ?? '';
      return /你好，李师傅|Hello, 李师傅/.test(text) && document.querySelector('.sf-section .sf-row') !== null
        ? performance.now()
        : false;
    },
    undefined,
    { timeout: 30_000, polling: 'raf' },
  );
  return (await handle.jsonValue()) as number;
}

interface FirstLoad {
  host: string;
  files: { path: string; gzip: number }[];
  total: number;
}

async function firstLoad(browser: Browser, baseUrl: string, host: 'dingtalk' | 'wecom'): Promise<FirstLoad> {
  const hostPage = await openHostPage(browser, host, {
    authCode: loginCode('demo-operator'),
    deviceScaleFactor: 1,
  });
  try {
    const scripts = new Set<string>();
    hostPage.page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.add(new URL(request.url()).pathname);
    });
    const search = host === 'wecom' ? `?code=${loginCode('demo-planner')}&state=shopfloor` : '';
    await hostPage.page.goto(appUrl(baseUrl, 'pages/index/index', {}, search));
    if (host === 'wecom') {
      await hostPage.page.getByText('你好，周计划').waitFor({ timeout: 30_000 });
      await hostPage.page.locator('.sf-section .sf-row').first().waitFor({ timeout: 30_000 });
    } else {
      await homeContentAt(hostPage.page);
    }
    const files = [...scripts]
      .filter((path) => path.startsWith('/app/'))
      .map((path) => ({
        path: path.replace(/^\/app\//, ''),
        gzip: gzipSync(readFileSync(join(APP_DIR, path.replace(/^\/app\//, ''))), { level: 9 }).length,
      }))
      .sort((a, b) => b.gzip - a.gzip);
    return { host, files, total: files.reduce((sum, f) => sum + f.gzip, 0) };
  } finally {
    await hostPage.close();
  }
}

interface ScanRun {
  scanToSent: number;
  submitToSent: number;
}

async function scanToSent(
  browser: Browser,
  baseUrl: string,
  runs: number,
  log: (m: string) => void,
): Promise<ScanRun[]> {
  const operator = createClient({ baseUrl });
  const { token } = await operator.auth.dingtalk({ code: loginCode('demo-operator') });
  const api = createClient({ baseUrl, token });
  const target = await findReportableOperation(api, ['WS-ASM'], runs + 1);
  const qr = target.op.qr ?? `SF1:OP:${target.order.no}:${target.op.seq}`;
  log(`app: scanning ${qr} (${target.room} pieces of room)`);
  const dt = await openHostPage(browser, 'dingtalk', {
    authCode: loginCode('demo-operator'),
    deviceScaleFactor: 1,
  });
  const results: ScanRun[] = [];
  try {
    for (let run = 0; run < runs + 1; run++) {
      // A fresh document: the status bar has not said 已发送 yet in it.
      await dt.page.goto('about:blank');
      await dt.page.goto(appUrl(baseUrl));
      await homeContentAt(dt.page);
      await dt.queueScan(qr);
      await dt.page.locator('.sf-button--scan', { hasText: '扫码报工' }).click();
      const good = dt.page.locator('input#report-good, #report-good input');
      await good.waitFor({ timeout: 15_000 });
      await good.fill('1');
      const submitAt = await dt.page.evaluate(() => performance.now());
      await dt.page.locator('#report-submit').click();
      const sent = await dt.page.waitForFunction(
        () =>
          (document.querySelector('.sf-status')?.textContent ?? '').includes('已发送') && performance.now(),
        undefined,
        { timeout: 15_000, polling: 'raf' },
      );
      const sentAt = (await sent.jsonValue()) as number;
      const answeredAt = await dt.lastScanAnsweredAt();
      // The first run warms the server's caches and the browser's: not counted.
      if (run > 0) results.push({ scanToSent: sentAt - answeredAt, submitToSent: sentAt - submitAt });
    }
  } finally {
    await dt.close();
  }
  return results;
}

async function firstRender(browser: Browser, baseUrl: string, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let run = 0; run < runs + 1; run++) {
    const dt = await openHostPage(browser, 'dingtalk', {
      authCode: loginCode('demo-operator'),
      deviceScaleFactor: 1,
    });
    try {
      const cdp = await dt.context.newCDPSession(dt.page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_THROTTLE });
      await dt.page.goto(appUrl(baseUrl), { waitUntil: 'commit' });
      const at = await homeContentAt(dt.page);
      // The first run warms the server (its first queries plan and cache): not counted.
      if (run > 0) times.push(at);
    } finally {
      await dt.close();
    }
  }
  return times;
}

export const appSection: BenchSection = {
  name: 'app',
  title: 'App: first load, scan to sent, first render (H5 in Chromium)',
  async run(log) {
    const skip = browserSkipReason();
    if (skip) throw new EngineUnavailableError(`the app section needs Chromium: ${skip}`);
    assertAppBuilt();
    const server = await startServer();
    const chromium = await launchChromium().catch(async (error: unknown) => {
      await server.close();
      throw error;
    });
    try {
      log(`app: server at ${server.url}, H5 build ${APP_DIR}`);
      const loads = [
        await firstLoad(chromium.browser, server.url, 'dingtalk'),
        await firstLoad(chromium.browser, server.url, 'wecom'),
      ];
      for (const l of loads) log(`app: first-load JS in ${l.host}: ${formatBytes(l.total)} gzip`);
      const scans = await scanToSent(chromium.browser, server.url, SCAN_RUNS, log);
      const scanMedian = median(scans.map((s) => s.scanToSent));
      const submitMedian = median(scans.map((s) => s.submitToSent));
      log(`app: scan → sent median ${formatMs(scanMedian)} (submit → sent ${formatMs(submitMedian)})`);
      const renders = await firstRender(chromium.browser, server.url, RENDER_RUNS);
      const renderMedian = median(renders);
      log(`app: first render at ${CPU_THROTTLE}× CPU throttling, median ${formatMs(renderMedian)}`);

      const heaviest = loads.reduce((a, b) => (b.total > a.total ? b : a));
      const goals: GoalCheck[] = [
        {
          goal: `first-load JS of the H5 app, gzip (heaviest host: ${heaviest.host})`,
          target: '≤ 250 kB',
          measured: formatBytes(heaviest.total),
          pass: heaviest.total <= FIRST_LOAD_BUDGET_BYTES,
        },
        {
          goal: `scan → "已发送" against a local server (median of ${scans.length})`,
          target: `≤ ${SCAN_TO_SENT_BUDGET_MS} ms`,
          measured: formatMs(scanMedian),
          pass: scanMedian <= SCAN_TO_SENT_BUDGET_MS,
        },
        {
          goal: `first render of the signed-in home at ${CPU_THROTTLE}× CPU throttling (median of ${renders.length})`,
          target: '≤ 1.5 s',
          measured: formatMs(renderMedian),
          pass: renderMedian <= FIRST_RENDER_BUDGET_MS,
        },
      ];
      const markdown = [
        'Debian Chromium (headless, playwright-core) as an iOS DingTalk / WeCom with fake JS bridges, against the built server in this process (in-memory PGlite, demo factory, DingTalk/WeCom APIs faked with msw), the H5 build served at `/app/`. No network throttling: the server is local.',
        '',
        '### First-load JS',
        '',
        'Every script fetched from navigation until the signed-in home showed its content, gzipped at level 9 from the build.',
        '',
        table(
          ['host', 'scripts', 'gzip'],
          loads.map((l) => [l.host, l.files.length, formatBytes(l.total)]),
        ),
        '',
        table(
          ['script (DingTalk)', 'gzip'],
          loads[0]!.files.map((f) => [f.path, formatBytes(f.gzip)]),
        ),
        '',
        '### Scan to sent',
        '',
        `The operator 李师傅 on the home page taps 扫码报工; the fake bridge answers \`biz.util.scan\` with an operation QR of his workshop; the report page opens, playwright types 1 good piece and taps submit; the clock stops when the status bar shows 已发送. Each run on a freshly loaded page; the first run is a warm-up.`,
        '',
        table(
          ['', 'median', 'min', 'max'],
          [
            [
              'scan answer → 已发送',
              formatMs(scanMedian),
              formatMs(Math.min(...scans.map((s) => s.scanToSent))),
              formatMs(Math.max(...scans.map((s) => s.scanToSent))),
            ],
            [
              'submit tap → 已发送',
              formatMs(submitMedian),
              formatMs(Math.min(...scans.map((s) => s.submitToSent))),
              formatMs(Math.max(...scans.map((s) => s.submitToSent))),
            ],
          ],
        ),
        '',
        `### First render at ${CPU_THROTTLE}× CPU throttling`,
        '',
        'First render = from navigation start to the signed-in home showing its content (the greeting and the first row of 今日工序), in a fresh context: empty cache and storage, so it includes the DingTalk sign-in (requestAuthCode, `POST /auth/dingtalk`) and the home queries.',
        '',
        table(
          ['runs', 'median', 'min', 'max'],
          [
            [
              renders.length,
              formatMs(renderMedian),
              formatMs(Math.min(...renders)),
              formatMs(Math.max(...renders)),
            ],
          ],
        ),
      ].join('\n');
      const summary = [
        `app first-load JS ${formatBytes(heaviest.total)} gzip (${heaviest.host}), scan → sent ${formatMs(scanMedian)}, first render at ${CPU_THROTTLE}× CPU ${formatMs(renderMedian)}`,
      ];
      return { markdown, goals, summary };
    } finally {
      await chromium.close();
      await server.close();
    }
  },
};
