import { Text, View } from '@tarojs/components';
import { LoadError } from '../../components/Screen';
import { useQuery } from '../../hooks/use-query';
import { type MessageKey, t } from '../../i18n/i18n';
import { shanghaiDateTime } from '../../shared/shanghai-time';
import { signed } from './count-model';
import { useCountsApi } from './use-counts-api';

const KINDS = new Set(['issue', 'receipt', 'adjustment', 'transfer']);
const SUSPECTS = new Set([
  'unapproved-emergency',
  'backflush-and-issue',
  'unbooked-return',
  'unwritten-scrap',
]);

const kindText = (kind: string) =>
  t((KINDS.has(kind) ? `counts.kind.${kind}` : 'counts.kind.other') as MessageKey);
const suspectText = (suspect: string) =>
  SUSPECTS.has(suspect) ? t(`counts.suspect.${suspect}` as MessageKey) : suspect;

/** 差异来源: the movements since the previous count, each with its document, the usual suspects marked. */
export function CountExplanationView({ id }: { id: string }) {
  const api = useCountsApi();
  const query = useQuery(`count-explanation:${id}`, () => api.explanation(id));
  const data = query.data;
  if (!data) {
    return query.error ? (
      <LoadError error={query.error} onRetry={query.reload} />
    ) : (
      <Text className="sf-muted">{t('common.loading')}</Text>
    );
  }
  return (
    <View id="count-explanation" className="sf-section">
      <View className="sf-section__head">
        <Text className="sf-section__title">{t('counts.explainTitle')}</Text>
        <Text className="sf-section__count">{data.movements.length}</Text>
      </View>
      <View className="sf-counts-explanation__body">
        <Text className="sf-counts-meta">
          {data.since
            ? t('counts.explainSince', { time: shanghaiDateTime(data.since) })
            : t('counts.explainFromStart')}
        </Text>
        {data.movements.length === 0 ? <Text className="sf-empty">{t('counts.explainNone')}</Text> : null}
        {data.movements.map((m) => (
          <View
            key={`${m.at}:${m.document?.id ?? ''}:${m.qty}:${m.lot ?? ''}`}
            className="sf-counts-movement"
          >
            <View className="sf-row__main">
              <Text className="sf-row__title">
                {kindText(m.kind)} {m.document?.no ?? ''}
              </Text>
              <Text className="sf-row__sub">
                {shanghaiDateTime(m.at)}
                {m.actor ? ` · ${m.actor}` : ''}
              </Text>
              {m.suspects.map((s) => (
                <Text key={s} className="sf-badge sf-badge--warning">
                  {suspectText(s)}
                </Text>
              ))}
            </View>
            <Text className="sf-counts-movement__qty">{signed(m.qty)}</Text>
          </View>
        ))}
        {data.unposted.length > 0 ? (
          <>
            <Text className="sf-counts-explanation__title">{t('counts.unposted')}</Text>
            {data.unposted.map((u) => (
              <View key={`${u.suspect}:${u.document?.id ?? ''}`} className="sf-counts-movement is-suspect">
                <View className="sf-row__main">
                  <Text className="sf-badge sf-badge--critical">{suspectText(u.suspect)}</Text>
                  <Text className="sf-row__sub">
                    {u.document?.no ?? ''} · {shanghaiDateTime(u.at)}
                  </Text>
                </View>
                <Text className="sf-counts-movement__qty">{u.qty}</Text>
              </View>
            ))}
          </>
        ) : null}
      </View>
    </View>
  );
}
