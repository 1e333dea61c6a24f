// `@shopfloor/sdk/admin`: the office side of the API (plant master data, users, the setup
// workbook) for the console, the CLI and integrations. The operators' app imports `@shopfloor/sdk`
// only, so none of this weighs on its bundle.
import { type ClientOptions, createClient } from '../client/create-client.js';
import { analyticsApi } from './analytics.js';
import { plantApi } from './api/plant.js';
import { setupApi } from './api/setup.js';
import { usersApi } from './api/users.js';
import { checkupApi } from './checkup.js';
import { countsAdminApi } from './counts.js';
import { roleRequestsApi } from './role-requests.js';

export * from './analytics.js';
export * from './backups.js';
export * from './calendar.js';
export * from './checkup.js';
export * from './counts.js';
export * from './role-requests.js';
export * from './schemas.js';
export * from './setup-schemas.js';

export type AdminClient = ReturnType<typeof createAdminClient>;

/** The typed client plus the admin method groups: warehouses, locations, workshops, workCenters, users, setup. */
export function createAdminClient(options: ClientOptions) {
  const client = createClient(options);
  return {
    ...client,
    ...plantApi(client.request),
    users: usersApi(client.request),
    roleRequests: roleRequestsApi(client.request),
    setup: setupApi(client.request),
    checkup: checkupApi(client.request),
    counts: countsAdminApi(client.request),
    analytics: analyticsApi(client.request),
  };
}
