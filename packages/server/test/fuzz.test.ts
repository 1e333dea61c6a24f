import { randomUUID } from 'node:crypto';
import { BomDocument } from '@shopfloor/sdk';
import fc from 'fast-check';
import { sql } from 'kysely';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnyRoute, type Schema, z } from '../src/http/route.js';
import { signSession } from '../src/http/session.js';
import { findUser, toPrincipal } from '../src/modules/auth/store.js';
import { allRoutes } from '../src/modules/index.js';
import { clientFor, fakePlatforms, platformEnv, platformHandlers } from './fixtures-platform.js';
import { seedStock } from './fixtures-stock.js';
import { backends, startTestServer, type TestServer } from './harness.js';

/**
 * Malformed input on every state-changing route (POST, PUT, DELETE of `allRoutes()`): wrong types,
 * missing and unknown fields, huge strings, NUL characters, lone surrogates, negative, tiny and
 * huge numbers, deep nesting, invalid JSON text, wrong content types, oversized bodies and bad
 * Idempotency-Keys. Whatever arrives, the server must answer:
 *
 *   - never 5xx;
 *   - 4xx as application/problem+json ({ type, title, status });
 *   - 400 with `errors[].path` when the body breaks the route's schema;
 *   - nothing written when it refuses: the row count of every table (business tables, outbox
 *     events, audit log, idempotency keys) is the same after a 4xx as before it.
 *
 * The platforms are configured against msw (DingTalk and WeCom logins included; demo mode, and
 * with it dev-login, is off). The caller is the admin, who passes every role and scope check, so
 * the input alone decides the answer.
 */

const fake = fakePlatforms();
const msw = setupServer(...platformHandlers(fake.calls));
beforeAll(() => msw.listen({ onUnhandledRequest: 'bypass' }));
afterAll(() => msw.close());

/** A valid request per route, with fixture references: the fuzz mutates it. */
interface Target {
  params?: Record<string, string>;
  body?: unknown;
  /** The schema the body is checked against when the route has none of its own (the BOM import). */
  schema?: Schema<unknown>;
}

interface Fixtures {
  /** A pending request of 李师傅 (WH-RM, no stock on hand: approving it answers 409). */
  pending: string;
  /** A pending request the admin made (he may cancel it). */
  own: string;
  /** A draft the admin made (he may submit it). */
  draft: string;
  /** An open count task (SCREW at RM-A01) the admin may count. */
  openCount: string;
  /** A count 孙仓管 made (BOARD at RM-A02, a book of 0): waiting for the admin's decision. */
  pendingCount: string;
}

