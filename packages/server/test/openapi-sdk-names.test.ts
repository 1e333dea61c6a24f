import { createClient, type Transport } from '@shopfloor/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApi, operationIdOf } from '../src/http/openapi.js';
import { SDK_OPERATIONS, sdkNameToOperationId, sdkOperationId } from '../src/http/sdk-operations.js';
import { allRoutes } from '../src/modules/index.js';
import { seedUsers } from './fixtures.js';
import { TABLE_BOM } from './fixtures-catalog.js';
import { report } from './fixtures-production.js';
import { backends, startTestServer, type TestServer } from './harness.js';

type Doc = { paths: Record<string, Record<string, { operationId?: string }>> };

const BASE = 'http://sdk.invalid';
const API = `${BASE}/api/v1`;
const KEY = { idempotencyKey: 'sdk-names-0001' };

/**
 * Arguments for the methods that validate their input before sending, or take more than a code:
 * a new SDK method that needs some fails the test below and names itself.
 */
const SAMPLES: Record<string, unknown[]> = {
  'auth.dingtalk': [{ code: 'c-1' }],
  'auth.wecom': [{ code: 'c-1' }],
  'auth.devLogin': [{ userId: 'op-li' }],
  'auth.wecomJsSignature': [{ url: 'https://mes.example.cn/app/', kind: 'corp' }],
  'items.create': [{ code: 'X1', name: '螺栓', uom: 'pcs', type: 'buy' }, KEY],
  'boms.put': ['X1', { lines: [{ child: 'X2', qty: 1 }] }, KEY],
  'boms.import': [TABLE_BOM, KEY],
  'boms.explosion': ['X1', { qty: 1 }],
  'boms.explosionTree': ['X1', { qty: 1 }],
  'workOrders.create': [{ no: 'WO-1', item: 'X1', qty: 1, due: '2026-12-31' }, KEY],
  'reports.create': ['WO-1', 10, report(1), KEY],
  'issueRequests.create': [{ warehouse: 'WH-RM', lines: [{ item: 'X1', qty: 1 }] }, KEY],
  'issueRequests.approve': ['IR-1', {}, KEY],
  'issueRequests.reject': ['IR-1', { comment: '先用线边库存' }, KEY],
  'lots.trace': ['L-1', { direction: 'backward' }],
};
/** `client.request` is the untyped escape hatch, `apiBase` a string: neither names an operation. */
const NOT_METHODS = new Set(['request', 'apiBase']);

type Call = { method: string; url: string };
type Fn = (...args: unknown[]) => unknown;

/** Every method of a real client, called once through a transport that records and answers 400. */
async function driveEveryMethod(): Promise<Map<string, Call[]>> {
  let calls: Call[] = [];
  const transport: Transport = async (req) => {
    calls.push({ method: req.method, url: req.url });
    return {
      status: 400,
      headers: { 'content-type': 'application/problem+json' },
      body: JSON.stringify({ type: 'about:blank', title: 'recorded', status: 400 }),
    };
  };
  const client = createClient({ baseUrl: BASE, transport, retry: { limit: 0 } }) as unknown as Record<
    string,
    unknown
  >;
  const methods: [string, Fn][] = [];
  for (const [group, value] of Object.entries(client)) {
    if (NOT_METHODS.has(group)) continue;
    if (typeof value === 'function') methods.push([group, value as Fn]);
    else if (value && typeof value === 'object')
      for (const [name, fn] of Object.entries(value))
        if (typeof fn === 'function') methods.push([`${group}.${name}`, fn as Fn]);
  }
  const recorded = new Map<string, Call[]>();
  for (const [name, fn] of methods) {
    calls = [];
    const result = fn(...(SAMPLES[name] ?? ['X1']));
    if (typeof result === 'string') {
      // A method that answers a URL of the API (labelsUrl) stands for the GET of that URL.
      if (result.startsWith(API)) calls.push({ method: 'GET', url: result });
    } else if (result && typeof result === 'object' && Symbol.asyncIterator in result) {
      await (result as AsyncIterable<unknown>)
        [Symbol.asyncIterator]()
        .next()
        .catch(() => undefined);
    } else {
      await Promise.resolve(result).catch(() => undefined);
    }
    recorded.set(name, calls);
  }
  return recorded;
}

/** The document path a request went to: literal segments win over `{…}` ones (`/boms/import`). */
function routeOf(doc: Doc, call: Call): string | undefined {
  const method = call.method.toLowerCase();
  const segments = call.url.slice(API.length).split('?')[0]!.split('/');
  let best: { key: string; literal: number } | undefined;
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!item[method]) continue;
    const parts = path.split('/');
    if (parts.length !== segments.length) continue;
    let literal = 0;
    const fits = parts.every((part, i) => {
      if (/^\{[^}]+\}$/.test(part)) return segments[i] !== '';
      literal++;
      return part === segments[i];
    });
    if (fits && (!best || literal > best.literal)) best = { key: `${call.method} ${path}`, literal };
  }
  return best?.key;
}

