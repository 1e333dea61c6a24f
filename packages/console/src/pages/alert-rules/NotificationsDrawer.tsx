import type { Alert } from '@shopfloor/sdk';
import { useQuery } from '@tanstack/react-query';
import { Drawer, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { t } from '../../i18n/i18n';
import { errorText } from '../../shared/errors';
import { formatDateTime } from '../../shared/format';
import { type AlertNotification, alertRulesApi } from './api';
import { channelLabel, stateLabel } from './wording';

const STATE_COLORS: Record<string, string> = {
  sent: 'green',
  queued: 'blue',
  held: 'purple',
  failed: 'red',
  skipped: 'default',
};

/** 通知记录 of one alert: every person and channel it went to, at which level, when, and what went wrong. */
export function NotificationsDrawer({
  alert,
  robots,
  onClose,
}: {
  alert?: Alert;
  robots: Map<string, string>;
  onClose: () => void;
}) {
  const rows = useQuery({
    queryKey: ['alert-rules', 'notifications', alert?.id],
    queryFn: () => alertRulesApi.notifications(alert!.id),
    enabled: !!alert,
  });
  const columns: ColumnsType<AlertNotification> = [
    {
      title: t('alertRules.level.column'),
      dataIndex: 'level',
      width: 80,
      render: (level: number) => (level === 0 ? t('alertRules.level0') : t('alertRules.level', { n: level })),
    },
    {
      title: t('alertRules.recipient'),
      key: 'user',
      width: 140,
      render: (_, n) => (n.user ? (n.userName ?? n.user) : t('alertRules.group')),
    },
    {
      title: t('alertRules.channel'),
      dataIndex: 'channel',
      width: 130,
      render: (c: string) => channelLabel(c, robots),
    },
    {
      title: t('common.status'),
      key: 'state',
      width: 90,
      render: (_, n) =>
        n.error ? (
          <Tooltip title={n.error}>
            <Tag color={STATE_COLORS[n.state]}>{stateLabel(n.state)}</Tag>
          </Tooltip>
        ) : (
          <Tag color={STATE_COLORS[n.state]}>{stateLabel(n.state)}</Tag>
        ),
    },
    {
      title: t('alertRules.when'),
      key: 'when',
      width: 150,
      render: (_, n) => formatDateTime(n.sentAt ?? n.nextAttemptAt ?? n.createdAt),
    },
    { title: t('alertRules.attempts'), dataIndex: 'attempts', width: 70, align: 'right' },
    {
      title: t('alertRules.rule'),
      dataIndex: 'ruleName',
      ellipsis: true,
      render: (v: string | null) => v ?? '—',
    },
  ];
  return (
    <Drawer
      open={!!alert}
      width={820}
      title={t('alertRules.notificationsOf', { title: alert?.title ?? '' })}
      onClose={onClose}
    >
      {rows.error && <Typography.Text type="danger">{errorText(rows.error)}</Typography.Text>}
      <Table<AlertNotification>
        rowKey={(n) => `${n.level}:${n.user}:${n.channel}`}
        size="small"
        columns={columns}
        dataSource={rows.data?.items}
        loading={rows.isFetching}
        pagination={false}
        locale={{ emptyText: t('alertRules.noNotifications') }}
      />
    </Drawer>
  );
}
