import { Text } from '@tarojs/components';
import { Screen } from '../../components/Screen';
import { t } from '../../i18n/i18n';

/** 报工：扫码后填写良品、报废数量并提交. */
export default function ReportPage() {
  return (
    <Screen>
      <Text className="sf-muted">{t('report.title')}</Text>
    </Screen>
  );
}
