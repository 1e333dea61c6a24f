import type { Context, MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';

/** Who made each request in flight, once authentication knows it (the request log names them). */
const callers = new WeakMap<Request, string>();

export function noteCaller(c: Context, userId: string): void {
  callers.set(c.req.raw, userId);
}

/**
 * One info line per request: method, path (no query string: it may carry a page URL or a code),
 * status, milliseconds and the user id when the request was signed in. Never a header, a token or
 * a body. Costs nothing when the level is above info (tests run silent).
 */
export function requestLog(logger: Logger): MiddlewareHandler {
  return async (c, next) => {
    if (!logger.isLevelEnabled('info')) return next();
    const started = performance.now();
    try {
      await next();
    } finally {
      const userId = callers.get(c.req.raw);
      logger.info(
        {
          method: c.req.method,
          path: c.req.path,
          status: c.res.status,
          ms: Math.round((performance.now() - started) * 10) / 10,
          ...(userId ? { userId } : {}),
        },
        'request',
      );
    }
  };
}
