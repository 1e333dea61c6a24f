import type { Page, WriteOptions } from '@shopfloor/sdk';
import { client } from './client';
import { path } from './path';

/** 车间. `supervisor` is a user id. */
export interface WorkshopRow {
  code: string;
  name: string;
  supervisor?: string | null;
  active?: boolean;
}

export interface WorkshopInput {
  code: string;
  name: string;
  supervisor?: string;
}

export interface WorkshopPatch {
  name?: string;
  supervisor?: string | null;
  active?: boolean;
}

// Until the SDK's `client.workshops` lands (issue 8); then this object becomes `client.workshops`.
export const workshops = {
  listPage: (query: { includeInactive?: boolean } = {}) =>
    client.request<Page<WorkshopRow>>({ method: 'GET', path: '/workshops', query }),
  create: (input: WorkshopInput, options: WriteOptions = {}) =>
    client.request<WorkshopRow>({ method: 'POST', path: '/workshops', body: input, ...options }),
  update: (code: string, patch: WorkshopPatch) =>
    client.request<WorkshopRow>({ method: 'PUT', path: path`/workshops/${code}`, body: patch }),
  remove: (code: string) => client.request<unknown>({ method: 'DELETE', path: path`/workshops/${code}` }),
};
