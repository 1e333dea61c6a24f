import { TranslationOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { setLocale, t, useLocale } from '../i18n/i18n';

/** 中文 ⇄ English; the choice is kept in localStorage. */
export function LanguageSwitch() {
  const locale = useLocale();
  return (
    <Button
      type="text"
      size="small"
      icon={<TranslationOutlined />}
      onClick={() => setLocale(locale === 'en' ? 'zh-CN' : 'en')}
    >
      {t('lang.switch')}
    </Button>
  );
}
