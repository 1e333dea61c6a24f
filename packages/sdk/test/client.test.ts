import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { createClient, ValidationError, type WorkOrder } from '../src/index.js';
import * as fx from './fixtures.js';
import { useMswServer } from './msw.js';

const server = useMswServer();
const client = createClient({
  baseUrl: fx.BASE_URL,
  token: 'tok-1',
  retry: { baseDelayMs: 1, maxDelayMs: 20 },
});

/** Records what the handlers saw. */
function recorder() {
  const seen: { method: string; url: URL; headers: Headers; body: unknown }[] = [];
  const record = async (request: Request) => {
    const text = await request.clone().text();
    seen.push({
      method: request.method,
      url: new URL(request.url),
      headers: request.headers,
      body: text ? JSON.parse(text) : undefined,
    });
  };
  return { seen, record };
}

describe('auth', () => {
  it('signs in with a DingTalk code and answers the session', async () => {
    const { seen, record } = recorder();
    server.use(
      http.post(`${fx.API}/auth/dingtalk`, async ({ request }) => {
        await record(request);
        return HttpResponse.json(fx.session);
      }),
    );
    await expect(client.auth.dingtalk({ code: 'c-1' })).resolves.toEqual(fx.session);
    expect(seen[0].body).toEqual({ code: 'c-1' });
  });

  it('signs in with a WeCom code, and as a demo user', async () => {
    server.use(
      http.post(`${fx.API}/auth/wecom`, () => HttpResponse.json(fx.session)),
      http.post(`${fx.API}/auth/dev-login`, async ({ request }) => {
        const { userId } = (await request.json()) as { userId: string };
        return HttpResponse.json({ ...fx.session, user: { ...fx.session.user, id: userId } });
      }),
    );
    await expect(client.auth.wecom({ code: 'c-2' })).resolves.toEqual(fx.session);
    expect((await client.auth.devLogin({ userId: 'u-boss' })).user.id).toBe('u-boss');
  });

  it('asks for the WeCom JS-SDK signature of a page URL', async () => {
    server.use(
      http.get(`${fx.API}/auth/wecom/js-signature`, ({ request }) => {
        const url = new URL(request.url);
        return HttpResponse.json({
          ...fx.jsSignature,
          agentId: `${url.searchParams.get('kind')}:${url.searchParams.get('url')}`,
        });
      }),
    );
    const signature = await client.auth.wecomJsSignature({
      url: 'https://h5.example.com/app/?a=1',
      kind: 'agent',
    });
    expect(signature.agentId).toBe('agent:https://h5.example.com/app/?a=1');
  });
});