const targets = (f: Fixtures): Record<string, Target> => ({
  'POST /auth/dev-login': { body: { userId: 'op-li' } },
  'POST /auth/dingtalk': { body: { code: 'bad-code' } },
  'POST /auth/wecom': { body: { code: 'bad-code' } },
  // Not configured here (no SHOPFLOOR_WECOM_CALLBACK_TOKEN): 404 before the body is read.
  'POST /platform/wecom/callback': {},
  'PUT /users/{id}/roles': {
    params: { id: 'op-wang' },
    body: { roles: ['operator'], workshops: ['WS-MCH'], warehouses: [] },
  },
  'POST /auth/api-tokens': { body: { userId: 'op-li', name: '对接 ERP' } },
  'POST /users': {
    body: {
      platform: 'dingtalk',
      platformUserId: 'fz-user',
      name: '模糊',
      roles: ['operator'],
      workshops: ['WS-ASM'],
    },
  },
  'PUT /users/{id}': { params: { id: 'op-wang' }, body: { name: '王师傅' } },
  'POST /role-requests/{id}/approve': { params: { id: '999999' } },
  'POST /role-requests/{id}/reject': { params: { id: '999999' } },
  'POST /warehouses': { body: { code: 'WH-FZ', name: '模糊仓' } },
  'PUT /warehouses/{code}': { params: { code: 'WH-RM' }, body: { name: '原料仓' } },
  'DELETE /warehouses/{code}': { params: { code: 'WH-NOPE' } },
  'POST /locations': { body: { warehouse: 'WH-RM', code: 'FZ-LOC', name: '模糊库位', kind: 'raw-material' } },
  'PUT /locations/{code}': { params: { code: 'RM-A02' }, body: { name: 'A02', kind: 'raw-material' } },
  'DELETE /locations/{code}': { params: { code: 'NOPE' } },
  'POST /workshops': { body: { code: 'WS-FZ', name: '模糊车间', supervisor: null } },
  'PUT /workshops/{code}': { params: { code: 'WS-ASM' }, body: { name: '总装车间' } },
  'DELETE /workshops/{code}': { params: { code: 'WS-NOPE' } },
  'POST /work-centers': {
    body: {
      code: 'WC-FZ',
      name: '模糊中心',
      workshop: 'WS-ASM',
      stations: 2,
      calendar: { workdays: [1, 2, 3, 4, 5], shifts: [{ start: '08:00', end: '17:00' }] },
    },
  },
  'PUT /work-centers/{code}': { params: { code: 'WC-NOPE' }, body: { stations: 3 } },
  'DELETE /work-centers/{code}': { params: { code: 'WC-NOPE' } },
  'PUT /work-orders/{no}/operations/{seq}/owner': {
    params: { no: 'WO-NO-SUCH', seq: '10' },
    body: { owner: 'pl-zhou' },
  },
  'DELETE /auth/api-tokens/{id}': { params: { id: 'no-such-token' } },
  'POST /items': {
    body: { code: 'FZ-1', name: '模糊测试件', uom: 'pcs', type: 'buy', safetyStock: 5, precision: 0 },
  },
  'PUT /items/{code}': { params: { code: 'BOARD' }, body: { name: '橡木板', safetyStock: 2.5, cost: 80 } },
  'PUT /boms/{parentCode}': {
    params: { parentCode: 'TABLE' },
    body: {
      lines: [
        { child: 'LEG', qty: 4 },
        { child: 'BOARD', qty: 1.2, scrapRate: 0.05 },
        { child: 'KIT', qty: 1 },
      ],
    },
  },
  'POST /boms/import': {
    body: {
      items: [
        { code: 'FZ-STOOL', name: '凳子', uom: 'pcs', type: 'make' },
        { code: 'LEG', name: '实木桌腿', uom: 'pcs', type: 'buy' },
      ],
      bomLines: [{ parent: 'FZ-STOOL', child: 'LEG', qty: 3 }],
    },
    schema: BomDocument,
  },
  'PUT /routings/{item}': {
    params: { item: 'TABLE' },
    body: {
      operations: [{ seq: 10, name: '总装', workCenter: 'WC-ASM', workshop: 'WS-ASM', standardMinutes: 30 }],
    },
  },
  'POST /work-orders': { body: { item: 'TABLE', qty: 5, due: '2026-12-20' } },
  'POST /work-orders/{no}/release': { params: { no: 'WO-STK-DRAFT' } },
  // No such work order: 404 when valid (the lifecycle itself: work-order-lifecycle.test.ts).
  'POST /work-orders/{no}/hold': { params: { no: 'WO-NO-SUCH' }, body: { reason: '缺料' } },
  'POST /work-orders/{no}/resume': { params: { no: 'WO-NO-SUCH' } },
  'POST /work-orders/{no}/cancel': { params: { no: 'WO-NO-SUCH' }, body: { reason: '客户取消' } },
  'POST /work-orders/{no}/close': { params: { no: 'WO-NO-SUCH' }, body: { short: true, reason: '短关' } },
  'POST /work-orders/{no}/operations/{seq}/reports': {
    params: { no: 'WO-STK-1', seq: '10' },
    body: { goodQty: 1, scrapQty: 0, deviceTime: '2026-11-25T08:30:00+08:00' },
  },
  'POST /issue-requests': {
    body: { warehouse: 'WH-RM', lines: [{ item: 'SCREW', qty: 20, location: 'RM-A01' }] },
  },
  'POST /issue-requests/{id}/approve': {
    params: { id: f.pending },
    body: { lines: [{ line: 0, qty: 1 }], comment: '同意' },
  },
  'POST /issue-requests/{id}/reject': { params: { id: f.pending }, body: { comment: '先用线边库存' } },
  'POST /issue-requests/{id}/cancel': { params: { id: f.own } },
  'POST /issue-requests/{id}/submit': { params: { id: f.draft } },
  'POST /stock/receipts': {
    body: { lines: [{ item: 'BOARD', qty: 10.5, location: 'RM-A02' }], reference: 'PO-FZ-1' },
  },
  'POST /alerts/{id}/acknowledge': { params: { id: randomUUID() } },
  'POST /alert-rules': {
    body: {
      name: '逾期通知',
      kinds: ['overdue-operation'],
      recipients: { users: [], roles: ['owner'] },
      channels: ['wecom'],
    },
  },
  'PUT /alert-rules/{id}': {
    params: { id: randomUUID() },
    body: { name: '逾期通知', recipients: { users: [], roles: ['supervisor'] }, channels: ['dingtalk'] },
  },
  'DELETE /alert-rules/{id}': { params: { id: randomUUID() } },
  // Plans the week of 2026-12-07 (the clock's next week) once, then 409 count-plan-exists.
  'POST /cycle-counts/plans': { body: { week: '2026-12-07' } },
  'POST /cycle-counts': { body: { item: 'LEG', location: 'RM-A02', lot: 'L-FZ-1' } },
  'POST /cycle-counts/{id}/count': { params: { id: f.openCount }, body: { qty: 3 } },
  'POST /cycle-counts/{id}/approve': { params: { id: f.pendingCount }, body: { comment: '差异已核实' } },
  'POST /cycle-counts/{id}/reject': { params: { id: f.pendingCount }, body: { comment: '请重新盘点' } },
  'POST /cycle-counts/{id}/recount': { params: { id: f.pendingCount }, body: {} },
  'POST /sync/connectors': {
    body: {
      kind: 'webhook',
      name: 'ERP 回写',
      config: { url: 'http://127.0.0.1:9/hook', secret: 'a-secret-of-16-chars-or-more' },
    },
  },
  'PUT /sync/connectors/{id}': {
    params: { id: 'webhook-nope' },
    body: { name: 'ERP 回写', enabled: false, alertAfterFailures: 2 },
  },
  'DELETE /sync/connectors/{id}': { params: { id: 'webhook-nope' } },
  'POST /sync/events/{id}/retry': { params: { id: '987654321' } },
  // Reads no body; no such connector: 404 (a real pull is in sync-inbound-sources-*.test.ts).
  'POST /sync/connectors/{id}/run': { params: { id: 'database-nope' } },
  // One record of each shape the envelope takes; no such connector: 404 when valid.
  'POST /sync/inbound/{connectorId}': {
    params: { connectorId: 'erp-nope' },
    body: {
      records: [
        {
          kind: 'item',
          sourceId: 'I-1',
          sourceVersion: '1',
          data: { code: 'FZ-1', name: '件', uom: 'pcs', type: 'buy' },
        },
        {
          kind: 'purchaseReceipt',
          sourceId: 7,
          sourceVersion: 2,
          data: { no: 'PO-1', item: 'FZ-1', qty: 1, location: 'RM-A01' },
        },
      ],
    },
  },
  // A whole mapping document (the generic-json template's shape, cut down); no such connector: 404 when valid.
  'PUT /sync/connectors/{id}/mapping': {
    params: { id: 'webhook-nope' },
    body: {
      format: 'shopfloor-mapping/1',
      name: 'ERP 映射',
      valueMaps: { units: [{ ours: 'pcs', theirs: 'Pcs' }] },
      entities: {
        item: {
          target: 'BD_MATERIAL',
          fields: [
            { ours: 'code', theirs: 'FNumber', required: true, transform: [{ op: 'trim' }] },
            { ours: 'uom', theirs: 'FBaseUnitId.FNumber', values: 'units' },
            { theirs: 'FUseOrgId.FNumber', const: '100' },
          ],
        },
        workOrder: {
          fields: [
            { ours: 'no', theirs: 'FBillNo' },
            {
              ours: 'qty',
              theirs: 'FQty',
              transform: [
                { op: 'number', thousands: ',' },
                { op: 'scale', exponent: 3 },
              ],
            },
            { ours: 'dueDate', theirs: 'FDate', transform: [{ op: 'date', format: 'YYYY/MM/DD' }] },
          ],
        },
      },
      outbound: [{ topic: 'work-order.created', kind: 'workOrder', from: { dueDate: 'due' } }],
    },
  },
  // Across warehouses: the admin's transfer waits for approval, so no stock is needed to make it.
  'POST /transfers': { body: { lines: [{ item: 'SCREW', qty: 1, from: 'RM-A01', to: 'FG-01' }] } },
  'POST /transfers/{id}/approve': { params: { id: randomUUID() }, body: { comment: '同意' } },
  'POST /transfers/{id}/reject': { params: { id: randomUUID() }, body: { comment: '不调了' } },
  // Reads a workbook, not JSON (setup-fuzz.test.ts mutates workbooks): every JSON body here is refused.
  'POST /setup/workbook': {},
  // Reads no body; this server has no SHOPFLOOR_BACKUP_DIR, so it answers 409 and writes nothing.
  'POST /backups': {},
  // Reads a CSV/XLSX snapshot, not JSON (reconciliation.test.ts sends bad files); without ?kind every body is refused.
  'POST /reconciliations': {},
  'PUT /reconciliations/schedules/{connectorId}': {
    params: { connectorId: 'webhook-nope' },
    body: { at: '06:30', kinds: ['stock'], alertAbove: 0 },
  },
  'DELETE /reconciliations/schedules/{connectorId}': { params: { connectorId: 'webhook-nope' } },
});

