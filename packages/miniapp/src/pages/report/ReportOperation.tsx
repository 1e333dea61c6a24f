import { type DeadLetter, type OutboxEntry, PlatformError } from '@shopfloor/sdk';
import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../components/error-message';
import { LoadError } from '../../components/Screen';
import {
  StoppedBadge,
  StoppedBanner,
  type StoppedStatus,
  stoppedStatus,
} from '../../components/WorkOrderStopped';
import { useOutboxEntries } from '../../hooks/use-outbox-entries';
import { useWorkshopNames } from '../../hooks/use-workshop-names';
import { type MessageKey, t } from '../../i18n/i18n';
import { uomLabel } from '../../i18n/uom';
import { useOutboxState, useServices, useSession } from '../../services/services-context';
import { shanghaiTime } from '../../shared/shanghai-time';
import { materialNote } from '../index/material';
import { LotsSection } from './LotsSection';
import { QtyField } from './QtyField';
import {
  checkDraft,
  draftFromBody,
  failureText,
  type OperationFigures,
  operationFigures,
  type ProblemCode,
  parseQty,
  type ReportDraft,
  refusalFor,
  reportPath,
  submissionStatus,
  todayInShanghai,
  toReportBody,
} from './report-model';
import { SubmissionBanner } from './SubmissionBanner';
import { scanNextOperation } from './scan-next';
import { type LoadedWorkOrder, useWorkOrder } from './use-work-order';

const REASONS: MessageKey[] = [
  'report.reason.dimension',
  'report.reason.surface',
  'report.reason.material',
  'report.reason.machine',
  'report.reason.assembly',
  'report.reason.other',
];

const emptyDraft = (good = ''): ReportDraft => ({
  good,
  scrap: '0',
  scrapReason: '',
  consumedLots: [],
  producedLot: '',
});

/** One operation: its figures, the quantities to report and what became of the last submission. */
export function ReportOperation({
  workOrderNo,
  seq,
  retryId,
}: {
  workOrderNo: string;
  seq: number;
  retryId?: string;
}) {
  const outboxState = useOutboxState();
  const entries = useOutboxEntries();
  const query = useWorkOrder(workOrderNo);

  // A delivered report changes the server's figures: read them again.
  const { reload } = query;
  const lastSentAt = outboxState.lastSentAt;
  useEffect(() => {
    if (lastSentAt) reload();
  }, [lastSentAt, reload]);

  const loaded = query.data;
  if (!loaded) {
    return query.error ? (
      <LoadError error={query.error} onRetry={query.reload} />
    ) : (
      <Text className="sf-muted">{t('common.loading')}</Text>
    );
  }
  if (!entries) return <Text className="sf-muted">{t('common.loading')}</Text>;
  const figures = loaded.order ? operationFigures(loaded.order, seq, entries) : undefined;
  if (loaded.order && !figures) {
    return (
      <Text className="sf-notice sf-notice--error">{t('report.noOperation', { no: workOrderNo, seq })}</Text>
    );
  }
  return (
    <ReportForm
      workOrderNo={workOrderNo}
      seq={seq}
      loaded={loaded}
      figures={figures}
      entries={entries}
      retry={retryId ? outboxState.deadLetters.find((letter) => letter.id === retryId) : undefined}
    />
  );
}

/**
 * The form, mounted once the figures are known so its fields start filled (one tap to submit).
 * Without figures (offline, work order never seen) it still takes the report.
 */
