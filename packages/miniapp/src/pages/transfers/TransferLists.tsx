import type { Transfer } from '@shopfloor/sdk';
import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { errorMessage } from '../../components/error-message';
import { LoadError } from '../../components/Screen';
import { useQuery } from '../../hooks/use-query';
import { t } from '../../i18n/i18n';
import { useSession } from '../../services/services-context';
import type { TransferDecision } from '../../services/transfers-api';
import { shanghaiDateTime } from '../../shared/shanghai-time';
import { mayDecide } from './transfer-model';
import { useTransfersApi } from './use-transfers-api';

/** The transfers I asked for, newest first (the server lists what I may see; mine are those I requested). */
export function MyTransfers() {
  const api = useTransfersApi();
  const me = useSession()?.user.id;
  const query = useQuery(`transfers:mine:${me}`, async () => {
    const page = await api.listPage({ limit: 100 });
    return page.items.filter((transfer) => transfer.requester === me);
  });
  return (
    <Section
      id="transfers-mine"
      title={t('transfers.tab.mine')}
      query={query}
      empty={t('transfers.mineEmpty')}
    >
      {(items) => items.map((transfer) => <TransferRow key={transfer.id} transfer={transfer} mine />)}
    </Section>
  );
}

/** Pending transfers into a warehouse I keep, asked for by someone else: confirm what arrived, or refuse it. */
export function WaitingTransfers() {
  const api = useTransfersApi();
  const user = useSession()?.user;
  const query = useQuery(`transfers:waiting:${user?.id}`, async () => {
    const page = await api.listPage({ status: 'pending', limit: 100 });
    return page.items.filter((transfer) => mayDecide(user, transfer));
  });
  return (
    <Section
      id="transfers-waiting"
      title={t('transfers.tab.waiting')}
      query={query}
      empty={t('transfers.waitingEmpty')}
    >
      {(items) =>
        items.map((transfer) => (
          <TransferRow key={transfer.id} transfer={transfer}>
            <DecisionBar transfer={transfer} onDecided={query.reload} />
          </TransferRow>
        ))
      }
    </Section>
  );
}

function DecisionBar({ transfer, onDecided }: { transfer: Transfer; onDecided(): void }) {
  const api = useTransfersApi();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string }>();
  const decide = async (decision: TransferDecision) => {
    if (busy) return;
    if (decision === 'reject' && !comment.trim())
      return setOutcome({ ok: false, text: t('transfers.commentMissing') });
    setBusy(true);
    try {
      await api.decide(transfer.id, decision, comment.trim() || undefined);
      setOutcome({
        ok: true,
        text: t(decision === 'approve' ? 'transfers.approved' : 'transfers.rejectedDone'),
      });
      // Read the list again after a moment, so the outcome is seen before the row leaves.
      setTimeout(onDecided, 1500);
    } catch (error) {
      // Worded from the problem code: transfer-not-pending, insufficient-stock, own-request…
      setOutcome({ ok: false, text: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };
  const id = transfer.id;
  return (
    <View className="sf-transfer-decision">
      {outcome ? (
        <Text
          id={`transfer-outcome-${id}`}
          className={`sf-notice ${outcome.ok ? 'sf-transfer-ok' : 'sf-notice--error'}`}
        >
          {outcome.text}
        </Text>
      ) : null}
      {outcome?.ok ? null : (
        <>
          <Input
            id={`transfer-comment-${id}`}
            className="sf-input"
            value={comment}
            maxlength={500}
            placeholder={t('transfers.comment')}
            onInput={(event) => setComment(event.detail.value)}
          />
          <View className="sf-transfer-actions">
            <Button
              id={`transfer-approve-${id}`}
              className="sf-button sf-button--primary"
              disabled={busy || undefined}
              onClick={() => void decide('approve')}
            >
              {t('transfers.approve')}
            </Button>
            <Button
              id={`transfer-reject-${id}`}
              className="sf-button sf-counts-reject"
              disabled={busy || undefined}
              onClick={() => void decide('reject')}
            >
              {t('transfers.reject')}
            </Button>
          </View>
        </>
      )}
    </View>
  );
}

function TransferRow({
  transfer,
  mine = false,
  children,
}: {
  transfer: Transfer;
  /** In my own list the requester is me: not said again. */
  mine?: boolean;
  children?: React.ReactNode;
}) {
  return (
    <View id={`transfer-row-${transfer.id}`} className="sf-transfer-row">
      <View className="sf-transfer-row__head">
        <Text className="sf-row__title">{transfer.no}</Text>
        <Text className={`sf-transfer-status is-${transfer.status}`}>
          {t(`transfers.status.${transfer.status}`)}
        </Text>
      </View>
      {transfer.lines.map((line) => (
        <Text key={line.line} className="sf-transfer-line">
          {line.item} × {line.qty}
          {line.lot ? ` · ${t('transfers.lotOf', { lot: line.lot })}` : ''}　
          {t('transfers.route', { from: line.from, to: line.to })}
        </Text>
      ))}
      <Text className="sf-row__sub">
        {transfer.fromWarehouse === transfer.toWarehouse
          ? transfer.fromWarehouse
          : t('transfers.route', { from: transfer.fromWarehouse, to: transfer.toWarehouse })}{' '}
        ·{' '}
        {mine ? '' : `${t('transfers.requester', { name: transfer.requesterName ?? transfer.requester })} · `}
        {shanghaiDateTime(transfer.createdAt)}
      </Text>
      {transfer.status === 'rejected' && transfer.decisionComment ? (
        <Text className="sf-row__sub">{t('transfers.reason', { comment: transfer.decisionComment })}</Text>
      ) : null}
      {children}
    </View>
  );
}

function Section<T>({
  id,
  title,
  query,
  empty,
  children,
}: {
  id: string;
  title: string;
  query: { data?: T[]; error?: unknown; loading: boolean; reload(): void };
  empty: string;
  children: (items: T[]) => React.ReactNode;
}) {
  const items = query.data;
  return (
    <View id={id} className="sf-section">
      <View className="sf-section__head">
        <Text className="sf-section__title">{title}</Text>
        {items ? <Text className="sf-section__count">{items.length}</Text> : null}
      </View>
      {query.error ? <LoadError error={query.error} onRetry={query.reload} /> : null}
      {!items && query.loading ? <Text className="sf-muted">{t('common.loading')}</Text> : null}
      {items && items.length === 0 ? <Text className="sf-empty">{empty}</Text> : null}
      {items && items.length > 0 ? children(items) : null}
    </View>
  );
}
