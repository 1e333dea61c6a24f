import { type LotTrace, NotFoundError, PlatformError, type TraceDirection } from '@shopfloor/sdk';
import { Button, Input, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useEffect, useMemo, useState } from 'react';
import { errorMessage } from '../../components/error-message';
import { useItems } from '../../components/ItemInfo';
import { LoadError, Screen } from '../../components/Screen';
import { useQuery } from '../../hooks/use-query';
import { useScanWedge } from '../../hooks/use-scan-wedge';
import { t, useLocale } from '../../i18n/i18n';
import { useServices } from '../../services/services-context';
import { routeParam } from '../board/route-param';
import {
  expandableKeys,
  flattenTree,
  initialCollapsed,
  parseLotInput,
  type TraceRow,
  toggleKey,
  traceStats,
  traceTree,
} from './trace-tree';

import { useRecentLots } from './use-recent-lots';
import './trace.css';
import { uomLabel } from '../../i18n/uom';

const DIRECTIONS: TraceDirection[] = ['backward', 'forward'];

/** 批次追溯: type or scan a lot, see what went into it and where it went. */
export default function TracePage() {
  return (
    <Screen>
      <Trace />
    </Screen>
  );
}

function Trace() {
  // <Screen> re-renders on a language switch, but hands over the same element: subscribe here too.
  useLocale();
  const { client, platform } = useServices();
  const params = useRouter().params;
  const fromUrl = routeParam(params, 'lot') ?? '';
  const [text, setText] = useState(fromUrl);
  const [lot, setLot] = useState<string | undefined>(() => {
    const parsed = parseLotInput(fromUrl);
    return 'lot' in parsed ? parsed.lot : undefined;
  });
  const [direction, setDirection] = useState<TraceDirection>(
    params.direction === 'forward' ? 'forward' : 'backward',
  );
  const [inputError, setInputError] = useState<string>();
  const { recent, remember } = useRecentLots(platform.storage);

  const query = useQuery(lot ? `${lot}\n${direction}` : '', async () =>
    lot ? client.lots.trace(lot, { direction }) : null,
  );
  const trace =
    query.data && query.data.lot === lot && query.data.direction === direction ? query.data : null;

  // biome-ignore lint/correctness/useExhaustiveDependencies: remember once per traced lot
  useEffect(() => {
    if (trace) remember(trace.lot);
  }, [trace?.lot]);

  const run = (value: string) => {
    const parsed = parseLotInput(value);
    if ('error' in parsed) {
      setInputError(t(`trace.error.${parsed.error}`));
      return;
    }
    setInputError(undefined);
    setText(parsed.lot);
    if (parsed.lot === lot) query.reload();
    else setLot(parsed.lot);
  };

  // A PDA's scanner types the lot and Enter: traced without the tap.
  useScanWedge(run);
  const scan = async () => {
    try {
      run(await platform.scan());
    } catch (error) {
      if (error instanceof PlatformError && error.code === 'CANCELLED') return;
      platform.toast(errorMessage(error), 'error');
    }
  };

  const notFound = query.error instanceof NotFoundError;
  return (
    <View className="sf-trace">
      <Text className="sf-trace-title">{t('trace.title')}</Text>

      <View className="sf-trace-search">
        <Input
          id="trace-input"
          className="sf-input sf-trace-input"
          value={text}
          placeholder={t('trace.placeholder')}
          confirmType="search"
          onInput={(event) => {
            setText(event.detail.value);
            setInputError(undefined);
          }}
          onConfirm={(event) => run(event.detail.value)}
        />
        <View className="sf-trace-actions">
          <Button id="trace-scan" className="sf-button sf-trace-scan" onClick={() => void scan()}>
            {t('trace.scan')}
          </Button>
          <Button
            id="trace-submit"
            className="sf-button sf-button--primary sf-trace-submit"
            onClick={() => run(text)}
          >
            {t('trace.submit')}
          </Button>
        </View>
        {inputError ? (
          <Text id="trace-input-error" className="sf-trace-input-error">
            {inputError}
          </Text>
        ) : null}
      </View>

      <View className="sf-trace-tabs">
        {DIRECTIONS.map((d) => (
          <View
            key={d}
            id={`trace-tab-${d}`}
            className={`sf-trace-tab${d === direction ? ' is-active' : ''}`}
            onClick={() => setDirection(d)}
          >
            <Text className="sf-trace-tab__main">{t(`trace.tab.${d}`)}</Text>
            <Text className="sf-trace-tab__hint">{t(`trace.tab.${d}Hint`)}</Text>
          </View>
        ))}
      </View>

      {!lot ? <Intro recent={recent} onPick={run} /> : null}
      {lot && notFound ? (
        <View id="trace-not-found" className="sf-trace-missing">
          <Text className="sf-trace-missing__title">{t('trace.notFound', { lot })}</Text>
          <Text className="sf-trace-missing__hint">{t('trace.notFoundHint')}</Text>
        </View>
      ) : null}
      {lot && query.error && !notFound ? <LoadError error={query.error} onRetry={query.reload} /> : null}
      {lot && !trace && !query.error ? <Text className="sf-muted">{t('common.loading')}</Text> : null}
      {trace && !query.error ? (
        <TraceResult key={`${trace.lot}\n${trace.direction}`} trace={trace} onTrace={run} />
      ) : null}
    </View>
  );
}

