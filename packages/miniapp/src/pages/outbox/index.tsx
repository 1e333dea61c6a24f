import { Text } from '@tarojs/components';
import { Screen } from '../../components/Screen';
import { t } from '../../i18n/i18n';

/** 待发送与被退回的记录. */
export default function OutboxPage() {
  return (
    <Screen>
      <Text className="sf-muted">{t('outbox.title')}</Text>
    </Screen>
  );
}
