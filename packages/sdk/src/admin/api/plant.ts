import * as z from 'zod/mini';
import { listMethods, type WriteOptions } from '../../client/api/shared.js';
import type { Request } from '../../client/request.js';

import { validate } from '../../schemas/validate.js';
import {
  type ActiveQuery,
  LocationInput,
  LocationUpdate,
  LocationView,
  WarehouseInput,
  WarehouseUpdate,
  WarehouseWithLocations,
  WorkCenterInput,
  WorkCenterUpdate,
  WorkCenterView,
  WorkshopInput,
  WorkshopUpdate,
  WorkshopView,
} from '../schemas.js';

/** The four master-data collections share one shape: list, get, create, update, remove. */
function masterData<V, I, U, Q extends ActiveQuery>(
  request: Request,
  base: string,
  view: z.core.$ZodType<V>,
  input: z.core.$ZodType<I>,
  update: z.core.$ZodType<U>,
  what: string,
) {
  return {
    ...listMethods<V, Q>(request, base, view),
    get: async (code: string) =>
      request({ method: 'GET', path: `${base}/${encodeURIComponent(code)}`, schema: view }),
    create: async (body: I, options: WriteOptions = {}) =>
      request({
        method: 'POST',
        path: base,
        body: validate(input, body, what),
        idempotencyKey: options.idempotencyKey,
        schema: view,
      }),
    /** Changes the fields given; `active: false` deactivates (停用), `true` brings it back. */
    update: async (code: string, body: U) =>
      request({
        method: 'PUT',
        path: `${base}/${encodeURIComponent(code)}`,
        body: validate(update, body, what),
        schema: view,
      }),
    /** Deletes a record nothing refers to yet; a referenced one answers 409 `in-use`: deactivate it. */
    remove: async (code: string) =>
      request({
        method: 'DELETE',
        path: `${base}/${encodeURIComponent(code)}`,
        schema: z.object({ deleted: z.literal(true) }),
      }),
  };
}

export function plantApi(request: Request) {
  return {
    warehouses: masterData<WarehouseWithLocations, WarehouseInput, WarehouseUpdate, ActiveQuery>(
      request,
      '/warehouses',
      WarehouseWithLocations,
      WarehouseInput,
      WarehouseUpdate,
      'warehouse',
    ),
    locations: masterData<LocationView, LocationInput, LocationUpdate, ActiveQuery & { warehouse?: string }>(
      request,
      '/locations',
      LocationView,
      LocationInput,
      LocationUpdate,
      'location',
    ),
    workshops: masterData<WorkshopView, WorkshopInput, WorkshopUpdate, ActiveQuery>(
      request,
      '/workshops',
      WorkshopView,
      WorkshopInput,
      WorkshopUpdate,
      'workshop',
    ),
    workCenters: masterData<
      WorkCenterView,
      WorkCenterInput,
      WorkCenterUpdate,
      ActiveQuery & { workshop?: string }
    >(request, '/work-centers', WorkCenterView, WorkCenterInput, WorkCenterUpdate, 'work center'),
  };
}
