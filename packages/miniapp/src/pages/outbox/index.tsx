import type { DeadLetter, OutboxEntry } from '@shopfloor/sdk';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { errorMessage } from '../../components/error-message';
import { Screen } from '../../components/Screen';
import { useOutboxEntries } from '../../hooks/use-outbox-entries';
import { type MessageKey, t } from '../../i18n/i18n';
import { navigate } from '../../navigate';
import { useOnline, useOutboxState, useServices, useSession } from '../../services/services-context';
import { failureText } from '../report/report-model';
import './outbox.css';
import { shanghaiDateTime } from '../../shared/shanghai-time';

/** 待发送: what this phone still has to send, and what the server sent back with its reason. */
export default function OutboxPage() {
  return (
    <Screen>
      <OutboxList />
    </Screen>
  );
}

function OutboxList() {
  const { outbox, platform } = useServices();
  const state = useOutboxState();
  const online = useOnline();
  const entries = useOutboxEntries() ?? [];

  const act = async (work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (error) {
      platform.toast(errorMessage(error), 'error');
    }
  };
  const discard = async (letter: DeadLetter) => {
    const { confirm } = await Taro.showModal({
      title: t('outbox.discard'),
      content: t('outbox.discardConfirm'),
    });
    if (confirm) await act(() => outbox.discard(letter.id));
  };

  return (
    <View className="sf-outbox">
      {state.deadLetters.length > 0 ? (
        <View className="sf-section">
          <View className="sf-section__head">
            <Text className="sf-section__title">{t('outbox.rejected', { n: state.deadLetters.length })}</Text>
          </View>
          {state.deadLetters.map((letter) => (
            <View key={letter.id} className="sf-outbox-item is-rejected">
              <EntryHead entry={letter} />
              <Text className="sf-outbox-item__reason">{failureText(letter.reason)}</Text>
              <View className="sf-outbox-item__actions">
                {letter.kind === 'operation-report' ? (
                  <Button className="sf-button sf-button--primary" onClick={() => openCorrection(letter)}>
                    {t('outbox.correct')}
                  </Button>
                ) : letter.kind === 'issue-request' && letter.orderKey ? (
                  // The same body would be refused again: fill the request in anew (this one stays
                  // here until discarded, so nothing typed is lost).
                  <Button
                    className="sf-button sf-button--primary"
                    onClick={() => navigate('issueRequests', { new: 1, workOrderNo: letter.orderKey! })}
                  >
                    {t('outbox.refill')}
                  </Button>
                ) : (
                  <Button
                    className="sf-button sf-button--primary"
                    onClick={() => void act(() => outbox.resend(letter.id))}
                  >
                    {t('outbox.resend')}
                  </Button>
                )}
                <Button className="sf-button" onClick={() => void discard(letter)}>
                  {t('outbox.discard')}
                </Button>
              </View>
            </View>
          ))}
        </View>
      ) : null}

      <View className="sf-section">
        <View className="sf-section__head">
          <Text className="sf-section__title">{t('outbox.pending', { n: entries.length })}</Text>
        </View>
        {entries.length === 0 ? <Text className="sf-empty">{t('outbox.empty')}</Text> : null}
        {entries.map((entry) => (
          <View key={entry.id} className="sf-outbox-item">
            <EntryHead entry={entry} />
            {entry.attempts > 0 ? (
              <Text className="sf-outbox-item__meta">
                {t('outbox.attempts', { n: entry.attempts })}
                {entry.lastError
                  ? ` · ${t('outbox.lastError', { reason: failureText(entry.lastError) })}`
                  : ''}
              </Text>
            ) : null}
          </View>
        ))}
        {entries.length > 0 ? (
          online ? (
            <Button
              id="outbox-send"
              className="sf-button sf-button--primary sf-outbox-send"
              onClick={() => void act(() => outbox.flush({ ignoreBackoff: true }))}
            >
              {t('outbox.sendNow')}
            </Button>
          ) : (
            <Text className="sf-notice">{t('outbox.offline')}</Text>
          )
        ) : null}
      </View>
    </View>
  );
}

function EntryHead({ entry }: { entry: OutboxEntry }) {
  const session = useSession();
  const othersEntry = entry.owner !== undefined && entry.owner !== session?.user.id;
  const kindKey = `outbox.kind.${entry.kind}` as MessageKey;
  const known = ['operation-report', 'issue-request', 'cycle-count'].includes(entry.kind);
  return (
    <View className="sf-outbox-item__head">
      <Text className="sf-chip">{t(known ? kindKey : 'outbox.kind.other')}</Text>
      <Text className="sf-outbox-item__label">{entry.label ?? entry.path}</Text>
      <Text className="sf-outbox-item__meta">
        {t('outbox.captured', { time: shanghaiDateTime(entry.capturedAt) })}
      </Text>
      {othersEntry ? (
        <Text className="sf-outbox-item__owner">{t('outbox.otherUser', { user: entry.owner! })}</Text>
      ) : null}
    </View>
  );
}

/** The report page of the rejected report, prefilled with it, to fix and send again. */
function openCorrection(letter: DeadLetter) {
  const match = /^\/work-orders\/([^/]+)\/operations\/(\d+)\/reports$/.exec(letter.path);
  if (!match) return;
  navigate('report', { workOrderNo: decodeURIComponent(match[1]!), seq: match[2]!, retry: letter.id });
}
