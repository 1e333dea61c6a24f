import type { Page, WriteOptions } from '@shopfloor/sdk';
import type { WorkCalendar } from '../shared/calendar';
import { client } from './client';
import { path } from './path';

/** 工作中心: parallel `stations` working to `calendar`. */
export interface WorkCenterRow {
  code: string;
  name: string;
  workshop: string;
  stations: number;
  calendar: WorkCalendar;
  active?: boolean;
}

export interface WorkCenterInput {
  code: string;
  name: string;
  workshop: string;
  stations: number;
  calendar: WorkCalendar;
}

export type WorkCenterPatch = Partial<Omit<WorkCenterInput, 'code'>> & { active?: boolean };

// Until the SDK's `client.workCenters` lands (issue 8); then this object becomes `client.workCenters`.
export const workCenters = {
  listPage: (query: { workshop?: string; includeInactive?: boolean; cursor?: string; limit?: number } = {}) =>
    client.request<Page<WorkCenterRow>>({ method: 'GET', path: '/work-centers', query }),
  create: (input: WorkCenterInput, options: WriteOptions = {}) =>
    client.request<WorkCenterRow>({ method: 'POST', path: '/work-centers', body: input, ...options }),
  update: (code: string, patch: WorkCenterPatch) =>
    client.request<WorkCenterRow>({ method: 'PUT', path: path`/work-centers/${code}`, body: patch }),
  remove: (code: string) => client.request<unknown>({ method: 'DELETE', path: path`/work-centers/${code}` }),
};
