// Serves dist/h5 at /app/ with a small stand-in for the API, opens it in Debian's Chromium and
// writes screenshots to screenshots/ plus the first-load JS size (gzip) of the H5 build.
// Usage: pnpm build:h5 && pnpm screenshot
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist/h5');
const out = join(root, 'screenshots');
mkdirSync(out, { recursive: true });

const today = new Date().toISOString().slice(0, 10);
const users = {
  'demo-operator': {
    id: 'demo-operator',
    name: '张师傅',
    roles: ['operator'],
    scopes: { workshops: ['WS-ASSY'], warehouses: [] },
  },
  'demo-approver': {
    id: 'demo-approver',
    name: '李主管',
    roles: ['approver'],
    scopes: { workshops: [], warehouses: ['WH-RAW'] },
  },
  'demo-storekeeper': { id: 'demo-storekeeper', name: '王仓管', roles: ['storekeeper'] },
};
const op = (seq, name, status, goodQty) => ({ seq, name, workshop: 'WS-ASSY', status, goodQty, scrapQty: 0 });
const workOrders = [
  {
    no: 'WO-2026-0001',
    item: 'TABLE',
    qty: 50,
    due: today,
    status: 'in-progress',
    operations: [op(10, '下料', 'done', 50), op(20, '焊接', 'in-progress', 32), op(30, '喷涂', 'ready', 0)],
  },
  {
    no: 'WO-2026-0002',
    item: 'CHAIR',
    qty: 120,
    due: today,
    status: 'released',
    operations: [op(10, '裁板', 'ready', 0), op(20, '组装', 'pending', 0)],
  },
];
const issueRequests = [
  {
    id: 'IR-0007',
    kind: 'issue',
    warehouse: 'WH-RAW',
    workOrderNo: 'WO-2026-0001',
    requester: 'demo-operator',
    status: 'pending',
    lines: [
      { line: 0, item: 'LEG', qty: 200 },
      { line: 1, item: 'SCREW', qty: 800 },
    ],
    approvals: [],
    createdAt: `${today}T08:00:00+08:00`,
  },
  {
    id: 'IR-0008',
    kind: 'issue',
    warehouse: 'WH-RAW',
    workOrderNo: 'WO-2026-0002',
    requester: 'demo-planner',
    status: 'pending',
    lines: [{ line: 0, item: 'BOARD', qty: 240 }],
    approvals: [],
    createdAt: `${today}T09:10:00+08:00`,
  },
];
const alerts = [
  {
    id: 'AL-1',
    kind: 'safety-stock',
    severity: 'critical',
    subject: { type: 'item', id: 'LEG' },
    title: '桌腿 LEG 低于安全库存（剩 36 / 安全 200）',
    suggestion: '建议补货 400 pcs',
    status: 'open',
    createdAt: `${today}T07:00:00+08:00`,
  },
  {
    id: 'AL-2',
    kind: 'overdue-operation',
    severity: 'warning',
    subject: { type: 'work-order', id: 'WO-2026-0001' },
    title: 'WO-2026-0001 工序 20 焊接 已超期 2 小时',
    suggestion: '联系焊接班组长',
    status: 'open',
    createdAt: `${today}T10:00:00+08:00`,
  },
];

const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' };
const json = (res, status, body) => {
  res.writeHead(status, { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' });
  res.end(JSON.stringify(body));
};
const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const api = url.pathname.replace(/^\/api\/v1/, '');
  if (url.pathname.startsWith('/api/v1/')) {
    if (api === '/auth/dev-login') {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        const user = users[JSON.parse(body).userId];
        if (!user) return json(res, 401, { type: 'about:blank', title: 'Unauthorized', status: 401 });
        json(res, 200, { token: `token-${user.id}`, user });
      });
      return;
    }
    if (api === '/work-orders')
      return json(res, 200, {
        items: workOrders.filter((w) => w.status === url.searchParams.get('status')),
        nextCursor: null,
      });
    if (api === '/issue-requests') return json(res, 200, { items: issueRequests, nextCursor: null });
    if (api === '/alerts') return json(res, 200, { items: alerts, nextCursor: null });
    return json(res, 404, { type: 'about:blank', title: 'Not Found', status: 404 });
  }
  const file = normalize(url.pathname.replace(/^\/app\/?/, '') || 'index.html');
  const path = join(dist, file);
  if (!url.pathname.startsWith('/app') || !existsSync(path) || file.startsWith('..')) {
    res.writeHead(404);
    return res.end();
  }
  res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' });
  res.end(readFileSync(path));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}/app/`;

// playwright gives every launch a fresh temporary profile (no --user-data-dir needed).
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
try {
  const shoot = async (name, path, { locale = 'zh-CN', before } = {}) => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    await context.addInitScript((value) => localStorage.setItem('shopfloor.locale', value), locale);
    const page = await context.newPage();
    const scripts = new Set();
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.add(new URL(request.url()).pathname);
    });
    page.on('pageerror', (error) => console.error(`[${name}] page error:`, error.message));
    await page.goto(base + path);
    await page.waitForLoadState('networkidle');
    if (before) await before(page);
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(out, `${name}.png`) });
    await context.close();
    return [...scripts];
  };
  const firstLoad = await shoot('sign-in', '');
  await shoot('home-operator', '?demoUser=demo-operator');
  await shoot('home-approver-en', '?demoUser=demo-approver', { locale: 'en' });
  await shoot('home-storekeeper', '?demoUser=demo-storekeeper');
  await shoot('scan-sheet', '?demoUser=demo-operator', {
    before: (page) => page.locator('.sf-button--scan').click(),
  });
  const sizes = firstLoad.map((p) => ({
    file: p,
    gzip: gzipSync(readFileSync(join(dist, p.replace(/^\/app\//, ''))), { level: 9 }).length,
  }));
  const total = sizes.reduce((sum, s) => sum + s.gzip, 0);
  for (const s of sizes) console.log(`${s.file}\t${(s.gzip / 1024).toFixed(1)} kB gzip`);
  console.log(`first-load JS: ${(total / 1024).toFixed(1)} kB gzip (budget 250 kB)`);
  console.log(`screenshots in ${out}`);
} finally {
  await browser.close();
  server.close();
}
