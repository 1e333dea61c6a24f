import { ShopfloorError } from './shopfloor-error.js';

/** 404: the resource does not exist (or is outside the user's organisation). */
export class NotFoundError extends ShopfloorError {
  override name = 'NotFoundError';
}