const stateChanging = allRoutes().filter((r) => r.method !== 'get');
const keyOf = (r: AnyRoute) => `${r.method.toUpperCase()} ${r.path}`;

// ---------------------------------------------------------------------------------------------
// What malformed looks like.

const DEEP = (() => {
  let v: unknown = 'bottom';
  for (let i = 0; i < 2000; i++) v = i % 2 ? [v] : { a: v };
  return v;
})();

/** Values that break types, bounds, encodings and the database, one at a time. */
const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    true,
    false,
    0,
    -0,
    -1,
    -0.000001,
    1e-320,
    1e308,
    -1e308,
    2 ** 53 + 2,
    2 ** 31,
    1e21,
    'NaN',
    'Infinity',
    '-1',
    '1e309',
    '',
    '   ',
    '\u0000',
    'a\u0000b',
    '\ud800',
    '\ufeff',
    '𠮷'.repeat(300),
    '../../etc/passwd',
    "'; drop table items; --",
    '<script>alert(1)</script>',
    '2026-02-30',
    '2026-13-01T25:61:00+08:00',
    'x'.repeat(200_000),
    [],
    {},
    { __proto__: { admin: true } },
    { constructor: { prototype: { polluted: true } } },
    DEEP,
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Every path into a JSON value: ['lines', 0, 'qty'], …; [] is the value itself. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const here = [prefix];
  if (Array.isArray(value)) return here.concat(...value.map((v, i) => pathsOf(v, [...prefix, i])));
  if (value && typeof value === 'object') {
    return here.concat(...Object.entries(value).map(([k, v]) => pathsOf(v, [...prefix, k])));
  }
  return here;
}

