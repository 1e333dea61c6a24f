import type { ShopfloorClient } from '@shopfloor/sdk';
import { Text, View } from '@tarojs/components';
import { useEffect, useRef, useState } from 'react';
import { t } from '../../i18n/i18n';
import { shanghaiDate } from '../../shared/shanghai-time';
import { type ComparisonRow, lastSevenDays, type TeamBar, teamBars } from './team-efficiency';

/** Read at most this often: seven days of reports move slowly, the board refreshes every 30 s. */
const READ_EVERY_MS = 5 * 60_000;
const CHART_ID = 'board-teams-chart';
// A constant condition webpack folds: the mini-program builds never see the import, nor ECharts.
const loadChart = process.env.TARO_ENV === 'h5' ? () => import('./team-chart') : undefined;

/**
 * 班组效率: standard against actual minutes per team over the last 7 days (GET
 * /analytics/team-comparison). Bars through ECharts in H5; a small table in the mini-programs,
 * where ECharts would need its canvas adapter. Hidden for whoever may not read the comparison.
 */
export function TeamEfficiency({ client, at }: { client: ShopfloorClient; at: number | undefined }) {
  const [bars, setBars] = useState<TeamBar[]>();
  const slot = at === undefined ? undefined : Math.floor(at / READ_EVERY_MS);
  useEffect(() => {
    if (slot === undefined) return;
    let live = true;
    const range = lastSevenDays(shanghaiDate(Date.now()));
    client
      .request<{ rows: ComparisonRow[] }>({
        method: 'GET',
        path: '/analytics/team-comparison',
        query: { ...range, groupBy: 'team' },
      })
      .then(
        (answer) => live && setBars(teamBars(answer.rows)),
        () => undefined, // the board stands without it (403 for operators who supervise nothing)
      );
    return () => {
      live = false;
    };
  }, [client, slot]);
  if (!bars) return null;
  return (
    <View id="board-teams" className="sf-board-teams">
      <Text className="sf-board-teams__title">{t('board.teams.title')}</Text>
      {bars.length === 0 ? (
        <Text className="sf-board-teams__empty">{t('board.teams.empty')}</Text>
      ) : process.env.TARO_ENV === 'h5' ? (
        <TeamChart bars={bars} />
      ) : (
        <TeamTable bars={bars} />
      )}
    </View>
  );
}

/** The H5 chart: ECharts is imported on first draw, in a chunk of its own. */
function TeamChart({ bars }: { bars: TeamBar[] }) {
  const chart = useRef<{ draw(bars: readonly TeamBar[]): void; dispose(): void }>();
  const latest = useRef(bars);
  latest.current = bars;
  useEffect(() => {
    let live = true;
    void loadChart?.().then(({ mountTeamChart }) => {
      const el = document.getElementById(CHART_ID);
      if (!live || !el) return;
      chart.current = mountTeamChart(el);
      chart.current.draw(latest.current);
    });
    return () => {
      live = false;
      chart.current?.dispose();
      chart.current = undefined;
    };
  }, []);
  useEffect(() => {
    chart.current?.draw(bars);
  }, [bars]);
  return <View id={CHART_ID} className="sf-board-teams__chart" />;
}

/** weapp / dd: the same figures as rows. */
function TeamTable({ bars }: { bars: TeamBar[] }) {
  return (
    <View className="sf-board-teams__table">
      {bars.map((bar) => (
        <View key={bar.key} className="sf-board-teams__row">
          <Text className="sf-board-teams__name">{bar.name}</Text>
          <Text className="sf-board-teams__pct">{`${bar.pct}%`}</Text>
        </View>
      ))}
    </View>
  );
}
