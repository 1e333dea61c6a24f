import type {
  Item,
  ShopfloorClient,
  WorkOrder,
  WorkOrderBoardCounts,
  WorkOrderOperation,
} from '@shopfloor/sdk';
import { Button, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useEffect, useMemo, useState } from 'react';
import { errorMessage } from '../../components/error-message';
import { useItems } from '../../components/ItemInfo';
import { LoadError, Screen } from '../../components/Screen';
import { StoppedBadge, stoppedStatus } from '../../components/WorkOrderStopped';
import { useQuery } from '../../hooks/use-query';
import { useWorkshopNames } from '../../hooks/use-workshop-names';
import { t, useLocale } from '../../i18n/i18n';
import { useServices, useSession } from '../../services/services-context';
import { dayLabel, shanghaiTime } from '../../shared/shanghai-time';
import {
  BOARD_LIMIT,
  type BoardSummary,
  boardOrders,
  lateMinutes,
  lateness,
  mergeWorkshops,
  notShown,
  onTheBoard,
  overdueDays,
  progressShares,
  summarize,
  workshopsOf,
} from './board-logic';
import { CountAccuracy, seesCountAccuracy } from './CountAccuracy';
import { routeParam } from './route-param';
import { scrollToId } from './scroll';
import { TeamEfficiency } from './TeamEfficiency';
import { useAutoRefresh } from './use-auto-refresh';
import { useWallPages } from './use-wall-pages';
import './board.css';
import { uomLabel } from '../../i18n/uom';
import { materialNote } from '../index/material';

const REFRESH_MS = 30_000;

/** 生产看板: released and in-progress work orders with per-operation progress, for the big screen and the phone. */
export default function BoardPage() {
  return (
    <Screen wide>
      <Board />
    </Screen>
  );
}

interface BoardData {
  orders: WorkOrder[];
  /** Work orders the board selection holds, shown or not. */
  total?: number;
  counts?: WorkOrderBoardCounts;
  at: number;
}

/**
 * The board selection (in the workshop when one is picked), most urgent first: one request. A
 * linked order (`?wo=`) beyond the cap is fetched on its own, so the link still shows it.
 */
async function loadBoard(
  client: ShopfloorClient,
  workshop: string | undefined,
  linked: string | undefined,
): Promise<BoardData> {
  const page = await client.workOrders.board({ limit: BOARD_LIMIT, ...(workshop ? { workshop } : {}) });
  const orders = await withLinked(client, page.items, linked);
  return { orders, total: page.total, counts: page.counts, at: Date.now() };
}

async function withLinked(
  client: ShopfloorClient,
  orders: WorkOrder[],
  linked: string | undefined,
): Promise<WorkOrder[]> {
  if (!linked || orders.some((o) => o.no === linked)) return orders;
  const order = await client.workOrders.get(linked).catch(() => undefined);
  return order && onTheBoard(order) ? [...orders, order] : orders;
}

