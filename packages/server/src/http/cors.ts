import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';

/**
 * Cross-origin API calls from a browser: off unless SHOPFLOOR_CORS_ORIGINS lists the origins (an ERP
 * page, a dashboard on another host). The app and the console are served from this origin and
 * need none. Bearer tokens, not cookies: no credentials mode.
 */
export function apiCors(origins: readonly string[]): MiddlewareHandler {
  if (origins.length === 0) return async (_c, next) => next();
  const allowed = new Set(origins);
  return cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'PUT', 'DELETE'],
    allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'Accept-Language'],
    exposeHeaders: ['Retry-After', 'Idempotency-Replayed'],
    maxAge: 600,
  });
}
