import { validate } from '../../schemas/validate.js';
import {
  WorkOrder,
  WorkOrderInput,
  WorkOrderMaterials,
  WorkOrderPage,
  type WorkOrderQuery,
} from '../../schemas/work-order.js';
import type { Request } from '../request.js';
import { path } from '../url.js';
import { listMethods, type WriteOptions } from './shared.js';

export function workOrdersApi(request: Request, apiBase: string) {
  return {
    ...listMethods<WorkOrder, WorkOrderQuery>(request, '/work-orders', WorkOrder),
    /** The board (看板): the orders on the floor now, most urgent first, with how many are not shown. */
    board: async (query: Omit<WorkOrderQuery, 'view' | 'status' | 'dueBefore'> = {}) =>
      request({
        method: 'GET',
        path: '/work-orders',
        query: { ...query, view: 'board' },
        schema: WorkOrderPage,
      }),
    get: async (no: string) => request({ method: 'GET', path: path`/work-orders/${no}`, schema: WorkOrder }),
    create: async (input: WorkOrderInput, options: WriteOptions = {}) =>
      request({
        method: 'POST',
        path: '/work-orders',
        body: validate(WorkOrderInput, input, 'work order'),
        idempotencyKey: options.idempotencyKey,
        schema: WorkOrder,
      }),
    /** Draft → released: operations become reportable and labels printable. */
    release: async (no: string, options: WriteOptions = {}) =>
      request({
        method: 'POST',
        path: path`/work-orders/${no}/release`,
        idempotencyKey: options.idempotencyKey,
        schema: WorkOrder,
      }),
    /** What the work order needs by its BOM, what was issued to it and the stock per warehouse. */
    materials: async (no: string) =>
      request({ method: 'GET', path: path`/work-orders/${no}/materials`, schema: WorkOrderMaterials }),
    /** URL of the printable QR labels (one per operation) to open in a browser or print dialog. */
    labelsUrl: (no: string) => apiBase + path`/work-orders/${no}/labels`,
  };
}
