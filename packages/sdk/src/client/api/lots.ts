import { Lot, LotTrace, type TraceDirection } from '../../schemas/lot.js';
import type { Request } from '../request.js';
import { path } from '../url.js';

export function lotsApi(request: Request) {
  return {
    /** One lot (批次): its item, the quantity produced or received into it and its origin. */
    get: async (code: string) => request({ method: 'GET', path: path`/lots/${code}`, schema: Lot }),
    /** Lot genealogy: what went into the lot (backward) or where it went (forward). */
    trace: async (code: string, query: { direction: TraceDirection }) =>
      request({ method: 'GET', path: path`/lots/${code}/trace`, query, schema: LotTrace }),
  };
}
