import * as z from 'zod/mini';
import { ValidationError } from '../errors/validation-error.js';
import { fieldErrors } from './field-errors.js';
import { issueMessage } from './issue-message.js';

/**
 * Parses `value` with `schema`, or throws a ValidationError naming every bad field
 * (`lines.0.qty: value must be > 0`). Used on request bodies before they are sent.
 */
export function validate<T>(schema: z.core.$ZodType<T>, value: unknown, what = 'input'): T {
  const parsed = z.safeParse(schema, value, { error: issueMessage });
  if (parsed.success) return parsed.data;
  const errors = fieldErrors(parsed.error.issues);
  const summary = errors.map((error) => `${error.path || '(root)'}: ${error.message}`).join('; ');
  throw new ValidationError(`${what}: ${summary}`, { errors });
}
