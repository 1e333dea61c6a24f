import type { IssueRequestStatus } from '@shopfloor/sdk';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { ReactNode } from 'react';
import { t } from '../../i18n/i18n';
import { uomLabel } from '../../i18n/uom';
import { ROUTES } from '../../routes';
import { formatQty, statusTone } from './logic';

// One wording of units across the app; the pages of this folder import it from here.
export { uomLabel };

/** The page's title row with a back arrow (a plain browser has no navigation bar). */
export function PageHeader({ title, right }: { title: string; right?: ReactNode }) {
  return (
    <View className="sf-issue-requests-header">
      <View id="ir-back" className="sf-issue-requests-header__back" onClick={goBack}>
        <Text className="sf-issue-requests-header__arrow">‹</Text>
        <Text>{t('issuerequests.back')}</Text>
      </View>
      <Text className="sf-issue-requests-header__title">{title}</Text>
      <View className="sf-issue-requests-header__right">{right}</View>
    </View>
  );
}

function goBack() {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
  else void Taro.reLaunch({ url: `/${ROUTES.home}` });
}

/** Replaces the current page (create → list) so "back" does not return to a submitted form. */
export function openPage(params: Record<string, string>) {
  const query = Object.entries(params)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
    .join('&');
  void Taro.redirectTo({ url: `/${ROUTES.issueRequests}${query ? `?${query}` : ''}` });
}

export function StatusBadge({
  status,
  large = false,
  id,
}: {
  status: IssueRequestStatus;
  large?: boolean;
  id?: string;
}) {
  return (
    <Text
      id={id}
      className={`sf-badge sf-issue-requests-badge--${statusTone(status)}${large ? ' sf-issue-requests-badge--large' : ''}`}
    >
      {t(`issuerequests.status.${status}`)}
    </Text>
  );
}

/** A number with its unit, right-aligned in a figure cell. */
export function Figure({
  label,
  value,
  uom,
  tone,
}: {
  label: string;
  value: number | undefined;
  uom: string;
  tone?: 'short' | 'strong';
}) {
  return (
    <View className={`sf-issue-requests-figure${tone ? ` sf-issue-requests-figure--${tone}` : ''}`}>
      <Text className="sf-issue-requests-figure__label">{label}</Text>
      <Text className="sf-issue-requests-figure__value">
        {value === undefined ? '—' : formatQty(value)}
        {value === undefined || !uom ? null : (
          <>
            {' '}
            <Text className="sf-issue-requests-figure__uom">{uomLabel(uom)}</Text>
          </>
        )}
      </Text>
    </View>
  );
}