function Intro({ recent, onPick }: { recent: string[]; onPick(lot: string): void }) {
  return (
    <View id="trace-empty" className="sf-trace-intro">
      <Text className="sf-trace-intro__text">{t('trace.intro')}</Text>
      {recent.length > 0 ? (
        <View className="sf-trace-recent">
          <Text className="sf-trace-recent__label">{t('trace.recent')}</Text>
          <View className="sf-trace-chips">
            {recent.map((lot) => (
              <Text
                key={lot}
                id={`trace-recent-${lot}`}
                className="sf-trace-chip"
                onClick={() => onPick(lot)}
              >
                {lot}
              </Text>
            ))}
          </View>
        </View>
      ) : null}
    </View>
  );
}

function TraceResult({ trace, onTrace }: { trace: LotTrace; onTrace(lot: string): void }) {
  const { client } = useServices();
  const tree = useMemo(() => traceTree(trace), [trace]);
  const [collapsed, setCollapsed] = useState(() => initialCollapsed(tree));
  const rows = useMemo(() => flattenTree(tree, collapsed), [tree, collapsed]);
  const expandable = useMemo(() => expandableKeys(tree), [tree]);
  const items = useItems(
    client,
    rows.flatMap((r) => (r.item ? [r.item] : [])),
  );
  const stats = traceStats(trace);
  const rootItem = items.get(trace.item);
  const itemText = rootItem ? `${rootItem.name} · ${trace.item}` : trace.item;
  const finished = new Set(trace.recall?.finishedLots ?? []);
  const customer = new Set(trace.recall?.customerLots ?? []);
  // Forward, a child's quantity is of its parent's item (how much of the parent went in).
  const uomOf = (row: TraceRow, parent: TraceRow | undefined): string => {
    const code = trace.direction === 'forward' ? parent?.item : row.item;
    return code ? uomLabel(items.get(code)?.uom) : '';
  };
  const parents: (TraceRow | undefined)[] = [];
  const withParents = rows.map((row) => {
    parents[row.depth] = row;
    return { row, parent: row.depth > 0 ? parents[row.depth - 1] : undefined };
  });

  return (
    <View className="sf-trace-result">
      <View id="trace-root" className="sf-trace-root">
        <Text className="sf-trace-root__lot">{trace.lot}</Text>
        <Text className="sf-trace-root__sub">
          {stats.lots === 0
            ? t('trace.summaryNone', { item: itemText })
            : trace.direction === 'forward' && trace.recall
              ? // One count on the screen: the recall's, which says what it counts.
                t('trace.summaryDepth', { item: itemText, depth: stats.depth })
              : t('trace.summary', { item: itemText, lots: stats.lots, depth: stats.depth })}
        </Text>
      </View>

      {trace.direction === 'forward' && trace.recall ? <Recall trace={trace} onTrace={onTrace} /> : null}

      {stats.lots === 0 ? (
        <Text id="trace-none" className="sf-empty sf-trace-none">
          {trace.direction === 'backward' ? t('trace.noneBackward') : t('trace.noneForward')}
        </Text>
      ) : (
        <View id="trace-tree" className="sf-section sf-trace-tree">
          <View className="sf-section__head">
            <Text className="sf-section__title">{t('trace.tree')}</Text>
            {expandable.length > 1 ? (
              <View className="sf-trace-tree__tools">
                <Text id="trace-expand-all" className="sf-trace-tool" onClick={() => setCollapsed(new Set())}>
                  {t('trace.expandAll')}
                </Text>
                <Text
                  id="trace-collapse-all"
                  className="sf-trace-tool"
                  onClick={() => setCollapsed(new Set(expandable.filter((k) => k !== '0')))}
                >
                  {t('trace.collapseAll')}
                </Text>
              </View>
            ) : null}
          </View>
          {withParents.map(({ row, parent }) => (
            <TreeRow
              key={row.key}
              row={row}
              name={row.item ? items.get(row.item)?.name : undefined}
              uom={uomOf(row, parent)}
              kind={finished.has(row.lot) ? 'finished' : customer.has(row.lot) ? 'customer' : undefined}
              onToggle={() => setCollapsed((set) => toggleKey(set, row.key))}
            />
          ))}
        </View>
      )}
    </View>
  );
}

