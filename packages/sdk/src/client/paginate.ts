import { ResponseValidationError } from '../errors/response-validation-error.js';
import type { Page } from '../schemas/page.js';

/** Every item of every page, fetching the next page only when the caller reaches it. */
export async function* paginate<T, Q extends { cursor?: string }>(
  fetchPage: (query: Q) => Promise<Page<T>>,
  query: Q,
): AsyncGenerator<T, void, undefined> {
  let cursor = query.cursor;
  for (;;) {
    const page = await fetchPage({ ...query, cursor });
    yield* page.items;
    if (page.nextCursor === null) return;
    // A server that hands back the same cursor would keep us here forever.
    if (page.nextCursor === cursor) {
      throw new ResponseValidationError(`the server returned the same cursor twice ('${cursor}')`, {
        errors: [{ path: 'nextCursor', message: 'repeats the cursor of the request' }],
        body: page,
      });
    }
    cursor = page.nextCursor;
  }
}
