import { createClient } from '@shopfloor/sdk';
import { getSession } from '../session/session';

/**
 * The one SDK client of the console. The server that serves the console is the API, so the base is
 * this page's origin; the token is read before every call, so a new sign-in is picked up at once.
 */
export const client = createClient({
  baseUrl: globalThis.location?.origin ?? 'http://127.0.0.1:8080',
  getToken: () => getSession()?.token,
});
