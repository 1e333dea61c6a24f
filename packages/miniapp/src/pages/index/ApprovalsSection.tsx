import { Text, View } from '@tarojs/components';
import { useChanges } from '../../hooks/changes';
import { useQuery } from '../../hooks/use-query';
import { t } from '../../i18n/i18n';
import { navigate } from '../../navigate';
import { useServices } from '../../services/services-context';
import { Section } from './Section';

/**
 * An approver's or storekeeper's queue: pending requests he may approve (never his own: the server
 * filters); an emergency issue, already issued, says so.
 */
export function ApprovalsSection() {
  const { client } = useServices();
  const changed = useChanges('issue-requests');
  const query = useQuery(
    `approvals:${changed}`,
    async () =>
      (await client.issueRequests.listPage({ status: 'pending', awaitingMe: true, limit: 50 })).items,
  );
  return (
    <Section title={t('home.pendingApprovals')} query={query} empty={t('home.pendingApprovalsEmpty')}>
      {(items) =>
        items.map((request) => (
          <View
            key={request.id}
            className="sf-row"
            onClick={() => navigate('issueRequests', { id: request.id })}
          >
            <View className="sf-row__main">
              <Text className="sf-row__title">{request.workOrderNo ?? request.id}</Text>
              <Text className="sf-row__sub">
                {t('home.warehouse', { code: request.warehouse })} ·{' '}
                {t('home.lines', { n: request.lines.length })} · {request.requesterName ?? request.requester}
                {request.emergency ? ` · ${t('issuerequests.emergency.awaiting')}` : ''}
              </Text>
            </View>
            {request.emergency ? (
              <Text className="sf-badge sf-badge--critical" id={`home-emergency-${request.id}`}>
                {t('issuerequests.emergency.flag')}
              </Text>
            ) : null}
            <Text className="sf-row__chevron">›</Text>
          </View>
        ))
      }
    </Section>
  );
}
