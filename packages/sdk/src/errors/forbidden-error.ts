import { ShopfloorError } from './shopfloor-error.js';

/** 403: the user's role or workshop/warehouse scope does not allow this. */
export class ForbiddenError extends ShopfloorError {
  override name = 'ForbiddenError';
}