describe('items', () => {
  it('gets an item by a code that needs URL encoding', async () => {
    server.use(
      http.get(`${fx.API}/items/:code`, ({ params }) => HttpResponse.json({ ...fx.leg, code: params.code })),
    );
    expect((await client.items.get('M8/20 螺钉')).code).toBe('M8/20 螺钉');
  });

  it('creates an item with the bearer token and the idempotency key', async () => {
    const { seen, record } = recorder();
    server.use(
      http.post(`${fx.API}/items`, async ({ request }) => {
        await record(request);
        return HttpResponse.json(await request.json(), { status: 201 });
      }),
    );
    expect(await client.items.create(fx.leg, { idempotencyKey: 'k-item' })).toEqual(fx.leg);
    expect(seen[0].headers.get('authorization')).toBe('Bearer tok-1');
    expect(seen[0].headers.get('idempotency-key')).toBe('k-item');
    expect(seen[0].headers.get('content-type')).toBe('application/json');
  });

  it('refuses to send an invalid item and names the bad fields', async () => {
    const error = await client.items.create({ ...fx.leg, code: ' ', type: 'make' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors.map((e) => e.path)).toEqual(['code']);
  });

  it('lists items and answers where an item is used', async () => {
    server.use(
      http.get(`${fx.API}/items`, () => HttpResponse.json({ items: [fx.leg, fx.table], nextCursor: null })),
      http.get(`${fx.API}/items/TUBE/where-used`, ({ request }) =>
        HttpResponse.json({ ...fx.whereUsed, date: new URL(request.url).searchParams.get('date') }),
      ),
    );
    const codes: string[] = [];
    for await (const item of client.items.list({ type: 'make' })) codes.push(item.code);
    expect(codes).toEqual(['LEG', 'TABLE']);
    expect((await client.items.whereUsed('TUBE', { date: '2026-08-01' })).date).toBe('2026-08-01');
  });
});

describe('boms', () => {
  it('replaces one parent BOM, imports a BOM file and explodes', async () => {
    const { seen, record } = recorder();
    server.use(
      http.put(`${fx.API}/boms/TABLE`, async ({ request }) => {
        await record(request);
        return HttpResponse.json(fx.bom);
      }),
      http.post(`${fx.API}/boms/import`, async ({ request }) => {
        await record(request);
        return HttpResponse.json(fx.bomImportResult);
      }),
      http.get(`${fx.API}/boms/TABLE/explosion`, async ({ request }) => {
        await record(request);
        const tree = new URL(request.url).searchParams.get('tree') === 'true';
        return HttpResponse.json(tree ? fx.explosionTree : fx.explosion);
      }),
    );
    expect(await client.boms.put('TABLE', { lines: [{ child: 'LEG', qty: 4 }] })).toEqual(fx.bom);
    expect(await client.boms.import(fx.bomDocument, { idempotencyKey: 'k-import' })).toEqual(
      fx.bomImportResult,
    );
    expect(await client.boms.explosion('TABLE', { qty: 10, date: '2026-07-02' })).toEqual(fx.explosion);
    expect(await client.boms.explosionTree('TABLE', { qty: 1 })).toEqual(fx.explosionTree);
    expect(seen.map((s) => `${s.method} ${s.url.pathname}${s.url.search}`)).toEqual([
      'PUT /api/v1/boms/TABLE',
      'POST /api/v1/boms/import',
      'GET /api/v1/boms/TABLE/explosion?qty=10&date=2026-07-02',
      'GET /api/v1/boms/TABLE/explosion?qty=1&tree=true',
    ]);
    expect(seen[1].body).toEqual(fx.bomDocument);
  });
});

describe('work orders', () => {
  const pages: Record<string, { items: WorkOrder[]; nextCursor: string | null }> = {
    first: { items: [fx.workOrder('WO-1'), fx.workOrder('WO-2')], nextCursor: 'c2' },
    c2: { items: [fx.workOrder('WO-3')], nextCursor: 'c3' },
    c3: { items: [fx.workOrder('WO-4')], nextCursor: null },
  };

  it('iterates over every page by cursor, keeping the filter', async () => {
    const { seen, record } = recorder();
    server.use(
      http.get(`${fx.API}/work-orders`, async ({ request }) => {
        await record(request);
        return HttpResponse.json(pages[new URL(request.url).searchParams.get('cursor') ?? 'first']);
      }),
    );
    const numbers: string[] = [];
    for await (const wo of client.workOrders.list({ status: 'released' })) numbers.push(wo.no);
    expect(numbers).toEqual(['WO-1', 'WO-2', 'WO-3', 'WO-4']);
    expect(seen.map((s) => s.url.search)).toEqual([
      '?status=released',
      '?status=released&cursor=c2',
      '?status=released&cursor=c3',
    ]);
  });

  it('fetches one page when asked for one', async () => {
    server.use(http.get(`${fx.API}/work-orders`, () => HttpResponse.json(pages.first)));
    const page = await client.workOrders.listPage({ limit: 2 });
    expect(page.items).toHaveLength(2);
    expect(page.nextCursor).toBe('c2');
  });

  it('stops fetching when the caller stops iterating', async () => {
    const { seen, record } = recorder();
    server.use(
      http.get(`${fx.API}/work-orders`, async ({ request }) => {
        await record(request);
        return HttpResponse.json(pages[new URL(request.url).searchParams.get('cursor') ?? 'first']);
      }),
    );
    for await (const wo of client.workOrders.list()) if (wo.no === 'WO-1') break;
    expect(seen).toHaveLength(1);
  });

  it('gets, creates and releases a work order, and gives the labels URL', async () => {
    server.use(
      http.get(`${fx.API}/work-orders/WO-9`, () => HttpResponse.json(fx.workOrder('WO-9'))),
      http.post(`${fx.API}/work-orders`, () =>
        HttpResponse.json(fx.workOrder('WO-10', 'draft'), { status: 201 }),
      ),
      http.post(`${fx.API}/work-orders/WO-10/release`, () =>
        HttpResponse.json(fx.workOrder('WO-10', 'released')),
      ),
    );
    expect((await client.workOrders.get('WO-9')).no).toBe('WO-9');
    expect((await client.workOrders.create({ item: 'TABLE', qty: 50, due: '2026-07-20' })).status).toBe(
      'draft',
    );
    expect((await client.workOrders.release('WO-10')).status).toBe('released');
    expect(client.workOrders.labelsUrl('WO-10')).toBe(`${fx.API}/work-orders/WO-10/labels`);
  });
});

describe('reports', () => {
  it('posts an operation report with its idempotency key', async () => {
    const { seen, record } = recorder();
    server.use(
      http.post(`${fx.API}/work-orders/:no/operations/:seq/reports`, async ({ request, params }) => {
        await record(request);
        return HttpResponse.json(
          { ...fx.operationReport, workOrderNo: params.no, seq: Number(params.seq) },
          { status: 201 },
        );
      }),
    );
    const body = { goodQty: 8, scrapQty: 1, scrapReason: '焊穿', deviceTime: '2026-07-10T09:30:00+08:00' };
    const report = await client.reports.create('WO-1', 20, body, {
      idempotencyKey: '7b1e5c7a-0d4e-4c59-9f5e-3f0a6b2f1c11',
    });
    expect(report).toMatchObject({ workOrderNo: 'WO-1', seq: 20 });
    expect(seen[0].url.pathname).toBe('/api/v1/work-orders/WO-1/operations/20/reports');
    expect(seen[0].headers.get('Idempotency-Key')).toBe('7b1e5c7a-0d4e-4c59-9f5e-3f0a6b2f1c11');
    expect(seen[0].body).toEqual(body);
  });

  it('refuses scrap without a reason before sending', async () => {
    const report = { goodQty: 0, scrapQty: 2, deviceTime: '2026-07-10T09:30:00+08:00' };
    const error = await client.reports
      .create('WO-1', 20, report, { idempotencyKey: 'k' })
      .catch((e: unknown) => e);
    expect((error as ValidationError).errors).toEqual([
      { path: 'scrapReason', message: 'a scrap reason is required when scrapQty > 0', code: 'custom' },
    ]);
  });
});

describe('issue requests', () => {
  it('creates, lists, gets, approves and rejects', async () => {
    const { seen, record } = recorder();
    server.use(
      http.post(`${fx.API}/issue-requests`, async ({ request }) => {
        await record(request);
        return HttpResponse.json(fx.issueRequest('IR-1'), { status: 201 });
      }),
      http.get(`${fx.API}/issue-requests`, () =>
        HttpResponse.json({ items: [fx.issueRequest('IR-1')], nextCursor: null }),
      ),
      http.get(`${fx.API}/issue-requests/IR-1`, () => HttpResponse.json(fx.issueRequest('IR-1'))),
      http.post(`${fx.API}/issue-requests/IR-1/approve`, async ({ request }) => {
        await record(request);
        return HttpResponse.json(fx.issueRequest('IR-1', 'approved'));
      }),
      http.post(`${fx.API}/issue-requests/IR-1/reject`, async ({ request }) => {
        await record(request);
        return HttpResponse.json(fx.issueRequest('IR-1', 'rejected'));
      }),
    );
    const created = await client.issueRequests.create({
      warehouse: 'WH1',
      workOrderNo: 'WO-1',
      lines: [{ item: 'TUBE', qty: 36 }],
    });
    expect(created.status).toBe('pending');
    expect((await client.issueRequests.listPage({ awaitingMe: true })).items.map((r) => r.id)).toEqual([
      'IR-1',
    ]);
    expect((await client.issueRequests.get('IR-1')).id).toBe('IR-1');
    const approved = await client.issueRequests.approve(
      'IR-1',
      { lines: [{ line: 0, qty: 36 }] },
      { idempotencyKey: 'k-a' },
    );
    expect(approved.approvals[0].decision).toBe('approved');
    expect((await client.issueRequests.reject('IR-1', { comment: '库存不足' })).status).toBe('rejected');
    expect(seen.map((s) => s.body)).toEqual([
      { warehouse: 'WH1', workOrderNo: 'WO-1', lines: [{ item: 'TUBE', qty: 36 }] },
      { lines: [{ line: 0, qty: 36 }] },
      { comment: '库存不足' },
    ]);
  });
});

describe('stock, alerts, lots and health', () => {
  it('reads balances and movements', async () => {
    server.use(
      http.get(`${fx.API}/stock/balances`, ({ request }) =>
        HttpResponse.json({
          items: [{ ...fx.balance, warehouse: new URL(request.url).searchParams.get('warehouse') }],
          nextCursor: null,
        }),
      ),
      http.get(`${fx.API}/stock/movements`, () =>
        HttpResponse.json({ items: [fx.movement], nextCursor: null }),
      ),
    );
    const balances = [];
    for await (const balance of client.stock.balances({ warehouse: 'WH2', belowSafetyStock: true }))
      balances.push(balance);
    expect(balances.map((b) => b.warehouse)).toEqual(['WH2']);
    expect((await client.stock.movementsPage({ lot: 'L-TUBE-7' })).items[0].sourceDocument).toEqual({
      type: 'issue-request',
      id: 'IR-1',
    });
  });

  it('lists and acknowledges alerts', async () => {
    server.use(
      http.get(`${fx.API}/alerts`, () => HttpResponse.json({ items: [fx.alert], nextCursor: null })),
      http.post(`${fx.API}/alerts/a-1/acknowledge`, () =>
        HttpResponse.json({ ...fx.alert, status: 'acknowledged' }),
      ),
    );
    expect((await client.alerts.listPage({ status: 'open' })).items).toEqual([fx.alert]);
    expect((await client.alerts.acknowledge('a-1')).status).toBe('acknowledged');
  });

  it('traces a lot in the asked direction', async () => {
    server.use(
      http.get(`${fx.API}/lots/L-LEG-3/trace`, ({ request }) =>
        HttpResponse.json({ ...fx.lotTrace, direction: new URL(request.url).searchParams.get('direction') }),
      ),
    );
    expect((await client.lots.trace('L-LEG-3', { direction: 'forward' })).direction).toBe('forward');
  });

  it('answers the health report, also when the server says it is down', async () => {
    server.use(http.get(`${fx.API}/health`, () => HttpResponse.json(fx.health)));
    expect(await client.health()).toEqual(fx.health);
    const down = { status: 'down', checks: { database: { status: 'down', detail: 'read-only' } } };
    server.use(http.get(`${fx.API}/health`, () => HttpResponse.json(down, { status: 503 })));
    expect(await client.health()).toEqual(down);
  });
});

describe('the client itself', () => {
  it('asks getToken before every request, so a refreshed token is used', async () => {
    const { seen, record } = recorder();
    server.use(
      http.get(`${fx.API}/health`, async ({ request }) => {
        await record(request);
        return HttpResponse.json(fx.health);
      }),
    );
    let n = 0;
    const refreshing = createClient({
      baseUrl: `${fx.BASE_URL}/api/v1/`,
      getToken: async () => `tok-${++n}`,
    });
    await refreshing.health();
    await refreshing.health();
    expect(seen.map((s) => s.headers.get('authorization'))).toEqual(['Bearer tok-1', 'Bearer tok-2']);
  });

  it('sends no Authorization header without a token', async () => {
    const { seen, record } = recorder();
    server.use(
      http.get(`${fx.API}/health`, async ({ request }) => {
        await record(request);
        return HttpResponse.json(fx.health);
      }),
    );
    await createClient({ baseUrl: fx.BASE_URL }).health();
    expect(seen[0].headers.has('authorization')).toBe(false);
  });

  it('sends low-level requests for the outbox and validates them when given a schema', async () => {
    const { seen, record } = recorder();
    server.use(
      http.post(`${fx.API}/work-orders/WO-1/operations/10/reports`, async ({ request }) => {
        await record(request);
        return HttpResponse.json(fx.operationReport, { status: 201 });
      }),
    );
    const answer = await client.request({
      method: 'POST',
      path: '/work-orders/WO-1/operations/10/reports',
      body: { goodQty: 1, scrapQty: 0, deviceTime: '2026-07-10T09:30:00+08:00' },
      query: { dryRun: false },
      idempotencyKey: 'k-outbox',
    });
    expect(answer).toEqual(fx.operationReport);
    expect(seen[0].url.search).toBe('?dryRun=false');
    expect(seen[0].headers.get('idempotency-key')).toBe('k-outbox');
  });
});
