import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookSignature } from '../src/modules/sync/connectors/webhook.js';
import type { SyncWorker } from '../src/modules/sync/worker.js';
import { emitEvent } from '../src/shared/events.js';
import { seedUsers } from './fixtures.js';
import { startWebhookReceiver, type WebhookReceiver } from './fixtures-platform.js';
import { backends, startTestServer, type TestServer } from './harness.js';

const SECRET = 'mapping-secret-0123456789';

interface Received {
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A real HTTP server the test scripts: answers each request with the handler's JSON. */
async function startFake(
  handler: (r: Received, res: ServerResponse) => void,
): Promise<{ url: string; requests: Received[]; close(): Promise<void> }> {
  const requests: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const r = {
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      };
      requests.push(r);
      handler(r, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const json = (res: ServerResponse, body: unknown, headers: Record<string, string> = {}) =>
  res.writeHead(200, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(body));

/**
 * Answers like K/3 Cloud WebAPI: ValidateUser sets the session cookie; Save needs it. `script`
 * decides each Save: ok, a business error, or a lost session (MsgCode 1) that invalidates the cookie.
 */
async function startFakeKingdee() {
  let session = 0;
  const script: ('ok' | 'error' | 'expired')[] = [];
  const saved: { formid: string; model: unknown }[] = [];
  const fake = await startFake((r, res) => {
    if (r.path.endsWith('AuthService.ValidateUser.common.kdsvc')) {
      const b = JSON.parse(r.body);
      if (b.password !== 'k3-pass') return json(res, { LoginResultType: 0, Message: '用户名或密码错误' });
      session++;
      return json(
        res,
        { LoginResultType: 1, KDSVCSessionId: `s${session}` },
        {
          'Set-Cookie': `kdservice-sessionid=s${session}; path=/`,
        },
      );
    }
    if (
      r.path.endsWith('DynamicFormService.Save.common.kdsvc') ||
      r.path.endsWith('BatchSave.common.kdsvc')
    ) {
      const cookie = String(r.headers.cookie ?? '');
      const step = script.shift() ?? 'ok';
      if (!cookie.includes(`kdservice-sessionid=s${session}`) || step === 'expired') {
        session++; // the old cookie is no good any more
        return json(res, {
          Result: {
            ResponseStatus: {
              IsSuccess: false,
              MsgCode: 1,
              Errors: [{ Message: '会话信息已丢失，请重新登录' }],
            },
          },
        });
      }
      if (step === 'error') {
        return json(res, {
          Result: {
            ResponseStatus: {
              IsSuccess: false,
              MsgCode: 11,
              Errors: [{ FieldName: 'FBaseUnitId', Message: '字段“基本单位”是必填项' }],
            },
          },
        });
      }
      const b = JSON.parse(r.body);
      saved.push({ formid: b.formid, model: b.data.Model });
      return json(res, {
        Result: { ResponseStatus: { IsSuccess: true, Errors: [], MsgCode: 0 }, Id: 1001, Number: 'X' },
      });
    }
    res.writeHead(404).end();
  });
  return {
    ...fake,
    script,
    saved,
    logins: () => fake.requests.filter((r) => r.path.includes('ValidateUser')).length,
  };
}

/** Answers like the U8 OpenAPI: /system/token, then /api/{entity}/add with errcode. */
async function startFakeU8() {
  let token = 0;
  const script: ('ok' | 'error' | 'expired')[] = [];
  const added: { entity: string; body: unknown }[] = [];
  const fake = await startFake((r, res) => {
    if (r.path === '/system/token') {
      if (r.query.get('app_secret') !== 'u8-secret')
        return json(res, { errcode: '40001', errmsg: 'app_secret 错误' });
      token++;
      return json(res, { errcode: '0', errmsg: '', token: { id: `t${token}`, expiresIn: 7200 } });
    }
    const m = /^\/api\/(\w+)\/add$/.exec(r.path);
    if (m) {
      const step = script.shift() ?? 'ok';
      if (r.query.get('token') !== `t${token}` || step === 'expired') {
        token++;
        return json(res, { errcode: '30002', errmsg: 'token 已过期' });
      }
      if (step === 'error') return json(res, { errcode: '50013', errmsg: '存货编码已存在' });
      added.push({ entity: m[1]!, body: JSON.parse(r.body) });
      return json(res, { errcode: '0', errmsg: '', id: 'inv-1' });
    }
    res.writeHead(404).end();
  });
  return {
    ...fake,
    script,
    added,
    tokens: () => fake.requests.filter((r) => r.path === '/system/token').length,
  };
}

describe.each(backends())('field mappings on %s', (backend) => {
  let server: TestServer;
  let worker: SyncWorker;
  const closers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedUsers });
    worker = server.services.workers.sync as SyncWorker;
  });
  afterAll(async () => {
    await worker?.close();
    await Promise.all(closers.map((c) => c()));
    await server?.close();
  });

