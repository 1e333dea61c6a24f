import { createAdminClient } from '@shopfloor/sdk/admin';
import { getSession } from '../session/session';

/**
 * The one SDK client of the console: the typed client with the office method groups of
 * `@shopfloor/sdk/admin` (warehouses, locations, workshops, workCenters, users). The server that
 * serves the console is the API, so the base is this page's origin; the token is read before every
 * call, so a new sign-in is picked up at once.
 */
export const client = createAdminClient({
  baseUrl: globalThis.location?.origin ?? 'http://127.0.0.1:8080',
  getToken: () => getSession()?.token,
});
