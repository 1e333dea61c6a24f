import { Text } from '@tarojs/components';
import { Screen } from '../../components/Screen';
import { t } from '../../i18n/i18n';

/** 库存预警. */
export default function AlertsPage() {
  return (
    <Screen>
      <Text className="sf-muted">{t('alerts.title')}</Text>
    </Screen>
  );
}
