import type { CycleCount, CycleCountStatus } from '@shopfloor/sdk';
import { useQuery } from '../../hooks/use-query';
import { useSession } from '../../services/services-context';
import { mayDecide, warehousesOf } from './count-model';
import { useCountsApi } from './use-counts-api';

/**
 * Tasks of one status across the user's warehouses (`?status=…&warehouse=…` per warehouse), oldest
 * first; read again whenever the page is shown (back from a count or a decision).
 */
export function useCountList(status: CycleCountStatus) {
  const api = useCountsApi();
  const user = useSession()?.user;
  const warehouses = warehousesOf(user);
  return useQuery(`counts:${status}:${warehouses.join(',')}`, async () => {
    const pages = await Promise.all(
      warehouses.map((warehouse) => api.listPage({ status, warehouse, limit: 100 })),
    );
    return pages.flatMap((page) => page.items).sort(byCreated);
  });
}

/** Variances waiting for this user: pending ones he may decide (never his own count). */
export function useCountApprovals() {
  const user = useSession()?.user;
  const query = useCountList('pending-approval');
  return { ...query, data: query.data?.filter((task) => mayDecide(user, task)) };
}

const byCreated = (a: CycleCount, b: CycleCount) =>
  a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