function Recall({ trace, onTrace }: { trace: LotTrace; onTrace(lot: string): void }) {
  const recall = trace.recall!;
  const reaches = recall.finishedLots.length + recall.customerLots.length + recall.customers.length > 0;
  return (
    <View id="trace-recall" className={`sf-trace-recall${reaches ? ' is-reaching' : ''}`}>
      <View className="sf-trace-recall__head">
        <Text className="sf-trace-recall__title">{t('trace.recall.title')}</Text>
        <Text className="sf-trace-recall__affected">
          {t('trace.recall.affected', { n: recall.affectedLots })}
        </Text>
      </View>
      {reaches ? (
        <>
          <View className="sf-trace-recall__counts">
            <Count
              id="trace-recall-finished"
              n={recall.finishedLots.length}
              label={t('trace.recall.finished')}
            />
            <Count
              id="trace-recall-customer-lots"
              n={recall.customerLots.length}
              label={t('trace.recall.customerLots')}
            />
            <Count
              id="trace-recall-customers"
              n={recall.customers.length}
              label={t('trace.recall.customers')}
            />
          </View>
          {recall.customers.length > 0 ? (
            <View className="sf-trace-recall__list">
              {recall.customers.map((name) => (
                <Text key={name} className="sf-trace-recall__customer">
                  {name}
                </Text>
              ))}
            </View>
          ) : null}
          {[...recall.finishedLots, ...recall.customerLots].length > 0 ? (
            <View className="sf-trace-chips">
              {[...recall.finishedLots, ...recall.customerLots].map((lot) => (
                <Text
                  key={lot}
                  id={`trace-recall-lot-${lot}`}
                  className="sf-trace-chip sf-trace-chip--recall"
                  onClick={() => onTrace(lot)}
                >
                  {lot}
                </Text>
              ))}
            </View>
          ) : null}
        </>
      ) : (
        <Text className="sf-trace-recall__none">{t('trace.recall.none')}</Text>
      )}
    </View>
  );
}

function Count({ id, n, label }: { id: string; n: number; label: string }) {
  return (
    <View id={id} className="sf-trace-count">
      <Text className="sf-trace-count__n">{n}</Text>
      <Text className="sf-trace-count__label">{label}</Text>
    </View>
  );
}

function TreeRow({
  row,
  name,
  uom,
  kind,
  onToggle,
}: {
  row: TraceRow;
  name: string | undefined;
  uom: string;
  kind: 'finished' | 'customer' | undefined;
  onToggle(): void;
}) {
  const open = row.childCount > 0;
  const id = row.repeat ? `trace-node-${row.lot}-repeat-${row.key}` : `trace-node-${row.lot}`;
  const classes = ['sf-trace-row'];
  if (row.depth === 0) classes.push('is-root');
  if (row.repeat) classes.push('is-repeat');
  return (
    <View
      id={id}
      className={classes.join(' ')}
      style={{ paddingLeft: `${12 + Math.min(row.depth, 8) * 20}px` }}
      onClick={open ? onToggle : undefined}
    >
      {row.depth > 0 ? (
        <View className="sf-trace-row__guides" style={{ width: `${Math.min(row.depth, 8) * 20}px` }} />
      ) : null}
      <Text
        id={row.repeat ? undefined : `trace-toggle-${row.lot}`}
        className={`sf-trace-row__toggle${open ? '' : ' is-leaf'}`}
      >
        {open ? (row.collapsed ? '▸' : '▾') : '•'}
      </Text>
      <View className="sf-trace-row__main">
        <View className="sf-trace-row__line">
          <Text className="sf-trace-row__lot">{row.lot}</Text>
          {row.repeat ? <Text className="sf-trace-tag sf-trace-tag--repeat">{t('trace.repeat')}</Text> : null}
          {kind ? <Text className={`sf-trace-tag sf-trace-tag--${kind}`}>{t(`trace.${kind}`)}</Text> : null}
          {row.collapsed ? (
            <Text className="sf-trace-tag">{t('trace.hidden', { n: row.childCount })}</Text>
          ) : null}
        </View>
        <View className="sf-trace-row__line">
          <Text className="sf-trace-row__item">
            {row.depth > 0 ? `${t('trace.level', { n: row.depth })} · ` : ''}
            {name ? `${name} · ` : ''}
            {row.item ?? ''}
          </Text>
          {row.qty !== undefined ? (
            <Text className="sf-trace-row__qty">
              {row.qty}
              {uom ? <Text className="sf-trace-row__uom"> {uom}</Text> : null}
            </Text>
          ) : null}
        </View>
      </View>
    </View>
  );
}
