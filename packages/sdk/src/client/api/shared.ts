import type * as z from 'zod/mini';
import { Page } from '../../schemas/page.js';
import { paginate } from '../paginate.js';
import type { Request } from '../request.js';
import type { Query } from '../url.js';

/** Options of every state-changing call. */
export interface WriteOptions {
  /** Sent as `Idempotency-Key`: a repeat with the same key is applied once, and may be retried safely. */
  idempotencyKey?: string;
}

/** `list` (every item, page after page, as an async iterable) and `listPage` (one page) of a collection. */
export function listMethods<T, Q extends Query & { cursor?: string }>(
  request: Request,
  path: string,
  item: z.core.$ZodType<T>,
) {
  const pageSchema: z.core.$ZodType<Page<T>> = Page(item);
  const listPage = (query: Q = {} as Q): Promise<Page<T>> =>
    request({ method: 'GET', path, query, schema: pageSchema });
  const list = (query: Q = {} as Q): AsyncIterable<T> => paginate(listPage, query);
  return { list, listPage };
}
