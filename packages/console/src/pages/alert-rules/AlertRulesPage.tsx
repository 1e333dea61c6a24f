import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import type { Alert, SyncConnector } from '@shopfloor/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { client } from '../../api/client';
import { allPages } from '../../api/path';
import { t } from '../../i18n/i18n';
import { useCan } from '../../session/session';
import { errorText } from '../../shared/errors';
import { formatDateTime } from '../../shared/format';
import { ActiveTag, actionsIf, PageHeader } from '../../shared/ui';
import { type AlertRule, alertRulesApi } from './api';
import { NotificationsDrawer } from './NotificationsDrawer';
import { type Choices, RuleForm } from './RuleForm';
import { channelLabel, kindLabel, recipientRoleLabel, SEVERITY_COLORS, severityLabel } from './wording';

const ROBOT_KINDS = ['dingtalk-robot', 'wecom-robot'];

/** 预警规则: who hears of which alerts, on which channels; and, per recent alert, who was told (通知记录). */
export default function AlertRulesPage() {
  const admin = useCan()();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<AlertRule>();
  const [shown, setShown] = useState<Alert>();
  const rules = useQuery({ queryKey: ['alert-rules', 'list'], queryFn: alertRulesApi.list });
  const alerts = useQuery({
    queryKey: ['alert-rules', 'alerts'],
    queryFn: () => client.alerts.listPage({ limit: 20 }),
  });
  const users = useQuery({
    queryKey: ['users', 'all'],
    queryFn: () => allPages((q) => client.users.listPage(q)),
    enabled: admin,
  });
  const shops = useQuery({ queryKey: ['workshops', 'all'], queryFn: () => client.workshops.listPage() });
  const houses = useQuery({ queryKey: ['warehouses', 'all'], queryFn: () => client.warehouses.listPage() });
  const connectors = useQuery({
    queryKey: ['sync', 'connectors'],
    queryFn: () =>
      client.request<{ items: SyncConnector[] }>({
        method: 'GET',
        path: '/sync/connectors',
        query: { limit: 500 },
      }),
  });
  const choices: Choices = useMemo(
    () => ({
      users: (users.data ?? []).map((u) => ({ value: u.id, label: `${u.name}（${u.id}）` })),
      workshops: (shops.data?.items ?? []).map((w) => ({ value: w.code, label: `${w.name}（${w.code}）` })),
      warehouses: (houses.data?.items ?? []).map((w) => ({ value: w.code, label: `${w.name}（${w.code}）` })),
      robots: new Map(
        (connectors.data?.items ?? []).filter((c) => ROBOT_KINDS.includes(c.kind)).map((c) => [c.id, c.name]),
      ),
    }),
    [users.data, shops.data, houses.data, connectors.data],
  );
  const userName = useMemo(() => new Map((users.data ?? []).map((u) => [u.id, u.name])), [users.data]);
  const remove = useMutation({
    mutationFn: (r: AlertRule) => alertRulesApi.remove(r.id),
    onSuccess: (r) => {
      message.success(t('alertRules.deletedNow', { name: r.name }));
      queryClient.invalidateQueries({ queryKey: ['alert-rules'] });
    },
    onError: (error) => message.error(errorText(error)),
  });

  const recipients = (r: { users: string[]; roles: string[] }) => (
    <Space size={[2, 2]} wrap>
      {r.roles.map((role) => (
        <Tag key={role} color="geekblue">
          {recipientRoleLabel(role)}
        </Tag>
      ))}
      {r.users.map((u) => (
        <Tag key={u}>{userName.get(u) ?? u}</Tag>
      ))}
    </Space>
  );
  const columns: ColumnsType<AlertRule> = [
    {
      title: t('alertRules.name'),
      dataIndex: 'name',
      width: 190,
      fixed: 'left',
      render: (name: string, r) => (
        <Space size={4}>
          <span className="alert-rule-name">{name}</span>
          {!r.active && <ActiveTag active={false} />}
        </Space>
      ),
    },
    {
      title: t('alertRules.kinds'),
      dataIndex: 'kinds',
      width: 130,
      render: (kinds: string[]) =>
        kinds.length ? (
          <Space size={[2, 2]} wrap>
            {kinds.map((k) => (
              <Tag key={k}>{kindLabel(k)}</Tag>
            ))}
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('alertRules.everyKind')}</Typography.Text>
        ),
    },
    {
      title: t('alertRules.minSeverity'),
      dataIndex: 'minSeverity',
      width: 76,
      render: (s: string) => <Tag color={SEVERITY_COLORS[s]}>{severityLabel(s)}+</Tag>,
    },
    {
      title: t('alertRules.scope'),
      key: 'scope',
      width: 90,
      render: (_, r) =>
        r.workshops.length || r.warehouses.length ? (
          [...r.workshops, ...r.warehouses].join('、')
        ) : (
          <Typography.Text type="secondary">{t('alertRules.anyScope')}</Typography.Text>
        ),
    },
    {
      title: t('alertRules.recipients'),
      key: 'recipients',
      width: 200,
      render: (_, r) => recipients(r.recipients),
    },
    {
      title: t('alertRules.channels'),
      dataIndex: 'channels',
      width: 150,
      render: (channels: string[]) => channels.map((c) => channelLabel(c, choices.robots)).join('、'),
    },
    {
      title: t('alertRules.quietHours'),
      dataIndex: 'quietHours',
      width: 90,
      render: (q: AlertRule['quietHours']) => (q ? `${q.from}–${q.to}` : '—'),
    },
    {
      title: t('alertRules.escalation'),
      dataIndex: 'escalation',
      width: 210,
      render: (steps: AlertRule['escalation']) =>
        steps.length ? (
          <div>
            {steps.map((s) => (
              <div key={s.afterMinutes}>
                <Typography.Text type="secondary">
                  {t('alertRules.afterMinutes', { n: s.afterMinutes })}
                </Typography.Text>{' '}
                {recipients(s.recipients)}
              </div>
            ))}
          </div>
        ) : (
          '—'
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      fixed: 'right',
      render: (_, r) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setEditing(r)}>
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={t('alertRules.deleteConfirm', { name: r.name })}
            description={t('alertRules.deleteHint')}
            okText={t('common.delete')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true }}
            onConfirm={() => remove.mutateAsync(r).catch(() => undefined)}
          >
            <Button type="link" size="small" danger>
              {t('common.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];
  const alertColumns: ColumnsType<Alert> = [
    {
      title: t('alertRules.severity'),
      dataIndex: 'severity',
      width: 80,
      render: (s: string) => <Tag color={SEVERITY_COLORS[s]}>{severityLabel(s)}</Tag>,
    },
    { title: t('alertRules.kind'), dataIndex: 'kind', width: 130, render: kindLabel },
    { title: t('alertRules.alert'), dataIndex: 'title', ellipsis: true },
    { title: t('alertRules.openedAt'), dataIndex: 'createdAt', width: 140, render: formatDateTime },
    {
      title: t('common.status'),
      dataIndex: 'status',
      width: 90,
      render: (s: string) => t(`alertRules.alertStatus.${s}` as 'alertRules.alertStatus.open'),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      render: (_, a) => (
        <Button type="link" size="small" onClick={() => setShown(a)}>
          {t('alertRules.notifications')}
        </Button>
      ),
    },
  ];

  return (
    <div className="stack">
      <PageHeader
        title={t('menu.alertRules')}
        subtitle={t('alertRules.subtitle')}
        extra={
          <>
            <Button
              icon={<ReloadOutlined />}
              loading={rules.isFetching || alerts.isFetching}
              onClick={() => queryClient.invalidateQueries({ queryKey: ['alert-rules'] })}
            >
              {t('sync.refresh')}
            </Button>
            {admin && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                {t('alertRules.create')}
              </Button>
            )}
          </>
        }
      />
      <Card className="table-card" variant="borderless">
        <Table<AlertRule>
          rowKey="id"
          size="small"
          className="alert-rules-table"
          columns={actionsIf(admin, columns)}
          dataSource={rules.data?.items}
          loading={rules.isFetching && !rules.data}
          pagination={false}
          scroll={{ x: 1210 }}
          locale={{ emptyText: rules.error ? errorText(rules.error) : t('alertRules.none') }}
        />
      </Card>
      <Card className="table-card" variant="borderless" title={t('alertRules.recentAlerts')}>
        <Table<Alert>
          rowKey="id"
          size="small"
          columns={alertColumns}
          dataSource={alerts.data?.items}
          loading={alerts.isFetching && !alerts.data}
          pagination={false}
          locale={{ emptyText: t('alertRules.noAlerts') }}
        />
      </Card>
      <RuleForm
        open={creating || !!editing}
        editing={editing}
        choices={choices}
        onClose={() => {
          setCreating(false);
          setEditing(undefined);
        }}
      />
      <NotificationsDrawer alert={shown} robots={choices.robots} onClose={() => setShown(undefined)} />
    </div>
  );
}
