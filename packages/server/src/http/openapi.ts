import { z } from 'zod';
import type { AnyRoute } from './route.js';
import { sdkOperationId } from './sdk-operations.js';

const PROBLEM = {
  description: 'Problem details',
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
};

type JsonSchema = Record<string, unknown>;
const LOCAL_DEF = /^#\/\$defs\/(.+)$/;
const COMPONENT = '#/components/schemas/';

/**
 * Turns zod schemas into JSON Schemas whose named parts (`.meta({ id })`, and the anonymous parts of
 * recursive schemas) live once in `components/schemas`: zod emits them as `#/$defs/…` local to each
 * schema, which no OpenAPI tool resolves from inside a path item.
 */
class SchemaComponents {
  readonly schemas: Record<string, JsonSchema> = {};
  private readonly keys = new Map<string, string>();

  /** `answers`: the schemas of every answer, whose named parts keep the plain names. */
  constructor(answers: readonly z.core.$ZodType[]) {
    for (const answer of answers) {
      for (const key of Object.keys(jsonSchemaOf(answer, 'output').$defs ?? {})) this.answered.add(key);
    }
  }
  private readonly answered = new Set<string>();

  toSchema(schema: z.core.$ZodType, io: 'input' | 'output', hint: string): JsonSchema {
    const { $defs = {}, ...root } = jsonSchemaOf(schema, io);
    // A recursive part is named after the named schema it sits in, when there is one.
    const owner = typeof root.$ref === 'string' ? LOCAL_DEF.exec(root.$ref)?.[1] : undefined;
    const base = owner && !owner.startsWith('__schema') ? owner : pascal(hint);
    // A request shape of a schema some answer also has, that differs from the answer's shape (a
    // default makes a field optional), is `…Input`: whichever of the two a route met first.
    const differs =
      io === 'input' ? inputOnlyDefs($defs, jsonSchemaOf(schema, 'output').$defs ?? {}) : new Set();
    const names = new Map<string, string>();
    for (const key of Object.keys($defs)) {
      const anonymous = key.startsWith('__schema');
      const name = anonymous ? `${base}Part${key.slice('__schema'.length)}` : key;
      const answered = this.answered.has(anonymous ? (owner ?? '') : key);
      names.set(key, differs.has(key) && answered ? `${name}Input` : name);
    }
    this.place($defs, names);
    return rewriteRefs(root, names) as JsonSchema;
  }

  /** Stores each def under its name, or a numbered one when two different schemas share an id. */
  private place(defs: Record<string, JsonSchema>, names: Map<string, string>): void {
    // Refs between defs depend on the names chosen: settle them until no name moves.
    for (let round = 0; round < 8; round++) {
      let moved = false;
      for (const [key, def] of Object.entries(defs)) {
        const existing = this.keys.get(names.get(key)!);
        if (existing === undefined || existing === canonical(rewriteRefs(def, names))) continue;
        names.set(key, this.freeName(names.get(key)!, def, names));
        moved = true;
      }
      if (!moved) break;
    }
    for (const [key, def] of Object.entries(defs)) {
      const name = names.get(key)!;
      if (this.keys.has(name)) continue;
      const body = rewriteRefs(def, names) as JsonSchema;
      this.schemas[name] = body;
      this.keys.set(name, canonical(body));
    }
  }

  private freeName(base: string, def: JsonSchema, names: Map<string, string>): string {
    for (let n = 1; ; n++) {
      const name = n === 1 ? base : `${base}${n}`;
      const existing = this.keys.get(name);
      if (existing === undefined || existing === canonical(rewriteRefs(def, names))) return name;
    }
  }
}

type Converted = JsonSchema & { $defs?: Record<string, JsonSchema> };
function jsonSchemaOf(schema: z.core.$ZodType, io: 'input' | 'output'): Converted {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
    reused: 'inline',
  }) as Converted;
  return json;
}

/** Defs whose input shape differs from their output shape, directly or through a def they refer to. */
function inputOnlyDefs(input: Record<string, JsonSchema>, output: Record<string, JsonSchema>): Set<string> {
  const differs = new Set(Object.keys(input).filter((k) => canonical(input[k]) !== canonical(output[k])));
  for (let grew = true; grew; ) {
    grew = false;
    for (const [key, def] of Object.entries(input)) {
      if (differs.has(key)) continue;
      const refersToChanged = refsOf(def).some((ref) => differs.has(LOCAL_DEF.exec(ref)?.[1] ?? ''));
      if (!refersToChanged) continue;
      differs.add(key);
      grew = true;
    }
  }
  return differs;
}

function refsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsOf);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => (k === '$ref' && typeof v === 'string' ? [v] : refsOf(v)));
}

function rewriteRefs(value: unknown, names: Map<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => rewriteRefs(v, names));
  if (value === null || typeof value !== 'object') return value;
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(value)) {
    const local = k === '$ref' && typeof v === 'string' ? LOCAL_DEF.exec(v) : null;
    out[k] = local ? `${COMPONENT}${names.get(local[1]!) ?? local[1]}` : rewriteRefs(v, names);
  }
  return out;
}

const canonical = (value: unknown) => JSON.stringify(value);
const pascal = (words: string) =>
  words
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');

