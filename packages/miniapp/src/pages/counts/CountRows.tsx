import type { CycleCount } from '@shopfloor/sdk';
import { Text, View } from '@tarojs/components';
import { t } from '../../i18n/i18n';
import { navigate } from '../../navigate';
import { signed, varianceFigures } from './count-model';
// The rows also sit on the home page: their styles come with them.
import './counts.css';

/** A task to count: the part and where it is, never its book quantity (blind). */
export function TaskRow({ task, queued }: { task: CycleCount; queued: boolean }) {
  return (
    <View id={`count-row-${task.id}`} className="sf-row" onClick={() => navigate('counts', { id: task.id })}>
      <View className="sf-row__main">
        <Text className="sf-row__title">
          {task.item} {task.itemName !== task.item ? task.itemName : ''}
        </Text>
        <Text className="sf-row__sub">
          {t('counts.location', { code: task.location })}
          {task.lot ? ` · ${t('counts.lot', { code: task.lot })}` : ''} ·{' '}
          {t('counts.class', { cls: task.abcClass })} ·{' '}
          {task.planId ? t('counts.planned') : t('counts.adHoc')}
        </Text>
      </View>
      {queued ? <Text className="sf-pill sf-pill--pending">{t('counts.queued')}</Text> : null}
      <Text className="sf-row__chevron">›</Text>
    </View>
  );
}

/** A variance waiting for a decision: book, counted and the difference, with a link to where it came from. */
export function ApprovalRow({ task }: { task: CycleCount }) {
  const { book, counted, variance, pct } = varianceFigures(task);
  return (
    <View
      id={`count-approval-${task.id}`}
      className="sf-row"
      onClick={() => navigate('counts', { id: task.id })}
    >
      <View className="sf-row__main">
        <Text className="sf-row__title">
          {task.item} · {task.location}
        </Text>
        <Text className="sf-row__sub">
          {task.lot ? `${t('counts.lot', { code: task.lot })} · ` : ''}
          {t('counts.book')} {book ?? '—'} → {t('counts.counted')} {counted ?? '—'}
        </Text>
        <Text
          className="sf-link sf-counts-explain-link"
          onClick={(event) => {
            event.stopPropagation();
            navigate('counts', { id: task.id, explain: 1 });
          }}
        >
          {t('counts.explain')} ›
        </Text>
      </View>
      <View className={`sf-counts-variance${(variance ?? 0) < 0 ? ' is-short' : ' is-over'}`}>
        <Text className="sf-counts-variance__qty">{variance === undefined ? '—' : signed(variance)}</Text>
        {pct === null ? null : <Text className="sf-counts-variance__pct">{signed(pct)}%</Text>}
      </View>
      <Text className="sf-row__chevron">›</Text>
    </View>
  );
}
