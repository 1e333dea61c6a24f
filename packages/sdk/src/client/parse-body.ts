import * as z from 'zod/mini';
import { ResponseValidationError } from '../errors/response-validation-error.js';
import { fieldErrors } from '../schemas/field-errors.js';
import { issueMessage } from '../schemas/issue-message.js';
import type { TransportResponse } from './transport.js';

/** The JSON body of a 2xx answer, checked against `schema` when one is given. */
export function parseBody<T>(
  response: TransportResponse,
  schema: z.core.$ZodType<T> | undefined,
  what: string,
): T {
  let body: unknown;
  try {
    body = response.body === '' ? undefined : JSON.parse(response.body);
  } catch (cause) {
    throw new ResponseValidationError(`${what}: the answer is not JSON`, {
      status: response.status,
      errors: [],
      body: response.body,
      cause,
    });
  }
  if (schema === undefined) return body as T;
  const parsed = z.safeParse(schema, body, { error: issueMessage });
  if (parsed.success) return parsed.data;
  const errors = fieldErrors(parsed.error.issues);
  const first = errors[0];
  throw new ResponseValidationError(
    `${what}: the answer does not match the SDK's schema (${first ? `${first.path || '(root)'}: ${first.message}` : 'invalid'}); are the SDK and server versions compatible?`,
    { status: response.status, errors, body },
  );
}
