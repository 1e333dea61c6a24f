import type { FieldError } from '../schemas/problem.js';
import { ShopfloorError, type ShopfloorErrorOptions } from './shopfloor-error.js';

/** 400, or input the SDK refused before sending: `errors` names each bad field by its path. */
export class ValidationError extends ShopfloorError {
  override name = 'ValidationError';
  readonly errors: FieldError[];

  constructor(message: string, options: ShopfloorErrorOptions & { errors?: FieldError[] } = {}) {
    super(message, options);
    this.errors = options.errors ?? options.problem?.errors ?? [];
  }
}
