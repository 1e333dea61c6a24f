import type * as z from 'zod/mini';
import type { FieldError } from './problem.js';

type IssueLike = { code?: string; path: readonly PropertyKey[]; message: string } & Record<string, unknown>;

/**
 * zod issues as the `{ path, message, code, params }` entries problem+json uses (`lines.0.qty`):
 * `code` and `params` let an app word each check in its reader's language.
 */
export function fieldErrors(
  issues: readonly (z.core.$ZodIssue | IssueLike)[],
  prefix?: string,
): FieldError[] {
  return issues.map((issue) => {
    const i = issue as IssueLike;
    const params = checkParams(i);
    return {
      path: [...(prefix ? [prefix] : []), ...i.path.map(String)].join('.'),
      message: i.message,
      ...(i.code ? { code: i.code } : {}),
      ...(params ? { params } : {}),
    };
  });
}

/** The bounds, type, format or choices a check wanted, as plain values. */
function checkParams(i: IssueLike): Record<string, string | number> | undefined {
  const out: Record<string, string | number> = {};
  for (const key of ['origin', 'expected', 'format'] as const) {
    if (typeof i[key] === 'string') out[key] = i[key] as string;
  }
  for (const key of ['minimum', 'maximum'] as const) {
    const v = i[key];
    if (typeof v === 'number' || typeof v === 'bigint') out[key] = Number(v);
  }
  if (i.inclusive === false) out.exclusive = 1;
  if (Array.isArray(i.values)) out.values = i.values.map(String).join(', ');
  return Object.keys(out).length > 0 ? out : undefined;
}
