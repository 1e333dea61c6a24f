import type { WorkOrder, WorkOrderOperation } from '@shopfloor/sdk';
import { Text, View } from '@tarojs/components';
import { useQuery } from '../../hooks/use-query';
import { t } from '../../i18n/i18n';
import { navigate } from '../../navigate';
import { useServices } from '../../services/services-context';
import { shanghaiDate } from '../../shared/shanghai-time';
import { createWorkOrderCache } from '../report/work-order-cache';
import { Section } from './Section';

interface OpenOperation {
  order: WorkOrder;
  op: WorkOrderOperation;
}

/** An operator's open operations: released or in-progress work orders, in his workshops, not done. */
export function OperationsSection({ workshops }: { workshops: string[] }) {
  const { client, platform } = useServices();
  const query = useQuery(`ops:${workshops.join(',')}`, async () => {
    const scopes = workshops.length > 0 ? workshops : [undefined];
    const pages = await Promise.all(
      scopes.flatMap((workshop) =>
        (['in-progress', 'released'] as const).map((status) =>
          client.workOrders.listPage({ status, workshop, limit: 50 }),
        ),
      ),
    );
    const orders = pages.flatMap((page) => page.items);
    // Kept on the phone: a scan of one of these opens its report offline too.
    void createWorkOrderCache(platform.storage)
      .putAll(orders, new Date())
      .catch(() => undefined);
    return openOperations(orders, workshops);
  });
  const today = shanghaiDate(Date.now());
  return (
    <Section title={t('home.todayOps')} query={query} empty={t('home.todayOpsEmpty')}>
      {(items) =>
        items.map(({ order, op }) => (
          <View
            key={`${order.no}:${op.seq}`}
            className="sf-row"
            onClick={() => navigate('report', { workOrderNo: order.no, seq: op.seq })}
          >
            <View className="sf-row__main">
              <Text className="sf-row__title">
                {op.seq} · {op.name}
              </Text>
              <Text className="sf-row__sub">
                {order.no} · {order.item} ·{' '}
                <Text className={order.due < today ? 'sf-overdue' : undefined}>
                  {t('home.due', { date: order.due })}
                  {order.due < today ? ` · ${t('home.overdue')}` : ''}
                </Text>
              </Text>
              <Progress good={op.goodQty} target={order.qty} />
            </View>
            <Text className={`sf-badge sf-badge--${op.status}`}>{t(`op.status.${op.status}`)}</Text>
          </View>
        ))
      }
    </Section>
  );
}

function Progress({ good, target }: { good: number; target: number }) {
  const percent = Math.min(100, Math.round((good / target) * 100));
  return (
    <View className="sf-progress">
      <View className="sf-progress__bar">
        <View className="sf-progress__fill" style={{ width: `${percent}%` }} />
      </View>
      <Text className="sf-progress__text">{t('home.progress', { good, target })}</Text>
    </View>
  );
}

/** Not-done operations in the given workshops (any workshop when none given), earliest planned first. */
export function openOperations(orders: WorkOrder[], workshops: string[]): OpenOperation[] {
  const seen = new Set<string>();
  const open: OpenOperation[] = [];
  for (const order of orders) {
    if (seen.has(order.no)) continue;
    seen.add(order.no);
    for (const op of order.operations) {
      if (op.status === 'done') continue;
      if (workshops.length > 0 && !workshops.includes(op.workshop)) continue;
      open.push({ order, op });
    }
  }
  const key = ({ order, op }: OpenOperation) => op.plannedStart ?? `${order.due}T99`;
  return open.sort((a, b) => key(a).localeCompare(key(b)) || a.op.seq - b.op.seq);
}
