import SwaggerParser from '@apidevtools/swagger-parser';
import fc from 'fast-check';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildOpenApi } from '../src/http/openapi.js';
import { defineRoute } from '../src/http/route.js';
import { allRoutes } from '../src/modules/index.js';
import { seedUsers } from './fixtures.js';
import { backends, startTestServer, type TestServer } from './harness.js';

type Doc = {
  paths: Record<string, Record<string, { operationId?: string }>>;
  components: { schemas: Record<string, unknown> };
};

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']);
const operationsOf = (doc: Doc) =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.has(method))
      .map(([method, op]) => ({ method, path, operationId: op.operationId })),
  );
const refsIn = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.flatMap(refsIn)
    : value && typeof value === 'object'
      ? Object.entries(value).flatMap(([k, v]) => (k === '$ref' && typeof v === 'string' ? [v] : refsIn(v)))
      : [];

/** Type-checks generated declarations in memory: the types an integration team would compile. */
function typeErrors(source: string): string[] {
  const file = 'openapi.d.ts';
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (name) => (name === file ? source : readFile(name));
  host.fileExists = (name) => name === file || ts.sys.fileExists(name);
  host.getSourceFile = (name, lang) =>
    name === file ? ts.createSourceFile(name, source, lang) : getSourceFile(name, lang);
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe.each(backends())('the OpenAPI document integration tools import, on %s', (backend) => {
  let server: TestServer;
  let doc: Doc;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedUsers });
    const res = await fetch(`${server.url}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    doc = await res.json();
  });
  afterAll(() => server?.close());

  it('passes a real OpenAPI validator (swagger-parser)', async () => {
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
  });

  it('refers only to components/schemas, and every referenced schema is there', () => {
    const refs = refsIn(doc);
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.filter((r) => !r.startsWith('#/components/schemas/'))).toEqual([]);
    const missing = refs
      .map((r) => r.slice('#/components/schemas/'.length))
      .filter((n) => !(n in doc.components.schemas));
    expect(missing).toEqual([]);
    expect(JSON.stringify(doc)).not.toContain('$defs');
    // Shared shapes are named once, not copied into every operation.
    expect(doc.components.schemas).toHaveProperty('WorkOrder');
    expect(doc.components.schemas).toHaveProperty('Item');
  });

  it('gives every operation of every route a unique operationId', () => {
    const ops = operationsOf(doc);
    expect(ops).toHaveLength(allRoutes().length);
    expect(ops.filter((o) => !o.operationId)).toEqual([]);
    expect(new Set(ops.map((o) => o.operationId)).size).toBe(ops.length);
    expect(ops.find((o) => o.method === 'get' && o.path === '/work-orders/{no}')?.operationId).toBe(
      'workOrders_get',
    );
  });

  it('has no two paths that differ only in parameter names', () => {
    const templates = Object.keys(doc.paths).map((p) => p.replace(/\{[^}]+\}/g, '{}'));
    expect(new Set(templates).size).toBe(templates.length);
    expect(doc.paths['/boms/{code}']).toHaveProperty('get');
    expect(doc.paths['/boms/{code}']).toHaveProperty('put');
  });

  it('generates TypeScript types (openapi-typescript) that compile', async () => {
    const source = astToString(await openapiTS(structuredClone(doc) as never));
    expect(source).toContain('workOrders_get: {');
    expect(source).toContain('getHealthCheckup: {');
    expect(source).toMatch(/WorkOrder: \{/);
    expect(typeErrors(source)).toEqual([]);
  }, 30_000);

  it('still serves the Swagger UI page that reads it', async () => {
    const page = await fetch(`${server.url}/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/api/v1/openapi.json');
  });
});

