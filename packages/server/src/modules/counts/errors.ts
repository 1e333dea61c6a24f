import { conflict, forbidden, notFound } from '../../http/problem.js';
import type { CountRow } from './tables.js';

export const countNotFound = (id: string) =>
  notFound(`no cycle count ${id}`, 'count-not-found', { count: id });

export const warehouseOutOfScope = (warehouse: string) =>
  forbidden(`you do not keep warehouse ${warehouse}`, { warehouse }, 'warehouse-out-of-scope');

export const countNotOpen = (row: CountRow) =>
  conflict('count-not-open', `cycle count ${row.id} is ${row.status}; only open counts can be counted`, {
    count: row.id,
    status: row.status,
  });

export const countNotPending = (row: CountRow, verb: string) =>
  conflict(
    'count-not-pending',
    `cycle count ${row.id} is ${row.status}; only counts waiting for approval can be ${verb}`,
    { count: row.id, status: row.status },
  );
