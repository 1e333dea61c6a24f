import { type CycleCount, PlatformError } from '@shopfloor/sdk';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../components/error-message';
import { useOutboxEntries } from '../../hooks/use-outbox-entries';
import { useScanWedge } from '../../hooks/use-scan-wedge';
import { t } from '../../i18n/i18n';
import { uomLabel } from '../../i18n/uom';
import { countPath } from '../../services/counts-api';
import { useOutboxState, useServices, useSession } from '../../services/services-context';
import { QtyField } from '../report/QtyField';
import { submissionStatus } from '../report/report-model';
import {
  acceptScan,
  type CountProblem,
  checkCountQty,
  countBody,
  nextScan,
  queuedCount,
  type Scanned,
  type ScanTarget,
  scanSteps,
} from './count-model';

/**
 * The blind count: scan the shelf, the part (and lot), type what is there, submit through the
 * outbox (offline-safe, one Idempotency-Key per count). The book quantity is never shown here.
 */
export function CountForm({
  task,
  precision,
  uom,
  onSubmitted,
  onSent,
}: {
  task: CycleCount;
  precision?: number;
  uom?: string;
  onSubmitted(): void;
  /** The count reached the server: the task's status there is news. */
  onSent(): void;
}) {
  const { outbox, platform } = useServices();
  const session = useSession();
  const outboxState = useOutboxState();
  const entries = useOutboxEntries();
  const [scanned, setScanned] = useState<Scanned>({});
  const [wrongScan, setWrongScan] = useState<string>();
  const [qtyText, setQtyText] = useState('');
  const [showProblems, setShowProblems] = useState(false);
  const [busy, setBusy] = useState(false);
  const [submittedId, setSubmittedId] = useState<string>();
  // A count of this task captured earlier (offline, another visit) is the one that goes: no second.
  const earlier = queuedCount(task.id, entries);
  const watching = submittedId ?? earlier?.id;
  const submission = watching ? submissionStatus(watching, entries, outboxState) : undefined;
  const locked = submission !== undefined && submission.state !== 'rejected';
  const sent = submission?.state === 'sent';
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per delivery, not per new callback
  useEffect(() => {
    if (sent) onSent();
  }, [sent]);

  const onCode = (code: string) => {
    if (locked) return;
    const result = acceptScan(task, scanned, code);
    if (result.ok) {
      setScanned(result.scanned);
      setWrongScan(undefined);
    } else {
      setWrongScan(t('counts.wrongLabel', { code: result.code, step: t(`counts.step.${result.expected}`) }));
    }
  };
  // A scan gun types the label and Enter: each label is taken without a tap.
  useScanWedge(onCode);
  const scan = async () => {
    try {
      onCode(await platform.scan());
    } catch (error) {
      if (error instanceof PlatformError && error.code === 'CANCELLED') return;
      platform.toast(errorMessage(error), 'error');
    }
  };

  const next = nextScan(task, scanned);
  const qty = checkCountQty(qtyText, precision);
  const qtyProblem = typeof qty === 'number' ? undefined : qty;
  const shownProblem = qtyProblem && (showProblems || qtyProblem !== 'empty') ? qtyProblem : undefined;

  const submit = async () => {
    setShowProblems(true);
    if (busy || locked || next !== undefined || typeof qty !== 'number') return;
    setBusy(true);
    try {
      const body = countBody(qty, scanned);
      const retry = submission?.state === 'rejected' ? submission.entry : undefined;
      const entry = retry
        ? await outbox.resend(retry.id, body)
        : await outbox.enqueue({
            kind: 'cycle-count',
            method: 'POST',
            path: countPath(task.id),
            body,
            orderKey: `cycle-count:${task.id}`,
            owner: session?.user.id,
            label: t('counts.labelQty', { item: task.item, location: task.location, qty }),
          });
      setSubmittedId(entry.id);
      onSubmitted();
    } catch (error) {
      platform.toast(errorMessage(error), 'error');
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="sf-report sf-counts-form">
      <Text className="sf-notice sf-counts-blind">{t('counts.blindHint')}</Text>
      <Button id="count-scan" className="sf-button sf-button--scan" onClick={() => void scan()}>
        <Text className="sf-button__icon">扫</Text>
        <View className="sf-button__text">
          <Text className="sf-button__main">
            {next ? `${t('counts.step.next')} ${t(`counts.step.${next}`)}` : t('counts.scan')}
          </Text>
          <Text className="sf-button__sub">{t('counts.scanHint')}</Text>
        </View>
      </Button>
      <View className="sf-counts-steps">
        {scanSteps(task).map((step) => (
          <ScanStep key={step} step={step} code={task[step] ?? ''} done={scanned[step] !== undefined} />
        ))}
      </View>
      {wrongScan ? (
        <Text id="count-wrong-scan" className="sf-notice sf-notice--error">
          {wrongScan}
        </Text>
      ) : null}
      {showProblems && next !== undefined ? (
        <Text id="count-scan-first" className="sf-notice sf-notice--error">
          {t('counts.scanFirst')}
        </Text>
      ) : null}
      <QtyField
        id="count-qty"
        label={t('counts.qty')}
        unit={uomLabel(uom)}
        value={qtyText}
        problem={shownProblem ? problemText(shownProblem, task.item, precision) : undefined}
        onChange={(value) => !locked && setQtyText(value)}
      />
      {submission ? (
        <View id="count-result" className={`sf-report-result is-${submission.state}`}>
          <Text className="sf-report-result__title">
            {submission.state === 'rejected'
              ? t('counts.rejected', { reason: submission.reason })
              : submission.state === 'sent'
                ? `✓ ${t('counts.sent')}`
                : submission.state === 'sending'
                  ? t('counts.sending')
                  : t('counts.saved')}
          </Text>
          <Button
            className="sf-button"
            onClick={() =>
              void Taro.navigateBack().catch(() => Taro.reLaunch({ url: '/pages/counts/index' }))
            }
          >
            {t('counts.backToList')}
          </Button>
        </View>
      ) : null}
      {locked ? null : (
        <Button
          id="count-submit"
          className="sf-button sf-button--primary sf-report-submit"
          disabled={busy || undefined}
          onClick={() => void submit()}
        >
          {submission?.state === 'rejected' ? t('counts.fix') : t('counts.submit')}
        </Button>
      )}
    </View>
  );
}

function ScanStep({ step, code, done }: { step: ScanTarget; code: string; done: boolean }) {
  return (
    <View id={`count-step-${step}`} className={`sf-counts-step${done ? ' is-done' : ''}`}>
      <Text className="sf-counts-step__mark">{done ? '✓' : '○'}</Text>
      <Text className="sf-counts-step__label">{t(`counts.step.${step}`)}</Text>
      <Text className="sf-counts-step__code">{code}</Text>
    </View>
  );
}

function problemText(problem: CountProblem, item: string, precision?: number): string {
  if (problem === 'tooFine')
    return precision
      ? t('counts.problem.tooFine', { item, places: precision })
      : t('counts.problem.tooFine0', { item });
  return t(`counts.problem.${problem}`);
}
