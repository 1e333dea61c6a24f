import { Text } from '@tarojs/components';
import { Screen } from '../../components/Screen';
import { t } from '../../i18n/i18n';

/** 批次追溯. */
export default function TracePage() {
  return (
    <Screen>
      <Text className="sf-muted">{t('trace.title')}</Text>
    </Screen>
  );
}
