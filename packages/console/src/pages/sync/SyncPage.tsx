import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import type { SyncConnector } from '@shopfloor/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { t } from '../../i18n/i18n';
import { useCan } from '../../session/session';
import { errorText } from '../../shared/errors';
import { formatDateTime } from '../../shared/format';
import { actionsIf, PageHeader } from '../../shared/ui';
import { type Backlog, backlogs, syncApi } from './api';
import { ConnectorDrawer } from './ConnectorDrawer';
import { ConnectorForm } from './ConnectorForm';
import { ageText } from './time';
import { INBOUND_KINDS, kindLabel } from './wording';

/** 数据同步: every connector with its state, backlog and dead letters; details, mapping and runs in a drawer. */
export default function SyncPage() {
  const can = useCan();
  const admin = can();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<SyncConnector>();
  const [shown, setShown] = useState<SyncConnector>();
  const connectors = useQuery({
    queryKey: ['sync', 'connectors'],
    queryFn: syncApi.connectors,
    refetchInterval: 15_000,
  });
  const backlog = useQuery({ queryKey: ['sync', 'backlogs'], queryFn: backlogs, refetchInterval: 15_000 });
  const toggle = useMutation({
    mutationFn: (c: SyncConnector) => syncApi.update(c.id, { enabled: !c.enabled }),
    onSuccess: (c) => {
      message.success(t(c.enabled ? 'sync.enabledNow' : 'sync.disabledNow', { name: c.name }));
      queryClient.invalidateQueries({ queryKey: ['sync'] });
    },
    onError: (error) => message.error(errorText(error)),
  });
  const remove = useMutation({
    mutationFn: (c: SyncConnector) => syncApi.remove(c.id),
    onSuccess: (c) => {
      message.success(t('sync.deletedNow', { name: c.name }));
      queryClient.invalidateQueries({ queryKey: ['sync'] });
    },
    onError: (error) => message.error(errorText(error)),
  });
  const now = Date.now();
  const of = (c: SyncConnector): Backlog | undefined => backlog.data?.[c.id];

  const columns: ColumnsType<SyncConnector> = [
    {
      title: t('sync.name'),
      key: 'name',
      width: 220,
      render: (_, c) => (
        <div>
          <Typography.Link onClick={() => setShown(c)} style={{ fontSize: 'inherit' }}>
            {c.name}
          </Typography.Link>
          <div className="mono" style={{ fontSize: '0.92em', color: 'rgba(0, 0, 0, 0.45)' }}>
            {c.id}
          </div>
        </div>
      ),
    },
    { title: t('sync.kind'), dataIndex: 'kind', width: 120, render: kindLabel },
    {
      title: t('sync.state'),
      key: 'state',
      width: 170,
      render: (_, c) => (
        <Space size={4}>
          {c.enabled ? <Tag color="green">{t('common.active')}</Tag> : <Tag>{t('common.inactive')}</Tag>}
          {c.lastError ? (
            <Tooltip title={c.lastError}>
              <Tag color="red" className="sync-failing">
                {t('sync.failing')}
              </Tag>
            </Tooltip>
          ) : (
            <Tag color="blue">{t('sync.ok')}</Tag>
          )}
        </Space>
      ),
    },
    { title: t('sync.lastSuccess'), dataIndex: 'lastSuccessAt', width: 140, render: formatDateTime },
    {
      title: t('sync.lag'),
      key: 'lag',
      width: 170,
      render: (_, c) => {
        if (INBOUND_KINDS.includes(c.kind)) return <Typography.Text type="secondary">—</Typography.Text>;
        const b = of(c);
        if (!b || b.waiting === 0)
          return <Typography.Text type="secondary">{t('sync.noBacklog')}</Typography.Text>;
        return (
          <span>
            {t('sync.waitingCount', { count: `${b.waiting}${b.more ? '+' : ''}` })}
            <Typography.Text type="secondary">
              {' '}
              · {t('sync.oldest', { age: ageText(b.oldest, now) })}
            </Typography.Text>
          </span>
        );
      },
    },
    {
      title: t('sync.dead'),
      key: 'dead',
      width: 80,
      align: 'right',
      render: (_, c) => {
        const dead = of(c)?.dead ?? 0;
        return dead > 0 ? (
          <Typography.Text type="danger" strong>
            {dead}
          </Typography.Text>
        ) : (
          <Typography.Text type="secondary">0</Typography.Text>
        );
      },
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 200,
      fixed: 'right',
      render: (_, c) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setShown(c)}>
            {t('common.details')}
          </Button>
          <Button type="link" size="small" onClick={() => setEditing(c)}>
            {t('common.edit')}
          </Button>
          <Button type="link" size="small" onClick={() => toggle.mutate(c)}>
            {c.enabled ? t('common.deactivate') : t('common.activate')}
          </Button>
          <Popconfirm
            title={t('sync.deleteConfirm', { name: c.name })}
            description={t('sync.deleteHint')}
            okText={t('common.delete')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true }}
            onConfirm={() => remove.mutateAsync(c).catch(() => undefined)}
          >
            <Button type="link" size="small" danger>
              {t('common.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];
  const plannerColumns: ColumnsType<SyncConnector> = columns.map((column) =>
    column.key === 'actions'
      ? {
          ...column,
          width: 70,
          render: (_: unknown, c: SyncConnector) => (
            <Button type="link" size="small" onClick={() => setShown(c)}>
              {t('common.details')}
            </Button>
          ),
        }
      : column,
  );

  return (
    <div className="stack">
      <PageHeader
        title={t('menu.sync')}
        subtitle={t('sync.subtitle')}
        extra={
          <>
            <Button
              icon={<ReloadOutlined />}
              loading={connectors.isFetching || backlog.isFetching}
              onClick={() => queryClient.invalidateQueries({ queryKey: ['sync'] })}
            >
              {t('sync.refresh')}
            </Button>
            {admin && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                {t('sync.create')}
              </Button>
            )}
          </>
        }
      />
      <Card className="table-card" variant="borderless">
        <Table<SyncConnector>
          rowKey="id"
          size="small"
          columns={admin ? columns : actionsIf(true, plannerColumns)}
          dataSource={connectors.data?.items}
          loading={connectors.isFetching && !connectors.data}
          pagination={false}
          scroll={{ x: 1100 }}
          locale={{ emptyText: t('sync.none') }}
        />
      </Card>
      <ConnectorForm
        open={creating || !!editing}
        editing={editing}
        onClose={() => {
          setCreating(false);
          setEditing(undefined);
        }}
      />
      <ConnectorDrawer connector={shown} onClose={() => setShown(undefined)} />
    </div>
  );
}
