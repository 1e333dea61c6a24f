import type { FieldError } from '../schemas/problem.js';
import { ShopfloorError, type ShopfloorErrorOptions } from './shopfloor-error.js';

/**
 * The server answered with a success status but a body that does not match the schema: the SDK and
 * the server disagree on the contract (usually different versions). Not retryable.
 */
export class ResponseValidationError extends ShopfloorError {
  override name = 'ResponseValidationError';
  /** Where the body differs from the schema. */
  readonly errors: FieldError[];
  /** The body as received, for logs. */
  readonly body: unknown;

  constructor(message: string, options: ShopfloorErrorOptions & { errors: FieldError[]; body: unknown }) {
    super(message, options);
    this.errors = options.errors;
    this.body = options.body;
  }
}
