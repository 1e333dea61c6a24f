import { useMemo } from 'react';
import { useServices } from '../../services/services-context';
import { transfersApi } from '../../services/transfers-api';

/** The transfer routes for this page's signed-in client. */
export function useTransfersApi() {
  const { client } = useServices();
  return useMemo(() => transfersApi(client), [client]);
}
