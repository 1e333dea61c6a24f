import { Input } from 'antd';
import { t } from '../i18n/i18n';

export interface DateRange {
  from: string;
  to: string;
}

/** 从 … 到 …: two native date inputs (YYYY-MM-DD); clearing one keeps the range as it was. */
export function DateRangeInputs({
  value,
  onChange,
}: {
  value: DateRange;
  onChange: (next: DateRange) => void;
}) {
  return (
    <>
      <span>{t('load.from')}</span>
      <Input
        type="date"
        aria-label={t('load.from')}
        value={value.from}
        onChange={(e) => e.target.value && onChange({ ...value, from: e.target.value })}
      />
      <span>{t('load.to')}</span>
      <Input
        type="date"
        aria-label={t('load.to')}
        value={value.to}
        onChange={(e) => e.target.value && onChange({ ...value, to: e.target.value })}
      />
    </>
  );
}
