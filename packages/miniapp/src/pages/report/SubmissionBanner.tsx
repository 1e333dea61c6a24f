import type { DeadLetter } from '@shopfloor/sdk';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { t } from '../../i18n/i18n';
import type { Submission } from './report-model';

/** What became of the last report: saved on the phone, sending, sent, or refused with the reason. */
export function SubmissionBanner({
  submission,
  onCorrect,
  onNext,
}: {
  submission: Submission;
  onCorrect(letter: DeadLetter): void;
  onNext(): void;
}) {
  if (submission.state === 'rejected') {
    return (
      <View id="report-result" className="sf-report-result is-rejected">
        <Text className="sf-report-result__title">{t('report.rejected', { reason: submission.reason })}</Text>
        <Button className="sf-button sf-button--primary" onClick={() => onCorrect(submission.entry)}>
          {t('report.fix')}
        </Button>
      </View>
    );
  }
  const title =
    submission.state === 'sent'
      ? t('report.sent')
      : submission.state === 'sending'
        ? t('report.sending')
        : t('report.saved');
  return (
    <View id="report-result" className={`sf-report-result is-${submission.state}`}>
      <Text className="sf-report-result__title">
        {submission.state === 'sent' ? '✓ ' : ''}
        {title}
      </Text>
      <View className="sf-report-result__actions">
        <Button
          className="sf-button"
          onClick={() => void Taro.navigateBack().catch(() => Taro.reLaunch({ url: '/pages/index/index' }))}
        >
          {t('report.home')}
        </Button>
        <Button id="report-next" className="sf-button sf-button--primary" onClick={onNext}>
          {t('report.next')}
        </Button>
      </View>
    </View>
  );
}
