import type { Page, WriteOptions } from '@shopfloor/sdk';
import { client } from './client';
import { path } from './path';
import type { LocationKind, LocationRow } from './warehouses';

export interface LocationInput {
  warehouse: string;
  code: string;
  name?: string;
  kind: LocationKind;
}

export interface LocationPatch {
  name?: string;
  kind?: LocationKind;
  active?: boolean;
}

// Until the SDK's `client.locations` lands (issue 8); then this object becomes `client.locations`.
export const locations = {
  listPage: (
    query: { warehouse?: string; includeInactive?: boolean; cursor?: string; limit?: number } = {},
  ) => client.request<Page<LocationRow>>({ method: 'GET', path: '/locations', query }),
  create: (input: LocationInput, options: WriteOptions = {}) =>
    client.request<LocationRow>({ method: 'POST', path: '/locations', body: input, ...options }),
  update: (code: string, patch: LocationPatch) =>
    client.request<LocationRow>({ method: 'PUT', path: path`/locations/${code}`, body: patch }),
  remove: (code: string) => client.request<unknown>({ method: 'DELETE', path: path`/locations/${code}` }),
};