function Board() {
  // <Screen> re-renders on a language switch, but hands over the same element: subscribe here too.
  useLocale();
  const { client } = useServices();
  const session = useSession();
  const params = useRouter().params;
  const [workshop, setWorkshop] = useState<string | undefined>(routeParam(params, 'workshop'));
  const highlight = routeParam(params, 'wo');
  const query = useQuery(`board:${workshop ?? ''}`, () => loadBoard(client, workshop, highlight));
  const running = useAutoRefresh(query.reload, REFRESH_MS, query.data?.at);
  const names = useWorkshopNames(client);
  const data = query.data;
  const allOrders = useMemo(() => data?.orders ?? [], [data]);
  const items = useItems(
    client,
    allOrders.map((o) => o.item),
  );
  const [workshops, setWorkshops] = useState<readonly string[]>([]);
  useEffect(() => setWorkshops((known) => mergeWorkshops(known, workshopsOf(allOrders))), [allOrders]);
  const shown = useMemo(() => boardOrders(allOrders, workshop), [allOrders, workshop]);
  const now = new Date(data?.at ?? Date.now());
  const summary = summarize(shown, now, workshop, data?.counts);
  const more = data ? notShown(data.total, shown.length) : 0;
  // A wall screen turns the page by itself (a highlighted order from a link stays in view).
  const pageSeconds = Number(routeParam(params, 'pageSeconds'));
  const wall = useWallPages(
    'board-grid',
    data !== undefined && !highlight,
    pageSeconds > 0 ? pageSeconds * 1000 : undefined,
  );

  const found = data !== undefined && highlight !== undefined && shown.some((o) => o.no === highlight);
  useEffect(() => {
    if (found && highlight) scrollToId(`board-wo-${highlight}`);
  }, [found, highlight]);

  const workshopName = (code: string) => names.get(code) ?? code;
  return (
    <View className="sf-board">
      <View className="sf-board-head">
        <View className="sf-board-head__text">
          <Text className="sf-board-head__title">{t('board.title')}</Text>
          <View id="board-updated" className="sf-board-head__updated">
            <Text className="sf-board-head__seg">
              {data ? t('board.updated', { time: shanghaiTime(data.at) }) : t('common.loading')}
            </Text>
            <Text className="sf-board-head__seg">{running ? t('board.autoRefresh') : t('board.paused')}</Text>
            {wall.pages > 1 ? (
              <Text id="board-page" className="sf-board-head__seg">
                {t('board.page', { page: wall.page + 1, pages: wall.pages })}
              </Text>
            ) : null}
          </View>
        </View>
        <Button
          id="board-refresh"
          className={`sf-button sf-board-head__refresh${query.loading ? ' is-busy' : ''}`}
          onClick={() => {
            if (!query.loading) query.reload();
          }}
        >
          {query.loading && data ? t('board.refreshing') : t('board.refresh')}
        </Button>
      </View>

      {query.error && data ? (
        <Text id="board-refresh-error" className="sf-notice sf-notice--error sf-board-stale">
          {t('board.refreshFailed', { detail: errorMessage(query.error), time: shanghaiTime(data.at) })}
        </Text>
      ) : null}

      {data ? <Summary summary={summary} /> : null}
      {data && seesCountAccuracy(session?.user.roles ?? []) ? (
        <CountAccuracy client={client} at={data.at} />
      ) : null}
      {data ? <TeamEfficiency client={client} at={data.at} /> : null}

      {workshops.length > 1 ? (
        <View className="sf-board-filter">
          <Text
            id="board-workshop-all"
            className={`sf-board-chip${workshop ? '' : ' is-active'}`}
            onClick={() => setWorkshop(undefined)}
          >
            {t('board.workshop.all')}
          </Text>
          {workshops.map((code) => (
            <Text
              key={code}
              id={`board-workshop-${code}`}
              className={`sf-board-chip${workshop === code ? ' is-active' : ''}`}
              onClick={() => setWorkshop(code)}
            >
              {workshopName(code)}
            </Text>
          ))}
        </View>
      ) : null}

      {query.error && !data ? <LoadError error={query.error} onRetry={query.reload} /> : null}
      {!data && query.loading ? <Text className="sf-muted">{t('common.loading')}</Text> : null}
      {data && shown.length === 0 ? (
        <Text id="board-empty" className="sf-empty sf-board-empty">
          {workshop ? t('board.emptyWorkshop', { name: workshopName(workshop) }) : t('board.empty')}
        </Text>
      ) : null}

      <View id="board-grid" className="sf-board-grid">
        {shown.map((order) => (
          <OrderCard
            key={order.no}
            order={order}
            item={items.get(order.item)}
            now={now}
            workshop={workshop}
            highlighted={order.no === highlight}
          />
        ))}
      </View>
      {more > 0 ? (
        <Text id="board-more" className="sf-muted sf-board-more">
          {t('board.more', { n: more, shown: shown.length })}
        </Text>
      ) : null}
      {data ? <Text className="sf-muted sf-board-scope">{t('board.scope')}</Text> : null}
    </View>
  );
}

const COUNTERS: { key: keyof BoardSummary; alarm?: boolean; good?: boolean }[] = [
  { key: 'inProgress' },
  { key: 'released' },
  { key: 'overdue', alarm: true },
  { key: 'lateOps', alarm: true },
  { key: 'doneToday', good: true },
];

function Summary({ summary }: { summary: BoardSummary }) {
  return (
    <View className="sf-board-summary">
      {COUNTERS.map(({ key, alarm, good }) => {
        const n = summary[key];
        const tone = alarm && n > 0 ? ' is-alarm' : good && n > 0 ? ' is-good' : '';
        return (
          <View key={key} id={`board-count-${key}`} className={`sf-board-counter${tone}`}>
            <Text className="sf-board-counter__n">{n}</Text>
            <Text className="sf-board-counter__label">{t(`board.count.${key}`)}</Text>
          </View>
        );
      })}
    </View>
  );
}

