import { CalendarOutlined } from '@ant-design/icons';
import type { CycleCount, CycleCountQuery, CycleCountStatus } from '@shopfloor/sdk';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Select, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { client } from '../../api/client';
import { t } from '../../i18n/i18n';
import { useCan } from '../../session/session';
import { formatDateTime, formatQty } from '../../shared/format';
import { ItemSelect, PagedTable, PageHeader, useCursorPages } from '../../shared/ui';
import { countsApi } from './api';
import { VarianceDrawer } from './VarianceDrawer';
import { COUNT_STATUS_COLORS, countStatusLabel, refusalText } from './wording';

const STATUSES: CycleCountStatus[] = ['open', 'pending-approval', 'done', 'rejected'];
type Filters = Pick<CycleCountQuery, 'status' | 'warehouse' | 'item' | 'location'>;

/** 盘点: make the week's plan, the count tasks with filters, and the variances waiting for a decision. */
export default function CountsPage() {
  const [filters, setFilters] = useState<Filters>({ status: 'pending-approval' });
  const [shown, setShown] = useState<CycleCount>();
  const pages = useCursorPages(filters);
  const can = useCan();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const list = useQuery({
    queryKey: ['cycle-counts', 'list', filters, pages.cursor],
    queryFn: () => countsApi.list({ ...filters, cursor: pages.cursor, limit: 50 }),
    placeholderData: keepPreviousData,
  });
  const plan = useMutation({
    mutationFn: () => countsApi.makePlan(crypto.randomUUID()),
    onSuccess: (made) => {
      message.success(t('count.planMade', { week: made.week, tasks: made.tasks, stocked: made.stocked }));
      queryClient.invalidateQueries({ queryKey: ['cycle-counts'] });
    },
    onError: (error) => message.error(refusalText(error)),
  });

  const columns: ColumnsType<CycleCount> = [
    { title: t('count.item'), key: 'item', width: 190, render: (_, c) => <ItemCell count={c} /> },
    {
      title: t('count.location'),
      dataIndex: 'location',
      width: 100,
      render: (v) => <span className="mono">{v}</span>,
    },
    { title: t('count.warehouse'), dataIndex: 'warehouse', width: 90 },
    { title: t('count.lot'), dataIndex: 'lot', width: 110, render: (v) => v || '—' },
    { title: t('count.class'), dataIndex: 'abcClass', width: 60, align: 'center' },
    {
      title: t('count.status'),
      dataIndex: 'status',
      width: 90,
      render: (s) => <Tag color={COUNT_STATUS_COLORS[s]}>{countStatusLabel(s)}</Tag>,
    },
    { title: t('count.book'), dataIndex: 'bookQty', width: 80, align: 'right', render: qtyOrDash },
    { title: t('count.counted'), dataIndex: 'countedQty', width: 80, align: 'right', render: qtyOrDash },
    {
      title: t('count.variance'),
      key: 'variance',
      width: 110,
      align: 'right',
      render: (_, c) =>
        c.variance === undefined || c.variance === null ? (
          '—'
        ) : (
          <Typography.Text type={c.withinTolerance ? undefined : 'danger'}>
            {c.variance > 0 ? '+' : ''}
            {formatQty(c.variance)} <Typography.Text type="secondary">(±{c.tolerancePct}%)</Typography.Text>
          </Typography.Text>
        ),
    },
    {
      title: t('count.countedBy'),
      key: 'by',
      width: 90,
      render: (_, c) => c.countedByName ?? c.countedBy ?? '—',
    },
    { title: t('count.countedAt'), dataIndex: 'countedAt', width: 140, render: formatDateTime },
    { title: t('count.lastCounted'), dataIndex: 'lastCountedAt', width: 140, render: formatDateTime },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      fixed: 'right',
      render: (_, c) =>
        c.status === 'pending-approval' || c.status === 'done' ? (
          <Button type="link" size="small" onClick={() => setShown(c)}>
            {c.status === 'pending-approval' ? t('count.review') : t('count.explain')}
          </Button>
        ) : null,
    },
  ];

  return (
    <div className="stack">
      <PageHeader
        title={t('menu.counts')}
        subtitle={t('count.subtitle')}
        extra={
          can('planner', 'storekeeper') && (
            <Button
              type="primary"
              icon={<CalendarOutlined />}
              loading={plan.isPending}
              onClick={() => plan.mutate()}
            >
              {t('count.makePlan')}
            </Button>
          )
        }
      />
      <SearchForm
        initial={filters}
        onSearch={(next) => {
          setFilters(next);
          // 查询 asks the server again even for the same filters: counts arrive from the floor.
          queryClient.invalidateQueries({ queryKey: ['cycle-counts', 'list'] });
        }}
      />
      <PagedTable<CycleCount> rowKey="id" columns={columns} list={list} pages={pages} scrollX={1400} />
      <VarianceDrawer count={shown} onClose={() => setShown(undefined)} />
    </div>
  );
}

const qtyOrDash = (v: number | null | undefined) => (v === undefined || v === null ? '—' : formatQty(v));

function ItemCell({ count }: { count: CycleCount }) {
  return (
    <span>
      <span className="mono">{count.item}</span>{' '}
      <Typography.Text type="secondary">{count.itemName}</Typography.Text>
    </span>
  );
}

function SearchForm({ initial, onSearch }: { initial: Filters; onSearch: (filters: Filters) => void }) {
  const [form] = Form.useForm<Filters>();
  const warehouses = useQuery({
    queryKey: ['warehouses', 'pick'],
    queryFn: () => client.warehouses.listPage({ limit: 100 }),
  });
  return (
    <Card className="search-card" variant="borderless">
      <Form
        form={form}
        layout="inline"
        initialValues={initial}
        onFinish={(v) =>
          onSearch({
            status: v.status || undefined,
            warehouse: v.warehouse || undefined,
            item: v.item || undefined,
            location: v.location?.trim() || undefined,
          })
        }
      >
        <Form.Item name="status" label={t('count.status')}>
          <Select
            allowClear
            placeholder={t('common.all')}
            style={{ width: 120 }}
            options={STATUSES.map((s) => ({ value: s, label: countStatusLabel(s) }))}
          />
        </Form.Item>
        <Form.Item name="warehouse" label={t('count.warehouse')}>
          <Select
            allowClear
            placeholder={t('common.all')}
            style={{ width: 150 }}
            options={(warehouses.data?.items ?? []).map((w) => ({
              value: w.code,
              label: `${w.code} ${w.name}`,
            }))}
          />
        </Form.Item>
        <Form.Item name="item" label={t('count.item')}>
          <ItemSelect style={{ width: 220 }} />
        </Form.Item>
        <Form.Item name="location" label={t('count.location')}>
          <Input style={{ width: 110 }} maxLength={32} />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              {t('common.search')}
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                form.setFieldsValue({ status: undefined });
                onSearch({});
              }}
            >
              {t('common.reset')}
            </Button>
          </Space>
        </Form.Item>
      </Form>
    </Card>
  );
}
