import type { CycleCount } from '@shopfloor/sdk';
import { Button, Text, Textarea, View } from '@tarojs/components';
import { useState } from 'react';
import { errorMessage } from '../../components/error-message';
import { t } from '../../i18n/i18n';
import type { CountDecision } from '../../services/counts-api';
import { shanghaiDateTime } from '../../shared/shanghai-time';
import { CountExplanationView } from './CountExplanationView';
import { signed, varianceFigures } from './count-model';
import { useCountsApi } from './use-counts-api';

/** A variance beyond tolerance, for an approver or storekeeper who did not count it: approve, reject or recount. */
export function CountDecisionForm({
  task,
  explainAtStart,
  onDecided,
}: {
  task: CycleCount;
  explainAtStart: boolean;
  /** Reads the task again; `refusal` is the server's no, worded for the reader. */
  onDecided(refusal?: string): void;
}) {
  const api = useCountsApi();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [explaining, setExplaining] = useState(explainAtStart);
  const { book, counted, variance, pct } = varianceFigures(task);

  const decide = async (decision: CountDecision) => {
    if (busy) return;
    setBusy(true);
    try {
      await api.decide(task.id, decision, comment.trim() ? { comment: comment.trim() } : {});
      onDecided();
    } catch (error) {
      // Worded from the problem code (own-count, count-not-pending, insufficient-stock…); then read again.
      onDecided(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="sf-counts-decision">
      <View className="sf-report-figures">
        <Figure id="count-book" label={t('counts.book')} value={book} />
        <Figure id="count-counted" label={t('counts.counted')} value={counted} />
        <Figure
          id="count-variance"
          label={t('counts.variance')}
          value={variance === undefined ? undefined : signed(variance)}
          note={pct === null ? t('counts.bookZero') : t('counts.pctOfBook', { pct: signed(pct) })}
          strong
        />
        <Figure label={t('counts.tolerance', { pct: task.tolerancePct })} value={task.abcClass} />
      </View>
      {task.countedAt ? (
        <Text className="sf-counts-meta">
          {t('counts.countedBy', {
            name: task.countedByName ?? task.countedBy ?? '',
            time: shanghaiDateTime(task.countedAt),
          })}
        </Text>
      ) : null}
      {explaining ? (
        <CountExplanationView id={task.id} />
      ) : (
        <Text id="count-explain" className="sf-link" onClick={() => setExplaining(true)}>
          {t('counts.explain')} ›
        </Text>
      )}
      <Textarea
        id="count-comment"
        className="sf-counts-comment"
        value={comment}
        maxlength={500}
        placeholder={t('counts.comment')}
        onInput={(event) => setComment(event.detail.value)}
      />
      <View className="sf-counts-actions">
        <Button
          id="count-approve"
          className="sf-button sf-button--primary"
          disabled={busy || undefined}
          onClick={() => void decide('approve')}
        >
          {t('counts.approve')}
        </Button>
        <Button
          id="count-recount"
          className="sf-button"
          disabled={busy || undefined}
          onClick={() => void decide('recount')}
        >
          {t('counts.recount')}
        </Button>
        <Button
          id="count-reject"
          className="sf-button sf-counts-reject"
          disabled={busy || undefined}
          onClick={() => void decide('reject')}
        >
          {t('counts.reject')}
        </Button>
      </View>
    </View>
  );
}

function Figure({
  id,
  label,
  value,
  note,
  strong,
}: {
  id?: string;
  label: string;
  value?: number | string;
  note?: string;
  strong?: boolean;
}) {
  return (
    <View id={id} className={`sf-report-figure${strong ? ' is-strong' : ''}`}>
      <Text className="sf-report-figure__label">{label}</Text>
      <Text className="sf-report-figure__value">{value ?? '—'}</Text>
      {note ? <Text className="sf-report-figure__note">{note}</Text> : null}
    </View>
  );
}