const template = (key: string) => key.replace(/\{[^}]+\}/g, '{}');

describe.each(backends())('operationIds are the SDK methods’ names, on %s', (backend) => {
  let server: TestServer;
  let doc: Doc;
  let driven: Map<string, Call[]>;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedUsers });
    const res = await fetch(`${server.url}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    doc = await res.json();
    driven = await driveEveryMethod();
  });
  afterAll(() => server?.close());

  const operationId = (key: string) => {
    const [method, path] = key.split(' ') as [string, string];
    return doc.paths[path]?.[method.toLowerCase()]?.operationId;
  };

  /** route key → the SDK methods that call it. */
  const bySdkRoute = () => {
    const routes = new Map<string, string[]>();
    for (const [name, calls] of driven) {
      const keys = [...new Set(calls.map((c) => routeOf(doc, c) ?? `${c.method} ${c.url} (no route)`))];
      expect(keys, `${name}: one route, called (give it arguments in SAMPLES)`).toHaveLength(1);
      routes.set(keys[0]!, [...(routes.get(keys[0]!) ?? []), name]);
    }
    return routes;
  };

  it('drives every method of a real client to exactly one server route', () => {
    expect(driven.size).toBeGreaterThanOrEqual(37);
    expect([...driven.keys()]).toEqual(
      expect.arrayContaining(['health', 'workOrders.create', 'stock.balances']),
    );
    const routes = bySdkRoute();
    expect(routes.get('POST /work-orders/{no}/operations/{seq}/reports')).toEqual(['reports.create']);
    expect(routes.get('GET /work-orders/{no}/labels')).toEqual(['workOrders.labelsUrl']);
    expect(routes.get('POST /boms/import')).toEqual(['boms.import']);
  });

  it('names each route the SDK calls after the SDK method, `group_method`', () => {
    const routes = bySdkRoute();
    const mismatches: string[] = [];
    for (const [key, names] of routes) {
      const row = Object.entries(SDK_OPERATIONS).find(([k]) => template(k) === template(key))?.[1];
      if (!row) {
        mismatches.push(`${key}: called by ${names.join(', ')} but has no row in sdk-operations.ts`);
        continue;
      }
      const tabled = [row.sdk, ...(row.also ?? [])].sort();
      if (JSON.stringify(tabled) !== JSON.stringify([...names].sort()))
        mismatches.push(
          `${key}: the table says ${tabled.join(', ')}, the SDK calls it from ${names.join(', ')}`,
        );
      if (operationId(key) !== sdkNameToOperationId(row.sdk))
        mismatches.push(`${key}: operationId ${operationId(key)}, SDK method ${row.sdk}`);
    }
    expect(mismatches).toEqual([]);
    expect(operationId('GET /work-orders/{no}')).toBe('workOrders_get');
    expect(operationId('PUT /boms/{code}')).toBe('boms_put');
    expect(operationId('GET /stock/balances')).toBe('stock_balances');
    expect(operationId('GET /health')).toBe('health');
  });

  it('has no table row for a route the SDK does not call', () => {
    const called = new Set([...bySdkRoute().keys()].map(template));
    expect(Object.keys(SDK_OPERATIONS).filter((k) => !called.has(template(k)))).toEqual([]);
  });

  it('keeps the method-and-path ids on the routes the SDK does not call, all unique', () => {
    const called = new Set([...bySdkRoute().keys()].map(template));
    const others = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([m]) => !called.has(template(`${m.toUpperCase()} ${path}`)))
        .map(([m, op]) => ({ expected: operationIdOf(m, path), actual: op.operationId })),
    );
    expect(others.length).toBeGreaterThan(0);
    for (const o of others) expect(o.actual).toBe(o.expected);
    const all = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    expect(new Set(all).size).toBe(all.length);
    expect(doc.paths['/health/checkup']?.get?.operationId).toBe('getHealthCheckup');
  });
});

describe('the table', () => {
  it('maps a route whatever its parameters are called', () => {
    expect(sdkOperationId('put', '/boms/{parentCode}')).toBe('boms_put');
    expect(sdkOperationId('get', '/boms/{parentCode}/explosion')).toBe('boms_explosion');
    expect(sdkOperationId('get', '/boms/{code}')).toBeUndefined();
    expect(sdkOperationId('post', '/health')).toBeUndefined();
  });

  it('gives ids that do not collide with the generated ones (those never hold `_`)', () => {
    const generated = allRoutes().map((r) => operationIdOf(r.method, r.path));
    expect(generated.filter((id) => id.includes('_'))).toEqual([]);
    const ids = Object.values(SDK_OPERATIONS).map((row) => sdkNameToOperationId(row.sdk));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z0-9]*(_[a-z][A-Za-z0-9]*)?$/);
  });

  it('still refuses two routes with one operationId', () => {
    const route = allRoutes().find((r) => r.method === 'get' && r.path === '/work-orders/{no}')!;
    expect(() => buildOpenApi([route, { ...route }], { version: '0', serverUrl: '/' })).toThrow(
      /two routes make the operationId workOrders_get/,
    );
  });
});