type Mutation =
  | { op: 'set'; path: (string | number)[]; value: unknown }
  | { op: 'delete'; path: (string | number)[] }
  | { op: 'add'; path: (string | number)[]; key: string; value: unknown };

function mutate(template: unknown, m: Mutation): unknown {
  if (m.path.length === 0 && m.op === 'set') return m.value;
  const copy = structuredClone(template);
  let parent = copy as Record<string | number, unknown>;
  const path = m.op === 'add' ? m.path : m.path.slice(0, -1);
  for (const step of path) parent = parent[step] as Record<string | number, unknown>;
  if (m.op === 'add') {
    if (parent && typeof parent === 'object') parent[m.key] = m.value;
    return copy;
  }
  const last = m.path.at(-1)!;
  if (m.op === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else parent[last] = m.value;
  return copy;
}

function mutations(template: unknown): fc.Arbitrary<Mutation> {
  const paths = pathsOf(template);
  const inner = paths.filter((p) => p.length > 0);
  const containers = paths.filter((p) => {
    let v = template as Record<string | number, unknown>;
    for (const s of p) v = v[s] as Record<string | number, unknown>;
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  });
  const options: fc.Arbitrary<Mutation>[] = [
    fc.record({ op: fc.constant('set' as const), path: fc.constantFrom(...paths), value: junk }),
  ];
  if (inner.length > 0) {
    options.push(fc.record({ op: fc.constant('delete' as const), path: fc.constantFrom(...inner) }));
  }
  if (containers.length > 0) {
    options.push(
      fc.record({
        op: fc.constant('add' as const),
        path: fc.constantFrom(...containers),
        key: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'orgId', 'org_id', 'id')),
        value: junk,
      }),
    );
  }
  return fc.oneof(...options);
}

