import { WorkOrder } from '@shopfloor/sdk';
import { client } from './client';
import { path } from './path';

export type LifecycleAction = 'hold' | 'resume' | 'cancel' | 'close' | 'closeShort';

// POST /work-orders/{no}/hold|resume|cancel|close (docs/work-orders.md) have no SDK method (the SDK
// core is at its size budget): through client.request, checked against the SDK's WorkOrder schema.
export function workOrderLifecycle(no: string, action: LifecycleAction, reason: string | undefined) {
  const route = action === 'closeShort' ? 'close' : action;
  const body =
    action === 'resume'
      ? undefined
      : action === 'closeShort'
        ? { short: true, reason }
        : reason
          ? { reason }
          : {};
  return client.request({
    method: 'POST',
    path: path`/work-orders/${no}/${route}`,
    ...(body ? { body } : {}),
    schema: WorkOrder,
    idempotencyKey: crypto.randomUUID(),
  });
}
