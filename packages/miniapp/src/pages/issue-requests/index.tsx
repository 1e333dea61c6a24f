import { Text } from '@tarojs/components';
import { Screen } from '../../components/Screen';
import { t } from '../../i18n/i18n';

/** 领料申请：创建、审批. */
export default function IssueRequestsPage() {
  return (
    <Screen>
      <Text className="sf-muted">{t('issuerequests.title')}</Text>
    </Screen>
  );
}