function ReportForm({
  workOrderNo,
  seq,
  loaded,
  figures,
  entries,
  retry,
}: {
  workOrderNo: string;
  seq: number;
  loaded: LoadedWorkOrder;
  figures?: OperationFigures;
  entries: readonly OutboxEntry[];
  retry?: DeadLetter;
}) {
  const { outbox, platform, client } = useServices();
  const workshopNames = useWorkshopNames(client);
  const session = useSession();
  const outboxState = useOutboxState();
  const [correcting, setCorrecting] = useState<DeadLetter | undefined>(retry);
  const [draft, setDraft] = useState<ReportDraft>(() =>
    retry ? draftFromBody(retry.body) : emptyDraft(figures ? String(figures.available) : ''),
  );
  const [showProblems, setShowProblems] = useState(Boolean(retry));
  const [submittedId, setSubmittedId] = useState<string>();
  const [busy, setBusy] = useState(false);
  // Just submitted: a second tap would file the refilled quantity as another report. Any edit re-arms.
  const [justSubmitted, setJustSubmitted] = useState(false);
  const edit = (next: ReportDraft) => {
    setDraft(next);
    setJustSubmitted(false);
  };

  // The server's checks, on the phone (also on the offline copy): 可报, the item's decimals, sign.
  const limits = { available: figures?.available, precision: loaded.order?.precision };
  const { problems } = checkDraft(draft, limits);
  const refusal = figures ? refusalFor(session?.user, figures.op) : undefined;
  // A wrong figure is said as it is typed; an empty draft waits for the tap.
  const shown = showProblems
    ? problems
    : Object.fromEntries(Object.entries(problems).filter(([, code]) => code !== 'nothingReported'));
  const problemText = (code: ProblemCode | undefined) =>
    code === undefined
      ? undefined
      : code === 'tooFine'
        ? limits.precision
          ? t('report.problem.tooFine', { places: limits.precision })
          : t('report.problem.tooFine0')
        : code === 'overAvailable'
          ? t('report.problem.overAvailable', { n: figures?.available ?? 0 })
          : t(`report.problem.${code}`);
  const good = parseQty(draft.good);
  const scrap = parseQty(draft.scrap);
  const asked = (typeof good === 'number' ? good : 0) + (typeof scrap === 'number' ? scrap : 0);
  const uom = uomLabel(loaded.order?.uom);
  const stopped = stoppedStatus(loaded.order);
  const submission = submittedId ? submissionStatus(submittedId, entries, outboxState) : undefined;

  const submit = async () => {
    setShowProblems(true);
    if (refusal || Object.keys(problems).length > 0 || busy) return;
    setBusy(true);
    try {
      const body = toReportBody(draft, new Date());
      const entry = correcting
        ? await outbox.resend(correcting.id, body)
        : await outbox.enqueue({
            kind: 'operation-report',
            method: 'POST',
            path: reportPath(workOrderNo, seq),
            body,
            orderKey: workOrderNo,
            owner: session?.user.id,
            label: `${workOrderNo} · ${seq}${figures ? ` ${figures.op.name}` : ''} · ${t('report.labelQty', { good: body.goodQty, scrap: body.scrapQty })}`,
          });
      setSubmittedId(entry.id);
      setJustSubmitted(true);
      setCorrecting(undefined);
      setShowProblems(false);
      setDraft(
        emptyDraft(figures ? String(Math.max(0, Math.round((figures.available - asked) * 1e6) / 1e6)) : ''),
      );
    } catch (error) {
      platform.toast(errorMessage(error), 'error');
    } finally {
      setBusy(false);
    }
  };

  const correct = (letter: DeadLetter) => {
    setCorrecting(letter);
    setDraft(draftFromBody(letter.body));
    setJustSubmitted(false);
    setSubmittedId(undefined);
    setShowProblems(true);
    void Taro.pageScrollTo({ scrollTop: 0, duration: 200 });
  };

  return (
    <View className="sf-report">
      {loaded.offlineSince ? (
        <Text className="sf-notice sf-report-offline">
          {t('report.offlineCopy', { time: shanghaiTime(loaded.offlineSince) })}
        </Text>
      ) : null}
      {correcting ? (
        <Text className="sf-notice sf-notice--error">
          {t('report.rejected', { reason: failureText(correcting.reason) })}
        </Text>
      ) : null}
      {loaded.order && figures ? (
        <>
          <OperationHeader
            no={workOrderNo}
            figures={figures}
            item={loaded.order.item}
            itemName={loaded.itemName}
            due={loaded.order.due}
            stopped={stopped}
          />
          <Figures figures={figures} uom={uom} />
        </>
      ) : (
        <View className="sf-report-head">
          <Text className="sf-report-head__op">{t('report.blindTitle', { seq })}</Text>
          <Text className="sf-report-head__wo">{workOrderNo}</Text>
          <Text className="sf-notice sf-report-offline">{t('report.blind')}</Text>
        </View>
      )}

      {stopped ? (
        <StoppedBanner status={stopped} reason={loaded.order?.statusReason} />
      ) : refusal ? (
        <View id="report-not-yours" className="sf-notice sf-notice--error sf-report-refusal">
          <Text className="sf-report-refusal__title">{t('report.notYours')}</Text>
          <Text>
            {t('report.notYoursReason', {
              workshop: figures?.op.workshopName ?? workshopNames.get(refusal.workshop) ?? refusal.workshop,
              mine:
                refusal.mine.length > 0
                  ? refusal.mine.map((code) => workshopNames.get(code) ?? code).join('、')
                  : t('report.noWorkshop'),
            })}
          </Text>
        </View>
      ) : (
        <>
          <QtyField
            id="report-good"
            label={t('report.good')}
            unit={uom}
            value={draft.good}
            problem={problemText(shown.good)}
            onChange={(value) => edit({ ...draft, good: value })}
          />
          <QtyField
            id="report-scrap"
            label={t('report.scrap')}
            unit={uom}
            tone="scrap"
            value={draft.scrap}
            problem={problemText(shown.scrap)}
            onChange={(value) => edit({ ...draft, scrap: value })}
          />
          {typeof scrap === 'number' && scrap > 0 ? (
            <View className={`sf-report-reasons${shown.scrapReason ? ' has-problem' : ''}`}>
              <Text className="sf-report-label">{t('report.reason')}</Text>
              <View className="sf-report-reasons__chips">
                {REASONS.map((key) => {
                  const text = t(key);
                  return (
                    <View
                      key={key}
                      className={`sf-report-chip${draft.scrapReason === text ? ' is-on' : ''}`}
                      onClick={() => edit({ ...draft, scrapReason: text })}
                    >
                      <Text>{text}</Text>
                    </View>
                  );
                })}
              </View>
              <Input
                className="sf-input"
                value={REASONS.some((key) => t(key) === draft.scrapReason) ? '' : draft.scrapReason}
                placeholder={t('report.reasonPlaceholder')}
                onInput={(event) => edit({ ...draft, scrapReason: event.detail.value })}
              />
              {shown.scrapReason ? (
                <Text className="sf-qty__problem">{problemText(shown.scrapReason)}</Text>
              ) : null}
            </View>
          ) : null}

          <LotsSection
            draft={draft}
            defaultQty={asked}
            problem={problemText(shown.consumedLots)}
            onChange={edit}
          />

          {submission ? (
            <SubmissionBanner
              submission={submission}
              onCorrect={correct}
              onNext={() => void scanNext(platform)}
            />
          ) : null}

          <Button
            id="report-submit"
            className="sf-button sf-button--primary sf-report-submit"
            disabled={busy || justSubmitted || undefined}
            onClick={() => void submit()}
          >
            {correcting ? t('report.resubmit') : justSubmitted ? t('report.submitted') : t('report.submit')}
          </Button>
        </>
      )}
    </View>
  );
}

