import type { Page, WriteOptions } from '@shopfloor/sdk';
import { client } from './client';
import { path } from './path';

export const LOCATION_KINDS = ['raw-material', 'wip', 'finished-goods', 'quarantine'] as const;
export type LocationKind = (typeof LOCATION_KINDS)[number];

/** 库位. `kind` and `active` are absent from servers older than the master-data routes. */
export interface LocationRow {
  warehouse: string;
  code: string;
  name?: string;
  kind?: LocationKind;
  active?: boolean;
}

/** 仓库 with its locations. */
export interface WarehouseRow {
  code: string;
  name: string;
  active?: boolean;
  locations: LocationRow[];
}

export interface WarehouseInput {
  code: string;
  name: string;
}

export interface WarehousePatch {
  name?: string;
  active?: boolean;
}

// The master-data routes of issue 8 through client.request until the SDK's `client.warehouses`
// lands; then this object becomes `client.warehouses`.
export const warehouses = {
  listPage: (query: { includeInactive?: boolean } = {}) =>
    client.request<Page<WarehouseRow>>({ method: 'GET', path: '/warehouses', query }),
  create: (input: WarehouseInput, options: WriteOptions = {}) =>
    client.request<WarehouseRow>({ method: 'POST', path: '/warehouses', body: input, ...options }),
  update: (code: string, patch: WarehousePatch) =>
    client.request<WarehouseRow>({ method: 'PUT', path: path`/warehouses/${code}`, body: patch }),
  remove: (code: string) => client.request<unknown>({ method: 'DELETE', path: path`/warehouses/${code}` }),
};
