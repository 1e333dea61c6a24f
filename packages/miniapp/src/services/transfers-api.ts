import {
  Page,
  randomUuid,
  type ShopfloorClient,
  Transfer,
  type TransferInput,
  type TransferQuery,
} from '@shopfloor/sdk';

export type TransferDecision = 'approve' | 'reject';

/**
 * 调拨 routes through the SDK's typed `client.request` (the SDK core has the schemas, not a client:
 * docs/api/transfers.md "Not yet"). The create key is the caller's, so a retried tap moves nothing twice.
 */
export function transfersApi(client: ShopfloorClient) {
  return {
    listPage: (query: TransferQuery) =>
      client.request({ method: 'GET', path: '/transfers', query, schema: Page(Transfer) }),
    create: (input: TransferInput, idempotencyKey: string) =>
      client.request({ method: 'POST', path: '/transfers', body: input, idempotencyKey, schema: Transfer }),
    decide: (id: string, decision: TransferDecision, comment?: string) =>
      client.request({
        method: 'POST',
        path: `/transfers/${encodeURIComponent(id)}/${decision}`,
        body: comment ? { comment } : {},
        idempotencyKey: randomUuid(),
        schema: Transfer,
      }),
  };
}

export type TransfersApi = ReturnType<typeof transfersApi>;