async function scanNext(platform: ReturnType<typeof useServices>['platform']) {
  try {
    await scanNextOperation(platform);
  } catch (error) {
    if (error instanceof PlatformError && error.code === 'CANCELLED') return;
    platform.toast(errorMessage(error), 'error');
  }
}

function OperationHeader({
  no,
  figures,
  item,
  itemName,
  due,
  stopped,
}: {
  no: string;
  figures: OperationFigures;
  item: string;
  itemName?: string;
  due: string;
  /** The work order is on hold, cancelled or closed: that, not the operation's status. */
  stopped?: StoppedStatus;
}) {
  const overdue = due < todayInShanghai() && figures.op.status !== 'done';
  // 待齐套 as on the home page: the operator sees before counting that a component is not issued yet.
  const material = stopped ? undefined : materialNote(figures.op);
  return (
    <View className="sf-report-head">
      <View className="sf-report-head__top">
        <Text className="sf-report-head__op">
          {figures.op.seq} · {figures.op.name}
        </Text>
        {stopped ? (
          <StoppedBadge status={stopped} />
        ) : material ? (
          <Text className="sf-badge sf-badge--material">{material.badge}</Text>
        ) : (
          <Text className={`sf-badge sf-badge--${figures.op.status}`}>
            {t(`op.status.${figures.op.status}`)}
          </Text>
        )}
      </View>
      {material?.missing ? <Text className="sf-report-head__missing">{material.missing}</Text> : null}
      <Text className="sf-report-head__wo">{no}</Text>
      <Text className="sf-report-head__item">
        {item}
        {itemName && itemName !== item ? ` ${itemName}` : ''}
      </Text>
      <View className="sf-report-head__meta">
        <Text>{figures.op.workshopName ?? figures.op.workshop}</Text>
        <Text className={overdue ? 'sf-report-overdue' : undefined}>
          {t('report.due', { date: due })}
          {overdue ? ` · ${t('report.overdue')}` : ''}
        </Text>
      </View>
    </View>
  );
}

function Figures({ figures, uom }: { figures: OperationFigures; uom?: string }) {
  const pending = figures.pendingGood + figures.pendingScrap;
  return (
    <View className="sf-report-figures">
      <Figure label={t('report.target')} value={figures.target} uom={uom} />
      <Figure
        label={t('report.previous')}
        value={figures.previous ? figures.previous.goodQty : undefined}
        note={figures.previous ? undefined : t('report.firstOp')}
        uom={uom}
      />
      <Figure
        label={t('report.reported')}
        value={figures.good}
        note={`${t('report.scrap')} ${figures.scrap}${pending > 0 ? ` · ${t('report.pendingHere', { n: pending })}` : ''}`}
        uom={uom}
      />
      <Figure label={t('report.available')} value={figures.available} uom={uom} strong />
    </View>
  );
}

function Figure({
  label,
  value,
  note,
  uom,
  strong,
}: {
  label: string;
  value?: number;
  note?: string;
  uom?: string;
  strong?: boolean;
}) {
  return (
    <View className={`sf-report-figure${strong ? ' is-strong' : ''}`}>
      <Text className="sf-report-figure__label">{label}</Text>
      <Text className="sf-report-figure__value">
        {value === undefined ? '—' : value}
        {value !== undefined && uom ? <Text className="sf-report-figure__uom"> {uom}</Text> : null}
      </Text>
      {note ? <Text className="sf-report-figure__note">{note}</Text> : null}
    </View>
  );
}
