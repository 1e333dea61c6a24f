import { Text } from '@tarojs/components';
import { Screen } from '../../components/Screen';
import { t } from '../../i18n/i18n';

/** 生产看板. */
export default function BoardPage() {
  return (
    <Screen>
      <Text className="sf-muted">{t('board.title')}</Text>
    </Screen>
  );
}
