import type { CycleCount, Item } from '@shopfloor/sdk';
import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { LoadError } from '../../components/Screen';
import { useQuery } from '../../hooks/use-query';
import { t } from '../../i18n/i18n';
import { useServices, useSession } from '../../services/services-context';
import { shanghaiDateTime } from '../../shared/shanghai-time';
import { CountDecisionForm } from './CountDecisionForm';
import { CountForm } from './CountForm';
import { mayCount, mayDecide, signed, varianceFigures } from './count-model';
import { useCountsApi } from './use-counts-api';

/** One count task: counted here by its storekeeper, decided here by another, else shown as it stands. */
export function CountTask({ id, explain }: { id: string; explain: boolean }) {
  const api = useCountsApi();
  const { client } = useServices();
  const user = useSession()?.user;
  // Counted on this page: the form stays (with where its submission is) after the task moves on.
  const [countedHere, setCountedHere] = useState(false);
  // Kept here: the task read again after a refusal may no longer show the decision form.
  const [refusal, setRefusal] = useState<string>();
  const query = useQuery(`count:${id}`, async () => {
    const task = await api.get(id);
    // The item's unit and decimals check the count on the phone; without them the server checks.
    const item = await client.items.get(task.item).catch((): Item | undefined => undefined);
    return { task, item };
  });
  const loaded = query.data;
  if (!loaded) {
    return query.error ? (
      <LoadError error={query.error} onRetry={query.reload} />
    ) : (
      <Text className="sf-muted">{t('common.loading')}</Text>
    );
  }
  const { task, item } = loaded;
  return (
    <View className="sf-counts" id="count-task">
      <TaskHead task={task} />
      {refusal ? (
        <Text id="count-refusal" className="sf-notice sf-notice--error">
          {refusal}
        </Text>
      ) : null}
      {mayCount(user, task) || countedHere ? (
        <CountForm
          task={task}
          precision={item?.precision}
          uom={item?.uom}
          onSubmitted={() => setCountedHere(true)}
          onSent={query.reload}
        />
      ) : mayDecide(user, task) ? (
        <CountDecisionForm
          task={task}
          explainAtStart={explain}
          onDecided={(why) => {
            setRefusal(why);
            query.reload();
          }}
        />
      ) : (
        <TaskOutcome task={task} userId={user?.id} />
      )}
    </View>
  );
}

function TaskHead({ task }: { task: CycleCount }) {
  return (
    <View className="sf-report-head">
      <View className="sf-report-head__top">
        <Text className="sf-report-head__op">{task.item}</Text>
        <Text id="count-status" className={`sf-badge sf-counts-status--${task.status}`}>
          {t(`counts.status.${task.status}`)}
        </Text>
      </View>
      {task.itemName !== task.item ? <Text className="sf-report-head__item">{task.itemName}</Text> : null}
      <Text className="sf-report-head__wo">
        {t('counts.location', { code: task.location })}
        {task.lot ? ` · ${t('counts.lot', { code: task.lot })}` : ''}
      </Text>
      <View className="sf-report-head__meta">
        <Text>
          {task.warehouse} · {t('counts.class', { cls: task.abcClass })} ·{' '}
          {task.planId ? t('counts.planned') : t('counts.adHoc')}
        </Text>
        {task.blind ? <Text className="sf-chip">{t('counts.blind')}</Text> : null}
      </View>
    </View>
  );
}

/** A task this user neither counts nor decides now: what became of it (book figures only if the server sent them). */
function TaskOutcome({ task, userId }: { task: CycleCount; userId?: string }) {
  const { counted, variance, book } = varianceFigures(task);
  const note =
    task.status === 'pending-approval'
      ? task.countedBy === userId
        ? t('counts.waitingOther')
        : t('counts.notYours')
      : task.status === 'done'
        ? t('counts.doneNote')
        : task.status === 'rejected'
          ? t('counts.rejectedNote')
          : t('counts.notYours');
  return (
    <View id="count-outcome" className="sf-section sf-counts-outcome">
      <Text className="sf-counts-note">{note}</Text>
      {counted !== undefined ? (
        <Text>
          {t('counts.counted')} {counted}
          {book !== undefined ? ` · ${t('counts.book')} ${book}` : ''}
          {variance !== undefined && book !== undefined
            ? ` · ${t('counts.variance')} ${signed(variance)}`
            : ''}
        </Text>
      ) : null}
      {task.countedAt ? (
        <Text className="sf-counts-meta">
          {t('counts.countedBy', {
            name: task.countedByName ?? task.countedBy ?? '',
            time: shanghaiDateTime(task.countedAt),
          })}
        </Text>
      ) : null}
      {task.decidedAt ? (
        <Text className="sf-counts-meta">
          {t('counts.decidedBy', { name: task.decidedBy ?? '', time: shanghaiDateTime(task.decidedAt) })}
          {task.comment ? ` · ${task.comment}` : ''}
        </Text>
      ) : null}
    </View>
  );
}