describe('building the document from zod schemas', () => {
  const Thing = z.object({ name: z.string(), size: z.number().default(1) }).meta({ id: 'Thing' });
  type Tree = { label: string; children: Tree[] };
  const Tree: z.ZodType<Tree> = z.object({
    label: z.string(),
    get children() {
      return z.array(Tree);
    },
  });
  const routes = [
    defineRoute({
      method: 'get',
      path: '/things/{a}',
      summary: 'read',
      tags: ['t'],
      auth: 'public',
      params: z.object({ a: z.string() }),
      response: z.object({ thing: Thing, tree: Tree }),
      handler: async () => ({}) as never,
    }),
    defineRoute({
      method: 'put',
      path: '/things/{b}',
      summary: 'write',
      tags: ['t'],
      auth: 'any',
      params: z.object({ b: z.string() }),
      body: Thing,
      response: Thing,
      handler: async () => ({}) as never,
    }),
  ];
  const built = buildOpenApi(routes, { version: '0', serverUrl: '/api/v1' }) as unknown as Doc & {
    paths: Record<string, Record<string, { parameters: { name: string; in: string }[] }>>;
  };

  it('keeps the input and the output shape of one named schema apart', async () => {
    const schemas = built.components.schemas as Record<string, { required?: string[] }>;
    expect(schemas.Thing?.required).toEqual(['name', 'size']);
    expect(schemas.ThingInput?.required).toEqual(['name']);
    await expect(SwaggerParser.validate(structuredClone(built) as never)).resolves.toBeTruthy();
  });

  it('names the shapes the same whatever order the routes come in (fast-check)', async () => {
    const Wrap = z.object({ thing: Thing, note: z.string().default('') }).meta({ id: 'Wrap' });
    const pool = [
      ...routes,
      defineRoute({
        method: 'post',
        path: '/wraps',
        summary: 'wrap',
        tags: ['t'],
        auth: 'any',
        body: Wrap,
        response: Wrap,
        handler: async () => ({}) as never,
      }),
      defineRoute({
        method: 'get',
        path: '/trees',
        summary: 'trees',
        tags: ['t'],
        auth: 'any',
        response: z.array(Tree),
        handler: async () => ({}) as never,
      }),
    ];
    const reference = buildOpenApi(pool, { version: '0', serverUrl: '/' }) as unknown as Doc;
    await fc.assert(
      fc.asyncProperty(fc.shuffledSubarray(pool, { minLength: 1 }), async (some) => {
        const doc = buildOpenApi(some, { version: '0', serverUrl: '/' }) as unknown as Doc;
        const schemas = doc.components.schemas;
        for (const [name, schema] of Object.entries(schemas)) {
          if (name in reference.components.schemas)
            expect(schema).toEqual(reference.components.schemas[name]);
        }
        const names = refsIn(doc).map((r) => r.replace('#/components/schemas/', ''));
        expect(names.filter((n) => !(n in schemas))).toEqual([]);
        await SwaggerParser.validate(structuredClone(doc) as never);
      }),
      { numRuns: 40 },
    );
    const wrap = reference.components.schemas as Record<
      string,
      { properties?: Record<string, { $ref?: string }> }
    >;
    expect(wrap.WrapInput?.properties?.thing?.$ref).toBe('#/components/schemas/ThingInput');
    expect(wrap.Wrap?.properties?.thing?.$ref).toBe('#/components/schemas/Thing');
  });

  it('builds once per route table and server URL', () => {
    const again = buildOpenApi(routes, { version: '0', serverUrl: '/api/v1' });
    expect(again).toBe(built);
    const elsewhere = buildOpenApi(routes, { version: '0', serverUrl: 'https://mes.example.cn/api/v1' });
    expect(elsewhere).not.toBe(built);
    expect(elsewhere.servers).toEqual([{ url: 'https://mes.example.cn/api/v1' }]);
  });

  it('names a recursive part once and refers to it', () => {
    expect(refsIn(built).filter((r) => !r.startsWith('#/components/schemas/'))).toEqual([]);
    expect(JSON.stringify(built)).not.toContain('$defs');
  });

  it('merges /things/{a} and /things/{b} into one path with one parameter name', () => {
    expect(Object.keys(built.paths)).toEqual(['/things/{a}']);
    expect(
      built.paths['/things/{a}']!.put!.parameters.filter((p) => p.in === 'path').map((p) => p.name),
    ).toEqual(['a']);
    expect(operationsOf(built).map((o) => o.operationId)).toEqual(['getThingsByA', 'putThingsByA']);
  });
});
