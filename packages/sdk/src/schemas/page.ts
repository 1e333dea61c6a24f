import * as z from 'zod/mini';
import { described, pageQueryFields } from './common.js';

/** A page of a list answer: `{ items, nextCursor }`; `nextCursor` null on the last page. */
export function Page<T extends z.core.SomeType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: described(
      z.nullable(z.string()),
      'Pass as `cursor` to get the next page; null on the last page',
    ),
  });
}
export type Page<T> = { items: T[]; nextCursor: string | null };

export const PageQuery = z.object(pageQueryFields);
export type PageQuery = z.infer<typeof PageQuery>;
