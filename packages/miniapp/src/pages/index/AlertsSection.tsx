import { Text, View } from '@tarojs/components';
import { useQuery } from '../../hooks/use-query';
import { alertText } from '../../i18n/alerts';
import { t } from '../../i18n/i18n';
import { navigate } from '../../navigate';
import { useServices } from '../../services/services-context';
import { Section } from './Section';

/** Open alerts (below safety stock, overdue operations, sync failures) for storekeepers and planners. */
export function AlertsSection() {
  const { client } = useServices();
  const query = useQuery(
    'alerts',
    async () => (await client.alerts.listPage({ status: 'open', limit: 50 })).items,
  );
  return (
    <Section title={t('home.openAlerts')} query={query} empty={t('home.openAlertsEmpty')}>
      {(items) =>
        items.map((alert) => (
          <View key={alert.id} className="sf-row" onClick={() => navigate('alerts', { id: alert.id })}>
            <View className={`sf-row__stripe sf-row__stripe--${alert.severity}`} />
            <View className="sf-row__main">
              <Text className="sf-row__title">{alertText(alert).title}</Text>
              {alertText(alert).suggestion ? (
                <Text className="sf-row__sub">{alertText(alert).suggestion}</Text>
              ) : null}
            </View>
            <Text className={`sf-badge sf-badge--${alert.severity}`}>
              {t(`alert.severity.${alert.severity}`)}
            </Text>
          </View>
        ))
      }
    </Section>
  );
}
