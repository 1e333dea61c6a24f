import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { LoadError } from '../../components/Screen';
import type { QueryState } from '../../hooks/use-query';
import { t } from '../../i18n/i18n';

/** A titled list on the home page with its loading, error and empty states. */
export function Section<T>({
  title,
  query,
  empty,
  count,
  children,
}: {
  title: string;
  query: QueryState<T[]>;
  empty: string;
  count?: number;
  children: (items: T[]) => ReactNode;
}) {
  const items = query.data;
  return (
    <View className="sf-section">
      <View className="sf-section__head">
        <Text className="sf-section__title">{title}</Text>
        {items ? <Text className="sf-section__count">{count ?? items.length}</Text> : null}
      </View>
      {query.error ? <LoadError error={query.error} onRetry={query.reload} /> : null}
      {!items && query.loading ? <Text className="sf-muted">{t('common.loading')}</Text> : null}
      {items && items.length === 0 ? <Text className="sf-empty">{empty}</Text> : null}
      {items && items.length > 0 ? children(items) : null}
    </View>
  );
}
