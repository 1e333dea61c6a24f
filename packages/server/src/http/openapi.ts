import { z } from 'zod';
import type { AnyRoute } from './route.js';

const PROBLEM = {
  description: 'Problem details',
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
};

const toSchema = (schema: z.core.$ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any', reused: 'inline' });

/** OpenAPI 3.1 built from the very zod schemas that validate the requests: one source of truth. */
export function buildOpenApi(routes: readonly AnyRoute[], info: { version: string; serverUrl: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const parameters: unknown[] = [];
    for (const [where, schema] of [
      ['path', r.params],
      ['query', r.query],
    ] as const) {
      if (!schema) continue;
      const json = toSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, s] of Object.entries(json.properties ?? {})) {
        parameters.push({
          name,
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
        ? { description: 'OK', content: { 'application/json': { schema: toSchema(r.response, 'output') } } }
        : { description: 'OK' },
      ...(r.accepted
        ? {
            202: {
              description: 'Accepted: the change waits for someone (see the description)',
              content: { 'application/json': { schema: toSchema(r.accepted, 'output') } },
            },
          }
        : {}),
      400: PROBLEM,
    };
    if (r.auth !== 'public') Object.assign(responses, { 401: PROBLEM, 403: PROBLEM });
    for (const e of r.errors ?? []) responses[e] = PROBLEM;
    if (mutation) Object.assign(responses, { 409: PROBLEM, 422: PROBLEM });
    paths[r.path] ??= {};
    paths[r.path]![r.method] = {
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
              content: { 'application/json': { schema: toSchema(r.body, 'input') } },
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
