import type { ShopfloorClient } from '@shopfloor/sdk';
import { Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { t } from '../../i18n/i18n';
import { type AccuracyRow, accuracyByClass, type ClassAccuracy } from './count-accuracy';

/** Who may read count accuracy (the route's roles); operators' boards leave it out. */
export const seesCountAccuracy = (roles: readonly string[]) =>
  roles.some((r) => r === 'storekeeper' || r === 'approver' || r === 'planner' || r === 'admin');

/** 盘点准确率 per ABC class, the last six weeks, as on the console's chart; refreshed with the board. */
export function CountAccuracy({ client, at }: { client: ShopfloorClient; at: number | undefined }) {
  const [classes, setClasses] = useState<ClassAccuracy[]>();
  useEffect(() => {
    if (at === undefined) return; // read with each refresh of the board, once it has loaded
    let live = true;
    client.request<{ rows: AccuracyRow[] }>({ method: 'GET', path: '/cycle-counts/accuracy' }).then(
      (answer) => live && setClasses(accuracyByClass(answer.rows)),
      () => undefined, // the board stands without it
    );
    return () => {
      live = false;
    };
  }, [client, at]);
  if (!classes) return null;
  return (
    <View id="board-accuracy" className="sf-board-accuracy">
      <Text className="sf-board-accuracy__title">{t('board.accuracy.title')}</Text>
      {classes.map((c) => (
        <View key={c.abcClass} id={`board-accuracy-${c.abcClass}`} className="sf-board-accuracy__class">
          <Text className="sf-board-accuracy__label">{t('board.accuracy.class', { abc: c.abcClass })}</Text>
          <Text className="sf-board-accuracy__pct">{c.pct === null ? '—' : `${c.pct}%`}</Text>
          <View className="sf-board-accuracy__bars">
            {c.weeks.map((w) => (
              <View
                key={w.week}
                className={`sf-board-accuracy__bar${w.pct !== null && w.pct < 95 ? ' is-low' : ''}`}
                style={{ height: `${w.pct === null ? 0 : Math.max(4, w.pct * 0.4)}px` }}
              />
            ))}
          </View>
          <Text className="sf-board-accuracy__counts">{t('board.accuracy.counts', { n: c.counts })}</Text>
        </View>
      ))}
    </View>
  );
}