function lateText(minutes: number): string {
  const { unit, n } = lateness(minutes);
  return t(`board.${unit}`, { n });
}

function OrderCard({
  order,
  item,
  now,
  workshop,
  highlighted,
}: {
  order: WorkOrder;
  item: Item | undefined;
  now: Date;
  workshop: string | undefined;
  highlighted: boolean;
}) {
  const locale = useLocale();
  const days = overdueDays(order, now);
  const uom = uomLabel(order.uom ?? item?.uom);
  const status = order.status === 'in-progress' ? 'in-progress' : 'released';
  const classes = ['sf-board-card'];
  if (days > 0) classes.push('is-overdue');
  if (highlighted) classes.push('is-highlighted');
  return (
    <View id={`board-wo-${order.no}`} className={classes.join(' ')}>
      <View className="sf-board-card__line">
        <Text className="sf-board-card__no">{order.no}</Text>
        <Text className="sf-board-card__qty">{t('board.qty', { qty: order.qty, uom })}</Text>
      </View>
      <View className="sf-board-card__line">
        <Text className="sf-board-card__item">
          {item?.name ? `${item.name} · ${order.item}` : order.item}
        </Text>
        <Text className={`sf-board-card__due${days > 0 ? ' is-late' : ''}`}>
          {t('board.due', { date: dayLabel(order.due, locale) })}
        </Text>
      </View>
      <View className="sf-board-card__badges">
        {stoppedStatus(order) ? (
          <StoppedBadge status={stoppedStatus(order)!} />
        ) : (
          <Text className={`sf-badge sf-board-status sf-board-status--${status}`}>
            {t(`board.status.${status}`)}
          </Text>
        )}
        {order.statusReason ? (
          <Text className="sf-board-card__reason">
            {t('wo.stoppedReason', { reason: order.statusReason })}
          </Text>
        ) : null}
        {days > 0 ? (
          <Text id={`board-overdue-${order.no}`} className="sf-badge sf-board-card__overdue">
            {t('board.overdue', { late: t('board.days', { n: days }) })}
          </Text>
        ) : null}
      </View>
      <View className="sf-board-ops">
        {order.operations.map((op) => (
          <OperationRow
            key={op.seq}
            no={order.no}
            op={op}
            qty={order.qty}
            now={now}
            dim={workshop !== undefined && op.workshop !== workshop}
          />
        ))}
      </View>
    </View>
  );
}

function OperationRow({
  no,
  op,
  qty,
  now,
  dim,
}: {
  no: string;
  op: WorkOrderOperation;
  qty: number;
  now: Date;
  dim: boolean;
}) {
  const late = lateMinutes(op, now);
  const shares = progressShares(op, qty);
  const material = materialNote(op);
  const classes = ['sf-board-op', `sf-board-op--${op.status}`];
  if (late > 0) classes.push('is-late');
  if (material) classes.push('is-waiting');
  if (dim) classes.push('is-dim');
  return (
    <View id={`board-op-${no}-${op.seq}`} className={classes.join(' ')}>
      <View className="sf-board-op__line">
        <Text className="sf-board-op__seq">{op.seq}</Text>
        <Text className="sf-board-op__name">{op.name}</Text>
        {op.scrapQty > 0 ? (
          <Text className="sf-board-op__scrapqty">{t('board.scrap', { n: op.scrapQty })}</Text>
        ) : null}
        <Text className="sf-board-op__qty">{t('board.opQty', { good: op.goodQty, target: qty })}</Text>
        <Text className="sf-board-op__status">
          {late > 0
            ? t('board.late', { late: lateText(late) })
            : // 可开工 beside 待齐套 would contradict it: the badge below says what holds it.
              material && op.status === 'ready'
              ? ''
              : t(`op.status.${op.status}`)}
        </Text>
      </View>
      {material ? (
        <View id={`board-material-${no}-${op.seq}`} className="sf-board-op__material">
          <Text className="sf-badge sf-board-op__wait">{material.badge}</Text>
          {material.missing ? <Text className="sf-board-op__missing">{material.missing}</Text> : null}
        </View>
      ) : null}
      <View className="sf-board-op__bar">
        <View className="sf-board-op__good" style={{ width: `${shares.good}%` }} />
        <View className="sf-board-op__scrap" style={{ width: `${shares.scrap}%` }} />
      </View>
    </View>
  );
}