/** `get /work-orders/{no}/operations` → `getWorkOrdersByNoOperations`: unique while method + path are. */
export function operationIdOf(method: string, path: string): string {
  const words = path
    .split('/')
    .filter(Boolean)
    .map((segment) => {
      const param = /^\{(.+)\}$/.exec(segment);
      return param ? `By${pascal(param[1]!)}` : pascal(segment);
    });
  return `${method}${words.join('')}`;
}

/**
 * Paths that differ only in parameter names (`/boms/{code}`, `/boms/{parentCode}`) are one path to
 * OpenAPI: the first one seen names the parameters for all; returns the renames for a route.
 */
function samePathAs(seen: Map<string, string>, path: string): { path: string; rename: Map<string, string> } {
  const template = path.replace(/\{[^}]+\}/g, '{}');
  const first = seen.get(template) ?? path;
  seen.set(template, first);
  const paramsOf = (p: string) => [...p.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  const theirs = paramsOf(first);
  return { path: first, rename: new Map(paramsOf(path).map((name, i) => [name, theirs[i]!])) };
}

type Info = { version: string; serverUrl: string };
const built = new WeakMap<readonly AnyRoute[], Map<string, ReturnType<typeof buildDocument>>>();

/**
 * OpenAPI 3.1 built from the very zod schemas that validate the requests: one source of truth.
 * Built once per route table and info (about 0.1 s), then served as is; callers must not mutate it.
 */
export function buildOpenApi(routes: readonly AnyRoute[], info: Info) {
  const byInfo = built.get(routes) ?? new Map<string, ReturnType<typeof buildDocument>>();
  built.set(routes, byInfo);
  const key = JSON.stringify(info);
  const doc = byInfo.get(key) ?? buildDocument(routes, info);
  byInfo.set(key, doc);
  return doc;
}

function buildDocument(routes: readonly AnyRoute[], info: Info) {
  const paths: Record<string, Record<string, unknown>> = {};
  const components = new SchemaComponents(
    routes.flatMap((r) => [r.response, r.accepted].filter((s): s is z.core.$ZodType => !!s)),
  );
  const templates = new Map<string, string>();
  const operationIds = new Set<string>();
  // A path's reading route names its parameters: `/boms/{code}` rather than the update's `{parentCode}`.
  for (const r of routes) if (r.method === 'get') samePathAs(templates, r.path);
  for (const r of routes) {
    const { path, rename } = samePathAs(templates, r.path);
    // The SDK method's name where the SDK calls the route (sdk-operations.ts), else method + path.
    const operationId = sdkOperationId(r.method, path) ?? operationIdOf(r.method, path);
    if (operationIds.has(operationId)) throw new Error(`two routes make the operationId ${operationId}`);
    operationIds.add(operationId);
    const toSchema = (schema: z.core.$ZodType, io: 'input' | 'output', part: string) =>
      components.toSchema(schema, io, `${operationId}${part}`);
    const parameters: unknown[] = [];
    for (const [where, schema] of [
      ['path', r.params],
      ['query', r.query],
    ] as const) {
      if (!schema) continue;
      const json = toSchema(schema, 'input', where) as {
        properties?: Record<string, unknown>;
        required?: string[];
      };
      for (const [name, s] of Object.entries(json.properties ?? {})) {
        parameters.push({
          name: where === 'path' ? (rename.get(name) ?? name) : name,
          in: where,
          required: where === 'path' || (json.required ?? []).includes(name),
          schema: s,
        });
      }
    }
    const mutation = r.mutation ?? r.method !== 'get';
    if (mutation) {
      parameters.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description:
          'Makes a retry safe: a repeat returns the stored answer (409 while the first is in flight, 422 with another body)',
        schema: { type: 'string', minLength: 8, maxLength: 128 },
      });
    }
    const status = String(r.status ?? (r.method === 'post' ? 201 : 200));
    const responses: Record<string, unknown> = {
      [status]: r.response
        ? {
            description: 'OK',
            content: { 'application/json': { schema: toSchema(r.response, 'output', 'Response') } },
          }
        : { description: 'OK' },
      ...(r.accepted
        ? {
            202: {
              description: 'Accepted: the change waits for someone (see the description)',
              content: { 'application/json': { schema: toSchema(r.accepted, 'output', 'Accepted') } },
            },
          }
        : {}),
      400: PROBLEM,
    };
    if (r.auth !== 'public') Object.assign(responses, { 401: PROBLEM, 403: PROBLEM });
    for (const e of r.errors ?? []) responses[e] = PROBLEM;
    if (mutation) Object.assign(responses, { 409: PROBLEM, 422: PROBLEM });
    paths[path] ??= {};
    paths[path]![r.method] = {
      operationId,
      summary: r.summary,
      ...(r.description ? { description: r.description } : {}),
      tags: r.tags,
      ...(r.auth === 'public' ? { security: [] } : {}),
      ...(Array.isArray(r.auth) ? { 'x-roles': r.auth } : {}),
      parameters,
      ...(r.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: toSchema(r.body, 'input', 'Body') } },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Shopfloor API',
      version: info.version,
      description:
        'Production data hub: items, BOMs, work orders, operation reports (报工), issue requests (领料), stock ledger, alerts. Errors are application/problem+json.',
    },
    servers: [{ url: info.serverUrl }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        ...components.schemas,
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            errors: {
              type: 'array',
              items: {
                type: 'object',
                properties: { path: { type: 'string' }, message: { type: 'string' } },
              },
            },
          },
        },
      },
    },
    paths,
  };
}