  const call = async (
    method: string,
    path: string,
    body?: unknown,
    as = 'admin',
    headers: Record<string, string> = {},
  ) => {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${await server.token(as)}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, text, json: text ? JSON.parse(text) : undefined, headers: res.headers };
  };
  const addConnector = async (body: Record<string, unknown>) => {
    const r = await call('POST', '/sync/connectors', body);
    expect(r.status, r.text).toBe(201);
    return r.json as { id: string };
  };
  const template = async (name: string) => {
    const r = await call('GET', `/sync/mapping-templates/${name}`);
    expect(r.status, r.text).toBe(200);
    return r.json as Record<string, unknown> & {
      entities: Record<string, { fields: Record<string, unknown>[] }>;
    };
  };
  const emit = (topic: string, aggregateId: string, payload: unknown) =>
    emitEvent(server.database.db, { orgId: 'demo', topic, aggregateType: 'test', aggregateId, payload });
  const delivery = (connectorId: string) =>
    server.database.db
      .selectFrom('sync_deliveries')
      .selectAll()
      .where('connector_id', '=', connectorId)
      .orderBy('event_id')
      .execute();
  const receiver = async (): Promise<WebhookReceiver> => {
    const r = await startWebhookReceiver();
    closers.push(r.close);
    return r;
  };

  describe('routes', () => {
    it('lists the templates; each is a valid document a connector takes', async () => {
      const list = await call('GET', '/sync/mapping-templates', undefined, 'pl-zhou');
      expect(list.json.items.map((t: { name: string }) => t.name)).toEqual([
        'generic-json',
        'kingdee-k3cloud',
        'yonyou-u8',
      ]);
      const hook = await receiver();
      const c = await addConnector({
        kind: 'webhook',
        name: 'templates',
        config: { url: hook.url, secret: SECRET },
      });
      for (const t of list.json.items as { name: string; system: string }[]) {
        const doc = await template(t.name);
        expect(doc.format).toBe('shopfloor-mapping/1');
        expect(doc.system).toBe(t.system);
        const put = await call('PUT', `/sync/connectors/${c.id}/mapping`, doc);
        expect(put.status, put.text).toBe(200);
        expect(put.json.mapping).toEqual(doc);
      }
      expect((await call('GET', '/sync/mapping-templates/sap', undefined)).status).toBe(404);
    });

    it('versions every PUT, audits it, answers old versions, and export -> import is byte for byte the same', async () => {
      const hook = await receiver();
      const c = await addConnector({
        kind: 'webhook',
        name: 'ERP 金蝶',
        config: { url: hook.url, secret: SECRET },
      });
      const none = await call('GET', `/sync/connectors/${c.id}/mapping`);
      expect(none.status).toBe(404);
      expect(none.json.detail).toContain('no mapping yet');

      const kingdee = await template('kingdee-k3cloud');
      const v1 = await call('PUT', `/sync/connectors/${c.id}/mapping`, kingdee);
      expect(v1.status, v1.text).toBe(200);
      expect(v1.json).toMatchObject({
        connectorId: c.id,
        version: 1,
        updatedBy: 'admin',
        updatedByName: '系统管理员',
      });
      expect(v1.json.updatedAt).toMatch(/\+08:00$/);

      // Export: the GET's mapping, as a file's text.
      const exported = await call('GET', `/sync/connectors/${c.id}/mapping`, undefined, 'pl-zhou');
      expect(exported.status).toBe(200);
      const file = JSON.stringify(exported.json.mapping, null, 2);
      // Import the file (its text, key order as exported) and export again.
      const v2 = await call('PUT', `/sync/connectors/${c.id}/mapping`, file);
      expect(v2.json.version).toBe(2);
      const again = await call('GET', `/sync/connectors/${c.id}/mapping`);
      expect(JSON.stringify(again.json.mapping, null, 2)).toBe(file);
      // Keys in another order import to the same document.
      const shuffled = Object.fromEntries(Object.entries(exported.json.mapping).reverse());
      shuffled.valueMaps = Object.fromEntries(Object.entries(exported.json.mapping.valueMaps).reverse());
      const v3 = await call('PUT', `/sync/connectors/${c.id}/mapping`, shuffled);
      expect(JSON.stringify(v3.json.mapping, null, 2)).toBe(file);

      const changed = { ...kingdee, name: '金蝶 (组织 200)' };
      const v4 = await call('PUT', `/sync/connectors/${c.id}/mapping`, changed);
      expect(v4.json.version).toBe(4);
      const old = await call('GET', `/sync/connectors/${c.id}/mapping?version=1`);
      expect(old.json).toMatchObject({ version: 1, mapping: { name: '金蝶云星空 K/3 Cloud' } });
      expect((await call('GET', `/sync/connectors/${c.id}/mapping`)).json.mapping.name).toBe(
        '金蝶 (组织 200)',
      );
      expect((await call('GET', `/sync/connectors/${c.id}/mapping?version=9`)).status).toBe(404);

      const versions = await call(
        'GET',
        `/sync/connectors/${c.id}/mapping/versions?limit=3`,
        undefined,
        'pl-zhou',
      );
      expect(versions.json.items.map((v: { version: number }) => v.version)).toEqual([4, 3, 2]);
      const rest = await call(
        'GET',
        `/sync/connectors/${c.id}/mapping/versions?cursor=${versions.json.nextCursor}`,
      );
      expect(rest.json).toEqual({
        items: [expect.objectContaining({ version: 1, updatedBy: 'admin', updatedByName: '系统管理员' })],
        nextCursor: null,
      });

      const audits = await server.database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'sync-mapping.updated')
        .where('subject_id', '=', c.id)
        .orderBy('id')
        .execute();
      expect(audits.map((a) => (a.after as { version: number }).version)).toEqual([1, 2, 3, 4]);
      expect(audits[3]!.before).toEqual({ version: 3, name: '金蝶云星空 K/3 Cloud' });
    });

    it('an Idempotency-Key repeat answers the first PUT and stores no second version', async () => {
      const hook = await receiver();
      const c = await addConnector({
        kind: 'webhook',
        name: 'idem',
        config: { url: hook.url, secret: SECRET },
      });
      const doc = await template('generic-json');
      const key = { 'Idempotency-Key': `mapping-${c.id}` };
      const first = await call('PUT', `/sync/connectors/${c.id}/mapping`, doc, 'admin', key);
      const second = await call('PUT', `/sync/connectors/${c.id}/mapping`, doc, 'admin', key);
      expect(second.json).toEqual(first.json);
      expect(second.headers.get('idempotency-replayed')).toBe('true');
      const versions = await call('GET', `/sync/connectors/${c.id}/mapping/versions`);
      expect(versions.json.items).toHaveLength(1);
    });

    it('refuses a bad document with 400 and the path of each problem, storing nothing', async () => {
      const hook = await receiver();
      const c = await addConnector({
        kind: 'webhook',
        name: 'bad docs',
        config: { url: hook.url, secret: SECRET },
      });
      const good = await template('generic-json');
      const withField = (i: number, change: Record<string, unknown>) => {
        const d = structuredClone(good);
        d.entities.item!.fields[i] = { ...d.entities.item!.fields[i], ...change };
        return d;
      };
      const cases: [unknown, string, RegExp][] = [
        [
          withField(2, { transform: [{ op: 'date', format: 'DD-MMM' }] }),
          'entities.item.fields.2.transform.0.format',
          /YYYY/,
        ],
        [withField(2, { transform: [{ op: 'reverse' }] }), 'entities.item.fields.2.transform.0.op', /./],
        [
          withField(1, { ours: 'colour' }),
          'entities.item.fields.1.ours',
          /not a field of item; use one of code, name/,
        ],
        [withField(0, { values: 'statuses' }), 'entities.item.fields.0.values', /no value map 'statuses'/],
        [withField(3, { theirs: 'a..b' }), 'entities.item.fields.3.theirs', /dotted path/],
        [{ ...good, format: 'shopfloor-mapping/2' }, 'format', /shopfloor-mapping\/1/],
        [
          {
            ...good,
            outbound: [
              { topic: 'x', kind: 'item' },
              { topic: 'x', kind: 'item' },
            ],
          },
          'outbound.1.topic',
          /two outbound rules/,
        ],
        [{ ...good, entities: { ...good.entities, widget: { fields: [] } } }, 'entities', /widget/],
      ];
      for (const [body, path, message] of cases) {
        const r = await call('PUT', `/sync/connectors/${c.id}/mapping`, body);
        expect(r.status, `${path}: ${r.text}`).toBe(400);
        expect(r.headers.get('content-type')).toContain('application/problem+json');
        const hit = (r.json.errors as { path: string; message: string }[]).find((e) => e.path === path);
        expect(hit, `${path} in ${r.text}`).toBeDefined();
        expect(`${hit!.message} ${r.json.detail}`, r.text).toMatch(message);
      }
      expect((await call('GET', `/sync/connectors/${c.id}/mapping`)).status).toBe(404);
    });

    it('message connectors take no mapping; unknown and deleted connectors are 404', async () => {
      const robot = await addConnector({ kind: 'wecom-robot', name: 'robot', config: { key: 'k' } });
      const doc = await template('generic-json');
      const r = await call('PUT', `/sync/connectors/${robot.id}/mapping`, doc);
      expect(r.status).toBe(400);
      expect(r.json.detail).toContain('takes no mapping');
      expect((await call('PUT', '/sync/connectors/webhook-nope/mapping', doc)).status).toBe(404);
      expect((await call('GET', '/sync/connectors/webhook-nope/mapping/versions')).status).toBe(404);
      expect((await call('PUT', `/sync/connectors/${robot.id}/mapping`, doc, 'pl-zhou')).status).toBe(403);
    });
  });

  describe('outbound through the mapping', () => {
    it('a webhook receives the mapped payload for a mapped topic and the event as it is for others', async () => {
      const hook = await receiver();
      const c = await addConnector({
        kind: 'webhook',
        name: 'mapped hook',
        config: { url: hook.url, secret: SECRET },
        topics: ['item.created', 'bom.changed'],
      });
      const doc = await template('kingdee-k3cloud');
      expect((await call('PUT', `/sync/connectors/${c.id}/mapping`, doc)).status).toBe(200);
      await emit('item.created', 'MAP-1', {
        code: 'MAP-1',
        name: ' 桌面板 ',
        uom: 'pcs',
        type: 'make',
        spec: '1200×600',
      });
      await emit('bom.changed', 'MAP-1', { parent: 'MAP-1', lines: 2 });
      await worker.tick();
      await worker.tick();
      const bodies = [...hook.accepted.values()].map((d) => JSON.parse(d.body));
      expect(bodies).toHaveLength(2);
      expect(bodies[0]).toMatchObject({
        topic: 'item.created',
        payload: {
          FNumber: 'MAP-1',
          FName: ' 桌面板 ',
          FSpecification: '1200×600',
          FBaseUnitId: { FNumber: 'Pcs' },
          SubHeadEntity: { FErpClsID: '2' },
          FCreateOrgId: { FNumber: '100' },
        },
      });
      expect(bodies[1]).toMatchObject({ topic: 'bom.changed', payload: { parent: 'MAP-1', lines: 2 } });
      // The signature covers the mapped body.
      const d = [...hook.accepted.values()][0]!;
      const ts = Number(d.headers['x-shopfloor-timestamp']);
      expect(d.headers['x-shopfloor-signature']).toBe(`sha256=${webhookSignature(SECRET, ts, d.body)}`);
    });

    it('an event the mapping cannot map fails with the field and value as its error, then goes once fixed', async () => {
      const hook = await receiver();
      const c = await addConnector({
        kind: 'webhook',
        name: 'unit missing',
        config: { url: hook.url, secret: SECRET },
        topics: ['item.created'],
      });
      const doc = await template('kingdee-k3cloud');
      await call('PUT', `/sync/connectors/${c.id}/mapping`, doc);
      await emit('item.created', 'MAP-2', { code: 'MAP-2', name: 'Box', uom: 'box', type: 'buy' });
      await worker.tick();
      const [failed] = await delivery(c.id);
      expect(failed!.delivered_at).toBeNull();
      expect(failed!.last_error).toContain("value 'box' of uom is not in its value map");
      expect(hook.requests).toHaveLength(0);

      const units = (doc.valueMaps as Record<string, unknown[]>).units!;
      await call('PUT', `/sync/connectors/${c.id}/mapping`, {
        ...doc,
        valueMaps: { ...(doc.valueMaps as object), units: [...units, { ours: 'box', theirs: 'BOX' }] },
      });
      server.clock.advance(10 * 60_000);
      await worker.tick();
      expect((await delivery(c.id))[0]!.delivered_at).not.toBeNull();
      expect(JSON.parse(hook.requests[0]!.body).payload.FBaseUnitId).toEqual({ FNumber: 'BOX' });
    });
    it('RabbitMQ gets the mapped payload in the usual envelope (the real broker at 127.0.0.1:5672)', async () => {
      const url = 'amqp://guest:guest@127.0.0.1:5672';
      const consumer = await amqp.connect(url, { timeout: 5_000 });
      try {
        const exchange = `shopfloor-mapping-${backend}-${Date.now()}`;
        const channel = await consumer.createChannel();
        await channel.assertExchange(exchange, 'topic', { durable: true });
        const { queue } = await channel.assertQueue('', { exclusive: true });
        await channel.bindQueue(queue, exchange, '#');
        const c = await addConnector({
          kind: 'rabbitmq',
          name: 'U8 总线',
          config: { url, exchange },
          topics: ['work-order.created', 'bom.changed'],
        });
        await call('PUT', `/sync/connectors/${c.id}/mapping`, await template('yonyou-u8'));
        await emit('work-order.created', 'MQ-WO-1', {
          no: 'MQ-WO-1',
          item: 'FG',
          qty: 2,
          due: '2026-12-05',
          by: 'x',
        });
        await emit('bom.changed', 'MQ-B', { parent: 'FG' });
        await worker.tick();
        const got: amqp.GetMessage[] = [];
        for (let i = 0; i < 40 && got.length < 2; i++) {
          const m = await channel.get(queue, { noAck: true });
          if (m) got.push(m);
          else await new Promise((r) => setTimeout(r, 50));
        }
        const bodies = got.map((m) => JSON.parse(m.content.toString()));
        expect(bodies.find((b) => b.topic === 'work-order.created')).toMatchObject({
          aggregate: { type: 'test', id: 'MQ-WO-1' },
          payload: { MoCode: 'MQ-WO-1', InvCode: 'FG', Qty: 2, DueDate: '2026-12-05 00:00:00' },
        });
        expect(bodies.find((b) => b.topic === 'bom.changed')?.payload).toEqual({ parent: 'FG' });
        await channel.deleteExchange(exchange);
      } finally {
        await consumer.close();
      }
    });
  });

  describe('ERP adapters against real local servers', () => {
    it('generic-json POSTs the mapped payload, signed, with the event id as Idempotency-Key', async () => {
      const hook = await receiver();
      const c = await addConnector({
        kind: 'erp',
        name: 'JSON ERP',
        config: { adapter: 'generic-json', options: { url: hook.url, secret: SECRET } },
        topics: ['work-order.created'],
      });
      await call('PUT', `/sync/connectors/${c.id}/mapping`, await template('generic-json'));
      await emit('work-order.created', 'WO-GJ-1', {
        no: 'WO-GJ-1',
        item: 'FG',
        qty: 3,
        due: '2026-12-02',
        by: 'x',
      });
      await worker.tick();
      expect(hook.requests).toHaveLength(1);
      const req = hook.requests[0]!;
      expect(JSON.parse(req.body)).toEqual({ no: 'WO-GJ-1', item: 'FG', qty: 3, dueDate: '2026-12-02' });
      expect(req.headers['idempotency-key']).toBe(String((await delivery(c.id))[0]!.event_id));
      expect(req.headers['x-shopfloor-target']).toBe('workOrder');
      const ts = Number(req.headers['x-shopfloor-timestamp']);
      expect(req.headers['x-shopfloor-signature']).toBe(`sha256=${webhookSignature(SECRET, ts, req.body)}`);
      expect((await delivery(c.id))[0]!.delivered_at).not.toBeNull();
    });

    it('refuses adapter options that do not fit, with their path', async () => {
      const r = await call('POST', '/sync/connectors', {
        kind: 'erp',
        name: 'K3',
        config: {
          adapter: 'kingdee-k3cloud',
          options: { url: 'http://127.0.0.1:1/k3cloud/', username: 'u' },
        },
      });
      expect(r.status).toBe(400);
      const paths = (r.json.errors as { path: string }[]).map((e) => e.path);
      expect(paths).toEqual(expect.arrayContaining(['config.options.acctId']));
      const unknown = await call('POST', '/sync/connectors', {
        kind: 'erp',
        name: 'x',
        config: { adapter: 'sap' },
      });
      expect(unknown.json.detail).toContain('generic-json, kingdee-k3cloud, yonyou-u8');
    });

    it('kingdee-k3cloud: logs in, keeps the cookie, saves the form; a business error is the delivery error; a lost session logs in again once', async () => {
      const k3 = await startFakeKingdee();
      closers.push(k3.close);
      const c = await addConnector({
        kind: 'erp',
        name: '金蝶云星空',
        config: {
          adapter: 'kingdee-k3cloud',
          options: {
            url: `${k3.url}/k3cloud/`,
            acctId: '6543a1b2',
            username: 'shopfloor',
            password: 'k3-pass',
          },
        },
        topics: ['item.created', 'stock-receipt.created'],
      });
      await call('PUT', `/sync/connectors/${c.id}/mapping`, await template('kingdee-k3cloud'));

      // 1. success: one login, then Save with the cookie and the mapped Model.
      await emit('item.created', 'K3-1', { code: 'K3-1', name: '螺丝', uom: 'pcs', type: 'buy' });
      await worker.tick();
      expect(k3.logins()).toBe(1);
      expect(k3.saved).toEqual([
        {
          formid: 'BD_MATERIAL',
          model: expect.objectContaining({ FNumber: 'K3-1', FName: '螺丝', FBaseUnitId: { FNumber: 'Pcs' } }),
        },
      ]);
      const save = k3.requests.find((r) => r.path.endsWith('Save.common.kdsvc'))!;
      expect(save.path).toBe('/k3cloud/Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.Save.common.kdsvc');
      expect(save.headers.cookie).toContain('kdservice-sessionid=s1');

      // 2. a business error: the delivery keeps Kingdee's message.
      k3.script.push('error');
      await emit('item.created', 'K3-2', { code: 'K3-2', name: '垫片', uom: 'pcs', type: 'buy' });
      await worker.tick();
      const failed = (await delivery(c.id)).find((d) => d.delivered_at === null)!;
      expect(failed.last_error).toContain('BD_MATERIAL Save failed: FBaseUnitId: 字段“基本单位”是必填项');
      expect(k3.logins()).toBe(1);

      // 3. the session expired: log in again once, then the retry goes through.
      k3.script.push('expired');
      server.clock.advance(10 * 60_000);
      await worker.tick();
      expect(k3.logins()).toBe(2);
      expect((await delivery(c.id)).every((d) => d.delivered_at !== null)).toBe(true);
      expect(k3.saved.map((s) => (s.model as { FNumber: string }).FNumber)).toEqual(['K3-1', 'K3-2']);

      // 4. a receipt with lines goes as one BatchSave of STK_InStock models.
      await emit('stock-receipt.created', 'RK-9', {
        no: 'RK-9',
        lines: [
          { lineNo: 1, item: 'K3-1', qty: 100, location: 'RM-A01', lot: 'L1' },
          { lineNo: 2, item: 'K3-2', qty: 50, location: 'RM-A01' },
        ],
      });
      await worker.tick();
      expect(k3.requests.at(-1)!.path).toContain('BatchSave');
      expect(k3.saved.at(-1)).toMatchObject({ formid: 'STK_InStock' });
      expect(k3.saved.at(-1)!.model).toHaveLength(2);
    });

    it('kingdee-k3cloud: a refused login and a topic without a form id are failures in words', async () => {
      const k3 = await startFakeKingdee();
      closers.push(k3.close);
      const c = await addConnector({
        kind: 'erp',
        name: '金蝶 wrong password',
        config: {
          adapter: 'kingdee-k3cloud',
          options: { url: `${k3.url}/k3cloud/`, acctId: '1', username: 'u', password: 'wrong' },
        },
        topics: ['item.created', 'bom.changed'],
      });
      await call('PUT', `/sync/connectors/${c.id}/mapping`, await template('kingdee-k3cloud'));
      await emit('item.created', 'K3-W', { code: 'K3-W', name: 'x', uom: 'pcs' });
      await emit('bom.changed', 'K3-B', { parent: 'x' });
      await worker.tick();
      const errors = (await delivery(c.id)).map((d) => d.last_error);
      expect(errors[0]).toContain('login refused (LoginResultType 0): 用户名或密码错误');
      expect(errors[1]).toContain("no outbound rule with a form id for topic 'bom.changed'");
    });

    it('yonyou-u8: token, then /api/{entity}/add; errcode != 0 is the failure; an expired token is renewed once', async () => {
      const u8 = await startFakeU8();
      closers.push(u8.close);
      const c = await addConnector({
        kind: 'erp',
        name: '用友 U8',
        config: {
          adapter: 'yonyou-u8',
          options: {
            url: u8.url,
            fromAccount: 'sf',
            toAccount: 'factory',
            appKey: 'opa1',
            appSecret: 'u8-secret',
          },
        },
        topics: ['item.created'],
      });
      await call('PUT', `/sync/connectors/${c.id}/mapping`, await template('yonyou-u8'));
      await emit('item.created', 'U8-1', { code: 'U8-1', name: '桌腿', uom: 'pcs', type: 'make' });
      await worker.tick();
      expect(u8.added).toEqual([
        {
          entity: 'inventory',
          body: { inventory: { cInvCode: 'U8-1', cInvName: '桌腿', cComUnitCode: 'pcs', bSelf: 1 } },
        },
      ]);
      const add = u8.requests.find((r) => r.path === '/api/inventory/add')!;
      expect(Object.fromEntries(add.query)).toMatchObject({
        from_account: 'sf',
        to_account: 'factory',
        app_key: 'opa1',
        token: 't1',
      });

      u8.script.push('error');
      await emit('item.created', 'U8-2', { code: 'U8-2', name: '桌面', uom: 'pcs', type: 'buy' });
      await worker.tick();
      const failed = (await delivery(c.id)).find((d) => d.delivered_at === null)!;
      expect(failed.last_error).toContain('inventory add failed (errcode 50013): 存货编码已存在');

      u8.script.push('expired');
      server.clock.advance(10 * 60_000);
      await worker.tick();
      expect(u8.tokens()).toBe(2);
      expect((await delivery(c.id)).every((d) => d.delivered_at !== null)).toBe(true);
    });
  });
});
