import type { Page, Transfer, TransferInput, TransferQuery } from '@shopfloor/sdk';
import { client } from '../../api/client';

/** The transfer calls the core SDK has no typed client for (its bundle budget is spent). */
export const transfersApi = {
  list: (query: TransferQuery) =>
    client.request<Page<Transfer>>({ method: 'GET', path: '/transfers', query }),
  create: (input: TransferInput, idempotencyKey: string) =>
    client.request<Transfer>({ method: 'POST', path: '/transfers', body: input, idempotencyKey }),
  decide: (id: string, verb: 'approve' | 'reject', comment: string | undefined, idempotencyKey: string) =>
    client.request<Transfer>({
      method: 'POST',
      path: `/transfers/${encodeURIComponent(id)}/${verb}`,
      body: comment ? { comment } : {},
      idempotencyKey,
    }),
};
