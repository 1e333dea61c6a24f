import { Button, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { StoppedBadge, stoppedStatus } from '../../components/WorkOrderStopped';
import { useQuery } from '../../hooks/use-query';
import { t } from '../../i18n/i18n';
import { navigate } from '../../navigate';
import { useServices } from '../../services/services-context';
import { shanghaiDate } from '../../shared/shanghai-time';
import { createWorkOrderCache } from '../report/work-order-cache';
import { materialNote } from './material';
import { openOperations } from './operations';
import { Section } from './Section';

/** An operator's open operations: released or in-progress work orders, in his workshops, not done. */
export function OperationsSection({ workshops }: { workshops: string[] }) {
  const { client, platform } = useServices();
  const query = useQuery(`ops:${workshops.join(',')}`, async () => {
    const scopes = workshops.length > 0 ? workshops : [undefined];
    const cache = createWorkOrderCache(platform.storage);
    const scope = workshops.join(',');
    // The phone keeps these orders whole so a scan opens its report offline; every 10 minutes is
    // enough for that, and in between the server sends only the operations this list shows.
    const whole = await cache.homeCopyDue(Date.now(), scope).catch(() => true);
    const pages = await Promise.all(
      scopes.flatMap((workshop) =>
        whole
          ? // On hold too: the operator sees 暂停 on the operations he would otherwise look for.
            (['in-progress', 'released', 'on-hold'] as const).map((status) =>
              client.workOrders.listPage({ status, workshop, limit: 50 }),
            )
          : // The same three pages, trimmed by the server to the first operations this list shows.
            [client.workOrders.listPage({ workshop, limit: 50, view: 'home' })],
      ),
    );
    const orders = pages.flatMap((page) => page.items);
    if (whole) void cache.putAll(orders, new Date(), scope).catch(() => undefined);
    // The server's home view keeps the first 30 of each workshop: the whole copy shows no more.
    return openOperations(orders, workshops, Date.now()).slice(0, HOME_LIST);
  });
  const today = shanghaiDate(Date.now());
  const [shown, setShown] = useState(PAGE_SIZE);
  return (
    <Section title={t('home.todayOps')} query={query} empty={t('home.todayOpsEmpty')}>
      {(items) => (
        <>
          {items.slice(0, shown).map(({ order, op }) => {
            const material = stoppedStatus(order) ? undefined : materialNote(op);
            return (
              <View
                key={`${order.no}:${op.seq}`}
                id={`home-op-${order.no}-${op.seq}`}
                className={`sf-row${material ? ' sf-row--waiting' : ''}`}
                onClick={() => navigate('report', { workOrderNo: order.no, seq: op.seq })}
              >
                <View className="sf-row__main">
                  <Text className="sf-row__title">
                    {op.seq} · {op.name}
                  </Text>
                  <Text className="sf-row__sub">
                    {order.no} · {order.itemName ?? order.item} ·{' '}
                    <Text className={order.due < today ? 'sf-overdue' : undefined}>
                      {t('home.due', { date: order.due })}
                      {order.due < today ? ` · ${t('home.overdue')}` : ''}
                    </Text>
                  </Text>
                  {material?.missing ? <Text className="sf-row__missing">{material.missing}</Text> : null}
                  <Progress good={op.goodQty} target={order.qty} />
                </View>
                {stoppedStatus(order) ? (
                  <StoppedBadge status={stoppedStatus(order)!} />
                ) : material ? (
                  <Text className="sf-badge sf-badge--material">{material.badge}</Text>
                ) : (
                  <Text className={`sf-badge sf-badge--${op.status}`}>{t(`op.status.${op.status}`)}</Text>
                )}
              </View>
            );
          })}
          {items.length > shown ? (
            <Button id="home-ops-more" className="sf-button" onClick={() => setShown(shown + PAGE_SIZE)}>
              {t('home.moreOps', {
                n: Math.min(PAGE_SIZE, items.length - shown),
                left: items.length - shown,
              })}
            </Button>
          ) : null}
        </>
      )}
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

const PAGE_SIZE = 10;
/** The operations the list holds at most (3 taps of 10 more): the server's HOME_OPERATIONS. */
const HOME_LIST = 30;
