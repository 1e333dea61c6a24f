import { ShopfloorError } from './shopfloor-error.js';

/** 401: no token, or the token expired: sign in again. */
export class AuthError extends ShopfloorError {
  override name = 'AuthError';
}
