import { NetworkError, ServiceDegradedError, ShopfloorError, TimeoutError, WorkOrder } from '@shopfloor/sdk';
import { useMemo } from 'react';
import { useQuery } from '../../hooks/use-query';
import { useServices } from '../../services/services-context';
import { createWorkOrderCache } from './work-order-cache';

export interface LoadedWorkOrder {
  /** Undefined when offline and the phone never saw this work order: the report goes blind. */
  order?: WorkOrder;
  itemName?: string;
  /** Set when the server could not be reached and this is the phone's copy from that time. */
  offlineSince?: string;
}

/**
 * The work order from the server, or the phone's last copy of it when the network is down, or
 * nothing when it is down and the phone never saw the work order.
 */
export function useWorkOrder(no: string) {
  const { client, platform } = useServices();
  const cache = useMemo(() => createWorkOrderCache(platform.storage), [platform]);
  return useQuery<LoadedWorkOrder>(`report-wo:${no}`, async () => {
    try {
      // One attempt: with no answer, the phone's copy is better than a minute of retries.
      const order = await client.request({
        method: 'GET',
        path: `/work-orders/${encodeURIComponent(no)}`,
        schema: WorkOrder,
        retry: false,
      });
      const item = await client.items.get(order.item).catch(() => undefined);
      // A full or blocked storage only costs the offline copy.
      await cache.put(order, item, new Date()).catch(() => undefined);
      return { order, itemName: item?.name };
    } catch (error) {
      if (!serverUnreachable(error)) throw error;
      const cached = await cache.get(no).catch(() => undefined);
      if (cached) return { order: cached.order, itemName: cached.itemName, offlineSince: cached.fetchedAt };
      // Reporting must not wait for the network: the server checks the numbers when it arrives.
      return {};
    }
  });
}

/** No answer worth showing: no network, a timeout, or a server (or the proxy before it) failing. */
function serverUnreachable(error: unknown): boolean {
  return (
    error instanceof NetworkError ||
    error instanceof TimeoutError ||
    error instanceof ServiceDegradedError ||
    (error instanceof ShopfloorError && (error.status ?? 0) >= 500)
  );
}
