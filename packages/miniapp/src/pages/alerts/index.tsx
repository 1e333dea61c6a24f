import { type Alert, type AlertKind, type AlertStatus, type Item, randomUuid } from '@shopfloor/sdk';
import { Button, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../components/error-message';
import { useItems } from '../../components/ItemInfo';
import { LoadError, Screen } from '../../components/Screen';
import { alertText } from '../../i18n/alerts';
import { t, useLocale } from '../../i18n/i18n';
import { navigate } from '../../navigate';
import { useServices, useSession } from '../../services/services-context';
import { shanghaiDate, shanghaiDateTime } from '../../shared/shanghai-time';
import { routeParam } from '../board/route-param';
import { scrollToId } from '../board/scroll';
import {
  alertHeading,
  parseOperationSubject,
  replenishmentAdvice,
  type StockLevel,
  stockPercent,
} from './alert-logic';
import { useAlertList } from './use-alert-list';
import { useStockLevels } from './use-stock-levels';
import './alerts.css';
import { uomLabel } from '../../i18n/uom';

const STATUSES: AlertStatus[] = ['open', 'acknowledged', 'resolved'];
const KINDS: AlertKind[] = ['safety-stock', 'overdue-operation', 'sync-failure'];

/** 库存预警: open alerts first, each with what to do about it and a big 确认 button. */
export default function AlertsPage() {
  return (
    <Screen>
      <Alerts />
    </Screen>
  );
}

function Alerts() {
  // <Screen> re-renders on a language switch, but hands over the same element: subscribe here too.
  useLocale();
  const { client } = useServices();
  const params = useRouter().params;
  const target = routeParam(params, 'id');
  const [status, setStatus] = useState<AlertStatus>('open');
  const [kind, setKind] = useState<AlertKind | undefined>();
  // With ?id=, the tabs are searched in order until the alert turns up.
  const [finding, setFinding] = useState(target);
  const [notFound, setNotFound] = useState(false);
  const [generation, setGeneration] = useState(0);
  const list = useAlertList(client, status, kind, finding);

  useEffect(() => {
    if (!finding || !list.loaded || list.loading || list.error) return;
    if (list.items.some((a) => a.id === finding)) {
      setFinding(undefined);
      scrollToId(`alert-${finding}`);
      return;
    }
    const next = STATUSES[STATUSES.indexOf(status) + 1];
    if (next && !kind) setStatus(next);
    else {
      setFinding(undefined);
      setNotFound(true);
    }
  }, [finding, list.loaded, list.loading, list.error, list.items, status, kind]);

  const stockItems = list.items.filter((a) => a.kind === 'safety-stock').map((a) => a.subject.id);
  const items = useItems(client, stockItems);
  const levels = useStockLevels(client, stockItems, generation);
  const today = shanghaiDate(new Date());

  const pick = (next: AlertStatus) => {
    setFinding(undefined);
    setStatus(next);
  };
  const reload = () => {
    list.reload();
    setGeneration((n) => n + 1);
  };
  return (
    <View className="sf-alerts">
      <View className="sf-alerts-head">
        <Text className="sf-alerts-head__title">{t('alerts.title')}</Text>
        {list.loaded && !list.error ? (
          <Text id="alerts-count" className="sf-section__count">
            {list.items.length}
            {list.more ? '+' : ''}
          </Text>
        ) : null}
      </View>

      <View className="sf-alerts-tabs">
        {STATUSES.map((s) => (
          <Text
            key={s}
            id={`alerts-tab-${s}`}
            className={`sf-alerts-tab${s === status ? ' is-active' : ''}`}
            onClick={() => pick(s)}
          >
            {t(`alerts.tab.${s}`)}
          </Text>
        ))}
      </View>

      <View className="sf-alerts-kinds">
        {[undefined, ...KINDS].map((k) => (
          <Text
            key={k ?? 'all'}
            id={`alerts-kind-${k ?? 'all'}`}
            className={`sf-alerts-kind${k === kind ? ' is-active' : ''}`}
            onClick={() => {
              setFinding(undefined);
              setKind(k);
            }}
          >
            {k ? t(`alerts.kind.${k}`) : t('alerts.kind.all')}
          </Text>
        ))}
      </View>

      {notFound && target ? (
        <Text id="alerts-not-found" className="sf-notice sf-notice--error sf-alerts-notice">
          {t('alerts.notFound', { id: target })}
        </Text>
      ) : null}
      {list.error ? <LoadError error={list.error} onRetry={reload} /> : null}
      {!list.loaded ? <Text className="sf-muted">{t('common.loading')}</Text> : null}
      {list.loaded && !list.error && list.items.length === 0 ? (
        <Text id="alerts-empty" className="sf-empty sf-alerts-empty">
          {t(`alerts.empty.${status}`)}
        </Text>
      ) : null}

      {list.items.map((alert) => (
        <AlertCard
          key={alert.id}
          alert={alert}
          item={items.get(alert.subject.id)}
          level={alert.kind === 'safety-stock' ? levels.get(alert.subject.id) : undefined}
          today={today}
          highlighted={alert.id === target}
          onAnswer={list.replace}
        />
      ))}

      {list.more && list.loaded ? (
        <Button id="alerts-more" className="sf-button sf-alerts-more" onClick={list.loadMore}>
          {list.loading ? t('common.loading') : t('alerts.more')}
        </Button>
      ) : null}
    </View>
  );
}

function AlertCard({
  alert,
  item,
  level,
  today,
  highlighted,
  onAnswer,
}: {
  alert: Alert;
  item: Item | undefined;
  level: StockLevel | undefined;
  today: string;
  highlighted: boolean;
  onAnswer(alert: Alert): void;
}) {
  const { client, platform } = useServices();
  const session = useSession();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();

  const acknowledge = async () => {
    if (busy) return;
    setBusy(true);
    setFailure(undefined);
    try {
      onAnswer(await client.alerts.acknowledge(alert.id, { idempotencyKey: randomUuid() }));
      platform.toast(t('alerts.ackDone'), 'success');
    } catch (error) {
      const detail = errorMessage(error);
      setFailure(detail);
      platform.toast(t('alerts.ackFailed', { detail }), 'error');
    } finally {
      setBusy(false);
    }
  };

  const operation = alert.kind === 'overdue-operation' ? parseOperationSubject(alert.subject.id) : null;
  const uom = uomLabel(level?.uom ?? item?.uom);
  const advice = alert.replenishment
    ? replenishmentAdvice(alert.replenishment, uom, today, item?.leadTime)
    : undefined;
  const classes = ['sf-alert', `sf-alert--${alert.severity}`, `sf-alert--${alert.status}`];
  if (highlighted) classes.push('is-highlighted');
  const who =
    alert.acknowledgedBy && alert.acknowledgedBy === session?.user.id
      ? t('alerts.ackedByMe')
      : alert.acknowledgedBy;

  return (
    <View id={`alert-${alert.id}`} className={classes.join(' ')}>
      <View className="sf-alert__stripe" />
      <View className="sf-alert__top">
        <Text className="sf-alert__kind">{t(`alerts.kind.${alert.kind}`)}</Text>
        <Text className={`sf-badge sf-badge--${alert.severity}`}>
          {t(`alert.severity.${alert.severity}`)}
        </Text>
        <Text className="sf-alert__time">
          {t('alerts.opened', { time: shanghaiDateTime(alert.createdAt) })}
        </Text>
      </View>
      <Text className="sf-alert__title">{alertHeading(alert, item?.name)}</Text>
      {alert.kind === 'safety-stock' ? <Text className="sf-alert__code">{alert.subject.id}</Text> : null}

      {alert.kind === 'safety-stock' && level ? <StockGauge id={alert.id} level={level} uom={uom} /> : null}
      {(alert.kind !== 'safety-stock' || !level) && alertText(alert).message ? (
        <Text className="sf-alert__message">{alertText(alert).message}</Text>
      ) : null}

      {advice ? (
        <View id={`alert-advice-${alert.id}`} className={`sf-alert__advice${advice.late ? ' is-late' : ''}`}>
          <View className="sf-alert__advice-head">
            <Text className="sf-alert__advice-label">{t('alerts.action')}</Text>
            {advice.late ? <Text className="sf-alert__late">{t('alerts.late')}</Text> : null}
          </View>
          <Text className="sf-alert__advice-text">{advice.text}</Text>
          {advice.detail ? <Text className="sf-alert__advice-detail">{advice.detail}</Text> : null}
          {advice.earliest ? <Text className="sf-alert__advice-detail">{advice.earliest}</Text> : null}
        </View>
      ) : alertText(alert).suggestion ? (
        <View id={`alert-advice-${alert.id}`} className="sf-alert__advice">
          <Text className="sf-alert__advice-label">{t('alerts.action')}</Text>
          <Text className="sf-alert__advice-text">{alertText(alert).suggestion}</Text>
        </View>
      ) : null}

      {alert.status === 'open' ? (
        <View className="sf-alert__actions">
          {operation ? <BoardButton id={alert.id} workOrderNo={operation.workOrderNo} /> : null}
          <Button
            id={`alert-ack-${alert.id}`}
            className={`sf-button sf-button--primary sf-alert__ack${busy ? ' is-busy' : ''}`}
            onClick={() => void acknowledge()}
          >
            {busy ? t('alerts.acking') : t('alerts.ack')}
          </Button>
        </View>
      ) : (
        <View className="sf-alert__actions">
          {operation ? <BoardButton id={alert.id} workOrderNo={operation.workOrderNo} /> : null}
          <Text id={`alert-state-${alert.id}`} className={`sf-alert__state sf-alert__state--${alert.status}`}>
            {'✓ '}
            {alert.status === 'acknowledged'
              ? t('alerts.acked', {
                  who: who ?? '',
                  time: alert.acknowledgedAt ? shanghaiDateTime(alert.acknowledgedAt) : '',
                })
              : t('alerts.resolvedAt', { time: alert.resolvedAt ? shanghaiDateTime(alert.resolvedAt) : '' })}
          </Text>
        </View>
      )}
      {failure ? (
        <Text id={`alert-error-${alert.id}`} className="sf-notice sf-notice--error sf-alert__error">
          {t('alerts.ackFailed', { detail: failure })}
        </Text>
      ) : null}
    </View>
  );
}

/** Opens the board on the work order of an overdue-operation alert. */
function BoardButton({ id, workOrderNo }: { id: string; workOrderNo: string }) {
  return (
    <Button
      id={`alert-board-${id}`}
      className="sf-button sf-alert__board"
      onClick={() => navigate('board', { wo: workOrderNo })}
    >
      {t('alerts.toBoard')} ›
    </Button>
  );
}

function StockGauge({ id, level, uom }: { id: string; level: StockLevel; uom: string }) {
  const short = level.safetyStock !== undefined ? level.safetyStock - level.onHand : 0;
  return (
    <View id={`alert-stock-${id}`} className="sf-alert__stock">
      <View className="sf-alert__figures">
        <View className="sf-alert__figure">
          <Text className="sf-alert__figure-label">{t('alerts.onHand')}</Text>
          <Text className={`sf-alert__figure-n${short > 0 ? ' is-short' : ''}`}>
            {level.onHand} <Text className="sf-alert__uom">{uom}</Text>
          </Text>
        </View>
        {level.safetyStock !== undefined ? (
          <View className="sf-alert__figure">
            <Text className="sf-alert__figure-label">{t('alerts.safetyStock')}</Text>
            <Text className="sf-alert__figure-n">
              {level.safetyStock} <Text className="sf-alert__uom">{uom}</Text>
            </Text>
          </View>
        ) : null}
        {short > 0 ? (
          <Text className="sf-alert__short">
            {t('alerts.shortage', { qty: Math.round(short * 1e6) / 1e6, uom })}
          </Text>
        ) : null}
      </View>
      <View className="sf-alert__gauge">
        <View className="sf-alert__gauge-fill" style={{ width: `${stockPercent(level)}%` }} />
      </View>
    </View>
  );
}
