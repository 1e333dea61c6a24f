import { WarningOutlined } from '@ant-design/icons';
import type { CycleCount } from '@shopfloor/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Drawer, Input, Space, Spin, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { t } from '../../i18n/i18n';
import { formatDateTime, formatQty } from '../../shared/format';
import { type CountExplanation, type CountVerb, countsApi } from './api';
import {
  COUNT_STATUS_COLORS,
  countStatusLabel,
  movementKindLabel,
  refusalText,
  suspectLabel,
} from './wording';

type Movement = CountExplanation['movements'][number];
const DECIDED = { approve: 'count.approved', reject: 'count.rejected', recount: 'count.recounted' } as const;

/** A count's variance with where it came from, and approve / reject / recount when it waits. */
export function VarianceDrawer({ count, onClose }: { count?: CycleCount; onClose: () => void }) {
  const [comment, setComment] = useState('');
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const explanation = useQuery({
    queryKey: ['cycle-counts', 'explanation', count?.id],
    queryFn: () => countsApi.explanation(count!.id),
    enabled: !!count,
  });
  const decide = useMutation({
    mutationFn: (verb: CountVerb) =>
      countsApi.decide(count!.id, verb, comment.trim() || undefined, crypto.randomUUID()),
    onSuccess: (_, verb) => {
      message.success(t(DECIDED[verb], { item: count!.item, location: count!.location }));
      queryClient.invalidateQueries({ queryKey: ['cycle-counts'] });
      setComment('');
      onClose();
    },
    onError: (error) => message.error(refusalText(error)),
  });
  const data = explanation.data;
  const waiting = count?.status === 'pending-approval';
  const movementColumns: ColumnsType<Movement> = [
    { title: t('count.at'), dataIndex: 'at', width: 140, render: formatDateTime },
    { title: t('count.kind'), dataIndex: 'kind', width: 90, render: movementKindLabel },
    {
      title: t('count.qty'),
      dataIndex: 'qty',
      width: 80,
      align: 'right',
      render: (q: number) => `${q > 0 ? '+' : ''}${formatQty(q)}`,
    },
    {
      title: t('count.document'),
      key: 'doc',
      width: 150,
      render: (_, m) => <span className="mono">{m.document.no ?? m.document.type}</span>,
    },
    { title: t('count.actor'), dataIndex: 'actor', width: 90 },
    {
      title: t('count.suspects'),
      dataIndex: 'suspects',
      render: (suspects: string[]) =>
        suspects.map((s) => (
          <Tag key={s} color="red" icon={<WarningOutlined />}>
            {suspectLabel(s)}
          </Tag>
        )),
    },
  ];
  return (
    <Drawer
      title={count ? t('count.explanationTitle', { item: count.item, location: count.location }) : ''}
      open={!!count}
      onClose={onClose}
      size={860}
      extra={
        waiting && (
          <Space>
            <Button loading={decide.isPending} onClick={() => decide.mutate('recount')}>
              {t('count.recount')}
            </Button>
            <Button danger loading={decide.isPending} onClick={() => decide.mutate('reject')}>
              {t('count.reject')}
            </Button>
            <Button type="primary" loading={decide.isPending} onClick={() => decide.mutate('approve')}>
              {t('count.approve')}
            </Button>
          </Space>
        )
      }
    >
      {explanation.isError && <Alert type="error" showIcon title={refusalText(explanation.error)} />}
      {!data && explanation.isFetching && <Spin />}
      {count && data && (
        <div className="stack">
          <Descriptions
            size="small"
            bordered
            column={3}
            items={[
              { key: 'item', label: t('count.item'), children: `${count.item} ${count.itemName}` },
              { key: 'location', label: t('count.location'), children: count.location },
              { key: 'lot', label: t('count.lot'), children: count.lot || '—' },
              { key: 'book', label: t('count.book'), children: formatQty(data.bookQty) },
              { key: 'counted', label: t('count.counted'), children: formatQty(data.countedQty) },
              {
                key: 'variance',
                label: t('count.variance'),
                children: (
                  <Typography.Text type={count.withinTolerance ? undefined : 'danger'} strong>
                    {data.variance > 0 ? '+' : ''}
                    {formatQty(data.variance)} (±{count.tolerancePct}%)
                  </Typography.Text>
                ),
              },
              {
                key: 'status',
                label: t('count.status'),
                children: (
                  <Tag color={COUNT_STATUS_COLORS[count.status]}>{countStatusLabel(count.status)}</Tag>
                ),
              },
              {
                key: 'by',
                label: t('count.countedBy'),
                children: count.countedByName ?? count.countedBy ?? '—',
              },
              {
                key: 'since',
                label: t('count.since'),
                children: data.since ? formatDateTime(data.since) : t('count.sinceStart'),
              },
            ]}
          />
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('count.movements')}
          </Typography.Title>
          <Table<Movement>
            rowKey={(m) => `${m.document.type}-${m.document.id}-${m.at}-${m.qty}`}
            size="small"
            columns={movementColumns}
            dataSource={data.movements}
            pagination={false}
            locale={{ emptyText: t('count.noMovements') }}
            rowClassName={(m) => (m.suspects.length ? 'row-suspect' : '')}
          />
          {data.unposted.length > 0 && (
            <Alert
              type="warning"
              showIcon
              title={t('count.unposted')}
              description={
                <ul style={{ margin: 0, paddingLeft: 18 }}>
                  {data.unposted.map((u) => (
                    <li key={`${u.document.id}-${u.suspect}`}>
                      {suspectLabel(u.suspect)} ·{' '}
                      <span className="mono">{u.document.no ?? u.document.type}</span> · {formatQty(u.qty)} ·{' '}
                      {formatDateTime(u.at)}
                    </li>
                  ))}
                </ul>
              }
            />
          )}
          {waiting && (
            <Input.TextArea
              placeholder={t('count.comment')}
              value={comment}
              maxLength={500}
              autoSize={{ minRows: 2, maxRows: 4 }}
              onChange={(e) => setComment(e.target.value)}
            />
          )}
        </div>
      )}
    </Drawer>
  );
}
