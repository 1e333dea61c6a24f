import { useMemo } from 'react';
import { countsApi } from '../../services/counts-api';
import { useServices } from '../../services/services-context';

/** The count routes for this page's signed-in client. */
export function useCountsApi() {
  const { client } = useServices();
  return useMemo(() => countsApi(client), [client]);
}
