import type { WorkOrder } from '@shopfloor/sdk';
import { Text, View } from '@tarojs/components';
import { t } from '../i18n/i18n';

/** The statuses in which the server refuses reports (docs/work-orders.md): 暂停 / 已取消 / 已关闭. */
export type StoppedStatus = 'on-hold' | 'cancelled' | 'closed';
const STOPPED: readonly string[] = ['on-hold', 'cancelled', 'closed'];

export function stoppedStatus(order: Pick<WorkOrder, 'status'> | undefined): StoppedStatus | undefined {
  return order && STOPPED.includes(order.status) ? (order.status as StoppedStatus) : undefined;
}

/** A big badge for lists: 暂停 in amber, 已取消 / 已关闭 in red. */
export function StoppedBadge({ status }: { status: StoppedStatus }) {
  return (
    <Text className={`sf-badge sf-badge--stopped sf-badge--${status === 'on-hold' ? 'warning' : 'critical'}`}>
      {t(`wo.stopped.${status}`)}
    </Text>
  );
}

/** The banner the report page and the board show instead of the form: what happened and why. */
export function StoppedBanner({ status, reason }: { status: StoppedStatus; reason?: string }) {
  return (
    <View
      id="report-stopped"
      className={`sf-notice sf-stopped sf-stopped--${status === 'on-hold' ? 'warning' : 'critical'}`}
    >
      <Text className="sf-stopped__title">{t(`wo.stopped.${status}`)}</Text>
      <Text>{t(`wo.stoppedNote.${status}`)}</Text>
      {reason ? <Text className="sf-stopped__reason">{t('wo.stoppedReason', { reason })}</Text> : null}
    </View>
  );
}
