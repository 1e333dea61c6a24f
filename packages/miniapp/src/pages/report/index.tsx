import { Text } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { Screen } from '../../components/Screen';
import { t } from '../../i18n/i18n';
import { ReportOperation } from './ReportOperation';
import './report.css';

/** 报工: the operation a QR code names, its figures, and good/scrap quantities to submit. */
export default function ReportPage() {
  const { params } = useRouter();
  const workOrderNo = params.workOrderNo ? decodeURIComponent(params.workOrderNo) : '';
  const seq = Number(params.seq);
  const valid = workOrderNo !== '' && Number.isInteger(seq) && seq > 0;
  return (
    <Screen>
      {valid ? (
        <ReportOperation
          key={`${workOrderNo}:${seq}`}
          workOrderNo={workOrderNo}
          seq={seq}
          retryId={params.retry}
        />
      ) : (
        <Text className="sf-notice sf-notice--error">{t('report.missingParams')}</Text>
      )}
    </Screen>
  );
}
