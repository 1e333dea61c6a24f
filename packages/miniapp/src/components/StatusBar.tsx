import { Text, View } from '@tarojs/components';
import { setLocale, t, useLocale } from '../i18n/i18n';
import { navigate } from '../navigate';
import { useOnline, useOutboxState } from '../services/services-context';

/** Always on top: is the phone online, and how many reports still wait to be sent (tap: the list). */
export function StatusBar() {
  const online = useOnline();
  const outbox = useOutboxState();
  const locale = useLocale();
  const rejected = outbox.deadLetters.length;
  return (
    <View className={`sf-status ${online ? 'is-online' : 'is-offline'}`}>
      <View className="sf-status__net">
        <View className="sf-status__dot" />
        <Text>{online ? t('status.online') : t('status.offline')}</Text>
      </View>
      <View id="status-queue" className="sf-status__queue" onClick={() => navigate('outbox')}>
        {outbox.pending > 0 ? (
          <Text className="sf-pill sf-pill--pending">
            {outbox.sending ? t('status.sending') : t('status.pending', { n: outbox.pending })}
          </Text>
        ) : outbox.lastSentAt ? (
          <Text className="sf-pill sf-pill--sent">{t('status.sent')}</Text>
        ) : null}
        {rejected > 0 ? (
          <Text className="sf-pill sf-pill--failed">{t('status.failed', { n: rejected })}</Text>
        ) : null}
      </View>
      <Text className="sf-status__lang" onClick={() => setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN')}>
        {t('lang.switch')}
      </Text>
    </View>
  );
}
