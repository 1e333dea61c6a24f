import { Alert, type AlertQuery } from '../../schemas/alert.js';
import type { Request } from '../request.js';
import { path } from '../url.js';
import { listMethods, type WriteOptions } from './shared.js';

export function alertsApi(request: Request) {
  return {
    ...listMethods<Alert, AlertQuery>(request, '/alerts', Alert),
    /** Marks the alert as seen by the current user; it stays until its cause is resolved. */
    acknowledge: async (id: string, options: WriteOptions = {}) =>
      request({
        method: 'POST',
        path: path`/alerts/${id}/acknowledge`,
        idempotencyKey: options.idempotencyKey,
        schema: Alert,
      }),
  };
}
