import { MedicineBoxOutlined } from '@ant-design/icons';
import type { CheckupCheck, CheckupRun, CheckupStatus } from '@shopfloor/sdk/admin';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { client } from '../../api/client';
import { t, useLocale } from '../../i18n/i18n';
import { formatDateTime } from '../../shared/format';
import { PageHeader, useShowError } from '../../shared/ui';

const COLOR: Record<CheckupStatus, string> = { ok: 'success', warn: 'warning', fail: 'error' };

function StatusTag({ status }: { status: CheckupStatus }) {
  return <Tag color={COLOR[status]}>{t(`checkup.status.${status}`)}</Tag>;
}

const count = (run: CheckupRun, status: CheckupStatus) =>
  run.checks.filter((c) => c.status === status).length;

/** 系统体检: one button runs every check; the table says what is wrong and how to fix it; past runs below. */
export default function CheckupPage() {
  const locale = useLocale();
  const queryClient = useQueryClient();
  const showError = useShowError();
  const [shown, setShown] = useState<CheckupRun>();
  const history = useQuery({
    queryKey: ['checkup', 'history'],
    queryFn: () => client.checkup.listPage({ limit: 20 }),
  });
  const run = useMutation({
    mutationFn: () => client.checkup.run(),
    onSuccess: (result) => {
      setShown(result);
      queryClient.invalidateQueries({ queryKey: ['checkup', 'history'] });
    },
    onError: showError,
  });
  const current = shown ?? history.data?.items[0];

  const checkColumns: ColumnsType<CheckupCheck> = [
    {
      title: t('checkup.col.status'),
      dataIndex: 'status',
      width: 90,
      render: (status: CheckupStatus) => <StatusTag status={status} />,
    },
    {
      title: t('checkup.col.check'),
      dataIndex: 'id',
      width: 190,
      render: (id: string) => <Typography.Text code>{id}</Typography.Text>,
    },
    {
      title: t('checkup.col.summary'),
      key: 'summary',
      render: (_, c) => c.summary[locale],
    },
    {
      title: t('checkup.col.fix'),
      key: 'fix',
      render: (_, c) =>
        c.fix ? (
          <Typography.Text type={c.status === 'fail' ? 'danger' : 'warning'}>{c.fix[locale]}</Typography.Text>
        ) : (
          '—'
        ),
    },
  ];
  const historyColumns: ColumnsType<CheckupRun> = [
    { title: t('checkup.ranAt'), dataIndex: 'ranAt', width: 190, render: (at: string) => formatDateTime(at) },
    {
      title: t('checkup.col.status'),
      dataIndex: 'status',
      width: 90,
      render: (s: CheckupStatus) => <StatusTag status={s} />,
    },
    {
      title: t('checkup.result'),
      key: 'counts',
      render: (_, r) =>
        t('checkup.counts', { fail: count(r, 'fail'), warn: count(r, 'warn'), ok: count(r, 'ok') }),
    },
    { title: t('checkup.ranBy'), dataIndex: 'ranBy', width: 160 },
    { title: t('checkup.duration'), dataIndex: 'durationMs', width: 110, render: (ms: number) => `${ms} ms` },
  ];

  return (
    <>
      <PageHeader
        title={t('menu.checkup')}
        subtitle={t('checkup.subtitle')}
        extra={
          <Button
            type="primary"
            icon={<MedicineBoxOutlined />}
            loading={run.isPending}
            onClick={() => run.mutate()}
          >
            {t('checkup.run')}
          </Button>
        }
      />
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        {current ? (
          <Card
            size="small"
            title={
              <Space>
                <StatusTag status={current.status} />
                {t('checkup.runOf', { at: formatDateTime(current.ranAt), by: current.ranBy })}
              </Space>
            }
          >
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              columns={checkColumns}
              dataSource={current.checks}
              expandable={{
                rowExpandable: (c) => (c.details?.length ?? 0) > 0,
                expandedRowRender: (c) => (
                  <ul className="checkup-details">
                    {c.details?.map((line) => (
                      <li key={line}>
                        <Typography.Text code copyable={line.startsWith('GRANT ')}>
                          {line}
                        </Typography.Text>
                      </li>
                    ))}
                  </ul>
                ),
              }}
            />
          </Card>
        ) : (
          !history.isLoading && <Alert type="info" showIcon message={t('checkup.never')} />
        )}
        <Card size="small" title={t('checkup.history')}>
          <Table
            rowKey="id"
            size="small"
            loading={history.isLoading}
            pagination={false}
            columns={historyColumns}
            dataSource={history.data?.items ?? []}
            onRow={(r) => ({ onClick: () => setShown(r), style: { cursor: 'pointer' } })}
            rowClassName={(r) => (r.id === current?.id ? 'ant-table-row-selected' : '')}
          />
        </Card>
      </Space>
    </>
  );
}
