import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';

/** What web Headers strip from the ends of a value: HTTP whitespace, not every Unicode space. */
const HTTP_WHITESPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;

/**
 * A request header as `c.req.header(name)` answers it (repeated fields joined with ", "), read
 * from the Node request's raw header list when there is one: under @hono/node-server the first
 * `c.req.header()` builds a web Headers object of every header, which costs more than the
 * handful of lookups a request makes.
 */
export function requestHeader(c: Context, name: string): string | undefined {
  const raw = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.rawHeaders;
  if (!Array.isArray(raw)) return c.req.header(name);
  const wanted = name.toLowerCase();
  let value: string | undefined;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const field = raw[i]!;
    if (field.length === wanted.length && field.toLowerCase() === wanted) {
      const v = raw[i + 1]!.replace(HTTP_WHITESPACE, '');
      value = value === undefined ? v : `${value}, ${v}`;
    }
  }
  return value;
}