/** Text the JSON parser refuses, sent as application/json. */
const BAD_JSON = ['', '{', '{"lines": [', 'undefined', "{'a': 1}", '[1,]', 'NaN', '\u0000', '{"a":1}}'];
const WRONG_TYPES = [
  null,
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=zz',
  'application/xml',
];

// ---------------------------------------------------------------------------------------------

describe.each(backends())('malformed input on every state-changing route on %s', (backend) => {
  let server: TestServer;
  let token: string;
  let fixtures: Fixtures;
  let tables: string[];
  let answers = 0;
  let baseline: Record<string, number> | undefined;

  beforeAll(async () => {
    server = await startTestServer({ backend, env: platformEnv, seed: seedStock });
    expect(server.deps.config.demo).toBe(false);
    const admin = await clientFor(server, 'admin');
    token = await sessionToken(server);
    const li = await clientFor(server, 'op-li');
    const line = { item: 'LEG', qty: 2, location: 'RM-A01' };
    fixtures = {
      pending: (await li.issueRequests.create({ warehouse: 'WH-RM', lines: [line] })).id,
      own: (await admin.issueRequests.create({ warehouse: 'WH-RM', lines: [line] })).id,
      draft: (await admin.issueRequests.create({ warehouse: 'WH-RM', lines: [line], submit: false })).id,
      openCount: (await openCount(admin, 'SCREW', 'RM-A01')).id,
      pendingCount: '',
    };
    const sun = await clientFor(server, 'sk-sun');
    fixtures.pendingCount = (await openCount(sun, 'BOARD', 'RM-A02')).id;
    await sun.request({
      method: 'POST',
      path: `/cycle-counts/${fixtures.pendingCount}/count`,
      body: { qty: 5 },
    });
    const rows = await sql<{ name: string }>`
      select table_name as name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`.execute(
      server.database.db,
    );
    tables = rows.rows.map((r) => r.name);
    expect(tables).toEqual(
      expect.arrayContaining(['items', 'outbox_events', 'audit_log', 'stock_movements']),
    );
  });
  afterAll(() => server?.close());

  const openCount = (client: Awaited<ReturnType<typeof clientFor>>, item: string, location: string) =>
    client.request<{ id: string }>({ method: 'POST', path: '/cycle-counts', body: { item, location } });

  /** Row counts of every table: equal before and after a refused request, or something was written. */
  async function counts(): Promise<Record<string, number>> {
    const select = tables.map((t) => `(select count(*) from "${t}")::int as "${t}"`).join(', ');
    const r = await sql.raw<Record<string, number>>(`select ${select}`).execute(server.database.db);
    return r.rows[0]!;
  }

  interface Sent {
    route: AnyRoute;
    params: Record<string, string>;
    /** Raw body text; undefined sends none. */
    text?: string;
    contentType?: string | null;
    idempotencyKey?: string;
  }

  async function send(s: Sent) {
    const path = s.route.path.replace(/\{(\w+)\}/g, (_, name: string) =>
      encodeURIComponent(s.params[name] ?? ''),
    );
    const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
    const type = s.contentType === undefined ? 'application/json' : s.contentType;
    if (type !== null && s.text !== undefined) headers['Content-Type'] = type;
    if (s.idempotencyKey !== undefined) headers['Idempotency-Key'] = s.idempotencyKey;
    // Requests run one at a time and the workers are off: the counts after the previous request
    // are the counts before this one.
    baseline ??= await counts();
    const before = baseline;
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method: s.route.method.toUpperCase(),
      headers,
      ...(s.text !== undefined ? { body: s.text } : {}),
    });
    const text = await res.text();
    const after = await counts();
    baseline = after;
    answers++;
    const answer = { status: res.status, type: res.headers.get('content-type') ?? '', text };
    const where = `${keyOf(s.route)} ${path} ← ${(s.text ?? '(no body)').slice(0, 300)} → ${res.status} ${text.slice(0, 300)}`;
    expect(answer.status, where).toBeLessThan(500);
    if (answer.status >= 400) {
      expect(answer.type, where).toContain('application/problem+json');
      const problem = JSON.parse(text);
      expect(problem, where).toMatchObject({
        type: expect.stringMatching(/^\/problems\//),
        status: res.status,
      });
      expect(typeof problem.title, where).toBe('string');
      expect(text, where).not.toMatch(/\n\s+at |node_modules/); // no stack trace
      expect(after, `${where}: a refused request wrote rows`).toEqual(before);
    }
    return { ...answer, where, json: answer.type.includes('json') ? JSON.parse(text) : undefined };
  }

  const schemaOf = (route: AnyRoute, target: Target) => (route.body as Schema<unknown>) ?? target.schema;
  /** The body as the server will see it: JSON.stringify drops undefined and turns NaN into null. */
  const roundTrip = (value: unknown) => {
    const text = JSON.stringify(value);
    return { text, seen: text === undefined ? undefined : JSON.parse(text) };
  };

  it('has a fuzz target for every state-changing route of the registry', () => {
    const none = { pending: '', own: '', draft: '', openCount: '', pendingCount: '' };
    const known = Object.keys(targets(none)).sort();
    expect(known).toEqual(stateChanging.map(keyOf).sort());
  });

  describe.each(stateChanging.map((r) => [keyOf(r), r] as const))('%s', (_key, route) => {
    const target = () => targets(fixtures)[keyOf(route)]!;

    it('refuses bodies that break its schema with 400 and field paths, writing nothing', async () => {
      const t = target();
      const schema = schemaOf(route, t);
      const template = t.body ?? {};
      // Half random JSON, half the valid request with one thing broken; only what the schema refuses.
      const body = fc
        .oneof(
          fc.jsonValue({ maxDepth: 4 }),
          mutations(template).map((m) => mutate(template, m)),
        )
        .filter((value) => {
          if (!schema) return true;
          const { seen } = roundTrip(value);
          return seen !== undefined && !z.safeParse(schema, seen).success;
        });
      await fc.assert(
        fc.asyncProperty(body, async (value) => {
          const { text } = roundTrip(value);
          const res = await send({ route, params: t.params ?? {}, text });
          if (!schema) return; // the route reads no body: it answers as if none came (checked above)
          expect(res.status, res.where).toBe(400);
          // A body nested past the limit is refused before it is parsed: no field to name.
          if (res.json.type === '/problems/too-deep') {
            expect(res.json.params, res.where).toEqual({ maxDepth: 64 });
            return;
          }
          expect(res.json.errors?.length, res.where).toBeGreaterThan(0);
          for (const e of res.json.errors) {
            expect(typeof e.path, res.where).toBe('string');
            expect(typeof e.message, res.where).toBe('string');
          }
        }),
        { numRuns: 12 },
      );
    });

    it('never fails on a valid request with one value broken (types, bounds, NUL, huge)', async () => {
      const t = target();
      const schema = schemaOf(route, t);
      const template = t.body ?? {};
      await fc.assert(
        fc.asyncProperty(mutations(template), fc.boolean(), async (m, withKey) => {
          const { text, seen } = roundTrip(mutate(template, m));
          const res = await send({
            route,
            params: t.params ?? {},
            text,
            ...(withKey ? { idempotencyKey: randomUUID() } : {}),
          });
          // A body the schema accepts may well succeed; one it refuses never does.
          if (schema && (seen === undefined || !z.safeParse(schema, seen).success)) {
            expect(res.status, res.where).toBe(400);
          }
        }),
        { numRuns: 12 },
      );
    });

    it('refuses junk in the path', async () => {
      const t = target();
      const names = Object.keys(t.params ?? {});
      if (names.length === 0) {
        expect(route.path).not.toContain('{');
        return;
      }
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...names),
          fc.oneof(
            fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }),
            fc.constantFrom('0', '-1', '1e3', '99999999999999999999', 'x'.repeat(5000), '%00', '..', 'null'),
          ),
          async (name, value) => {
            fc.pre(value.trim() !== t.params![name]);
            const res = await send({
              route,
              params: { ...t.params, [name]: value },
              text: JSON.stringify(t.body ?? {}),
            });
            // A code is free text: '-1' is a real warehouse when an earlier case made one. Success
            // must then be about exactly that record; anything else is refused.
            if (res.status < 300)
              expect(JSON.stringify(res.json), res.where).toContain(JSON.stringify(value));
            else expect(res.status, res.where).toBeGreaterThanOrEqual(400);
          },
        ),
        { numRuns: 6 },
      );
    });

    it('refuses invalid JSON text, wrong content types, oversized bodies and bad Idempotency-Keys', async () => {
      const t = target();
      const params = t.params ?? {};
      const reads = schemaOf(route, t) !== undefined;
      for (const text of BAD_JSON) {
        const res = await send({ route, params, text });
        if (reads) {
          expect(res.status, res.where).toBe(400);
          if (res.json.errors) expect(res.json.errors[0].path, res.where).toEqual(expect.any(String));
        }
      }
      const valid = JSON.stringify(t.body ?? {});
      for (const contentType of WRONG_TYPES) {
        const res = await send({ route, params, text: valid, contentType });
        if (reads) expect([400, 415], res.where).toContain(res.status);
      }
      // Past the route's limit: 1 MB, or its own (an inbound batch takes 20 MB).
      const limit = route.bodyLimit ?? 1_000_000;
      const huge = await send({ route, params, text: JSON.stringify({ pad: 'x'.repeat(limit + 100_000) }) });
      expect(huge.status, huge.where).toBe(413);
      const mutation = route.mutation ?? true;
      for (const key of ['short', 'k'.repeat(129)]) {
        const res = await send({ route, params, text: valid, idempotencyKey: key });
        if (mutation) {
          expect(res.status, res.where).toBe(400);
          expect(res.json.errors, res.where).toEqual([
            { path: 'header.Idempotency-Key', message: 'bad length' },
          ]);
        }
      }
    });
  });

  it('refuses NUL characters and numbers beyond ±1e15 anywhere, with their path (were 500s)', async () => {
    const route = (key: string) => stateChanging.find((r) => keyOf(r) === key)!;
    const cases: [Sent, string][] = [
      // PostgreSQL text cannot hold U+0000: the database answered 22021 and the API 500.
      [{ route: route('PUT /users/{id}/roles'), params: { id: '\u0000' }, text: '{"roles":[]}' }, 'path.id'],
      [
        { route: route('POST /items'), params: {}, text: JSON.stringify({ code: 'NUL', name: 'a\u0000b' }) },
        'name',
      ],
      // 1e308 passed the schemas and overflowed to Infinity in sums and explosions.
      [
        {
          route: route('POST /work-orders'),
          params: {},
          text: JSON.stringify({ item: 'TABLE', qty: 1e308, due: '2026-12-20' }),
        },
        'qty',
      ],
      [
        {
          route: route('POST /boms/import'),
          params: {},
          text: JSON.stringify({
            items: [{ code: 'BIG', name: '大', uom: 'pcs', type: 'make' }],
            bomLines: [{ parent: 'BIG', child: 'LEG', qty: 1e300 }],
          }),
        },
        'bomLines.0.qty',
      ],
    ];
    for (const [sent, path] of cases) {
      const res = await send(sent);
      expect(res.status, res.where).toBe(400);
      expect(
        res.json.errors.map((e: { path: string }) => e.path),
        res.where,
      ).toEqual([path]);
    }
    // The same guard covers query strings (a GET, outside the routes fuzzed above).
    const explosion = await fetch(`${server.url}/api/v1/boms/TABLE/explosion?qty=1e308`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(explosion.status).toBe(400);
    expect((await explosion.json()).errors).toEqual([
      { path: 'query.qty', message: 'must be between -1e15 and 1e15' },
    ]);
  });

  it('answered every request without a 5xx', () => {
    // 4 properties per route; each request above checked its own answer and the table counts.
    expect(answers).toBeGreaterThan(stateChanging.length * 35);
  });
});

/** The admin's session, signed as a login signs it (demo mode is off: there is no dev-login). */
async function sessionToken(server: TestServer): Promise<string> {
  const row = await findUser(server.database.db, server.deps.config.orgId, 'admin');
  if (!row) throw new Error('no admin fixture');
  const now = Math.floor(server.clock.now().getTime() / 1000);
  return signSession(toPrincipal(row), server.deps.secrets.session, now);
}
