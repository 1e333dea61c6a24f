import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { requestHeader } from './request-header.js';

/**
 * The address the request came from: the socket's peer, or behind one reverse proxy
 * (SHOPFLOOR_TRUST_PROXY=on) the last X-Forwarded-For entry, the one that proxy wrote — the
 * entries before it are whatever the client claimed.
 */
export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = requestHeader(c, 'x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // app.request() in a test: no socket
  }
}
