import type * as z from 'zod/mini';
import type { FieldError } from './problem.js';

/** zod issues as the `{ path, message }` pairs problem+json uses (`lines.0.qty`). */
export function fieldErrors(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  return issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}
