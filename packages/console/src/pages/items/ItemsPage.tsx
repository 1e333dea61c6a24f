import { PlusOutlined } from '@ant-design/icons';
import type { Item, ItemInput, ItemQuery } from '@shopfloor/sdk';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Drawer, Form, Input, InputNumber, Select, Space, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { client } from '../../api/client';
import { t } from '../../i18n/i18n';
import { navigate } from '../../layout/router';
import { useCan } from '../../session/session';
import { formatQty } from '../../shared/format';
import { itemTypeLabel } from '../../shared/labels';
import { PagedTable, PageHeader, useCursorPages, useIdempotencyKey, useShowError } from '../../shared/ui';

const TYPES = ['make', 'buy', 'phantom'] as const;
const TYPE_COLORS: Record<string, string> = { make: 'blue', buy: 'green', phantom: 'purple' };

type Filters = Pick<ItemQuery, 'q' | 'type' | 'abcClass'>;

/** 物料: search the item master, open an item's BOM or routing, create items. */
export default function ItemsPage() {
  const [filters, setFilters] = useState<Filters>({});
  const [creating, setCreating] = useState(false);
  const can = useCan();
  const pages = useCursorPages(filters);
  const list = useQuery({
    queryKey: ['items', 'list', filters, pages.cursor],
    queryFn: () => client.items.listPage({ ...filters, cursor: pages.cursor, limit: 50 }),
    placeholderData: keepPreviousData,
  });

  const columns: ColumnsType<Item> = [
    {
      title: t('item.code'),
      dataIndex: 'code',
      width: 150,
      render: (code) => <span className="mono">{code}</span>,
    },
    { title: t('item.name'), dataIndex: 'name', ellipsis: true },
    { title: t('item.spec'), dataIndex: 'spec', ellipsis: true, render: (v) => v ?? '—' },
    {
      title: t('item.type'),
      dataIndex: 'type',
      width: 80,
      render: (type) => <Tag color={TYPE_COLORS[type]}>{itemTypeLabel(type)}</Tag>,
    },
    { title: t('item.uom'), dataIndex: 'uom', width: 64 },
    {
      title: t('item.safetyStock'),
      dataIndex: 'safetyStock',
      width: 96,
      align: 'right',
      render: (v) => formatQty(v),
    },
    {
      title: t('item.leadTime'),
      dataIndex: 'leadTime',
      width: 96,
      align: 'right',
      render: (v) => (v === undefined ? '—' : t('item.days', { n: v })),
    },
    { title: t('item.abc'), dataIndex: 'abcClass', width: 56, align: 'center', render: (v) => v ?? '—' },
    { title: t('item.cost'), dataIndex: 'cost', width: 90, align: 'right', render: (v) => formatQty(v) },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 190,
      render: (_, item) => (
        <Space size={0}>
          {item.type !== 'buy' && (
            <Button type="link" size="small" onClick={() => navigate('/boms', { item: item.code })}>
              {t('item.openBom')}
            </Button>
          )}
          {item.type === 'make' && (
            <Button type="link" size="small" onClick={() => navigate('/routings', { item: item.code })}>
              {t('item.openRouting')}
            </Button>
          )}
          <Button
            type="link"
            size="small"
            onClick={() => navigate('/boms', { item: item.code, tab: 'where-used' })}
          >
            {t('item.whereUsed')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <div className="stack">
      <PageHeader
        title={t('menu.items')}
        subtitle={t('item.subtitle')}
        extra={
          can('planner') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('item.create')}
            </Button>
          )
        }
      />
      <SearchForm onSearch={setFilters} />
      <PagedTable<Item> rowKey="code" columns={columns} list={list} pages={pages} scrollX={1000} />
      <CreateItemDrawer open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}

function SearchForm({ onSearch }: { onSearch: (filters: Filters) => void }) {
  const [form] = Form.useForm<Filters>();
  const submit = (values: Filters) =>
    onSearch({
      q: values.q?.trim() || undefined,
      type: values.type || undefined,
      abcClass: values.abcClass || undefined,
    });
  return (
    <Card className="search-card" variant="borderless">
      <Form form={form} layout="inline" onFinish={submit}>
        <Form.Item name="q" label={t('item.search')}>
          <Input allowClear placeholder={t('item.searchPlaceholder')} style={{ width: 220 }} />
        </Form.Item>
        <Form.Item name="type" label={t('item.type')}>
          <Select
            allowClear
            style={{ width: 120 }}
            placeholder={t('common.all')}
            options={TYPES.map((type) => ({ value: type, label: itemTypeLabel(type) }))}
          />
        </Form.Item>
        <Form.Item name="abcClass" label={t('item.abc')}>
          <Select
            allowClear
            style={{ width: 90 }}
            placeholder={t('common.all')}
            options={['A', 'B', 'C'].map((c) => ({ value: c, label: c }))}
          />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              {t('common.search')}
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
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

function CreateItemDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<ItemInput>();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError(form);
  const idempotencyKey = useIdempotencyKey(open);
  const create = useMutation({
    mutationFn: (input: ItemInput) => client.items.create(input, { idempotencyKey }),
    onSuccess: (item) => {
      message.success(t('item.created', { code: item.code }));
      queryClient.invalidateQueries({ queryKey: ['items'] });
      form.resetFields();
      onClose();
    },
    onError: showError,
  });
  const submit = (values: ItemInput) => {
    const input = Object.fromEntries(
      Object.entries(values).filter(([, v]) => v !== undefined && v !== null && v !== ''),
    ) as ItemInput;
    create.mutate({ ...input, code: input.code.trim(), name: input.name.trim() });
  };
  return (
    <Drawer
      title={t('item.create')}
      open={open}
      onClose={onClose}
      size={480}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={create.isPending} onClick={() => form.submit()}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ type: 'buy', uom: 'pcs' }}>
        <Form.Item name="code" label={t('item.code')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item name="name" label={t('item.name')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="spec" label={t('item.spec')}>
          <Input maxLength={200} />
        </Form.Item>
        <div className="form-row">
          <Form.Item name="type" label={t('item.type')} rules={[{ required: true }]}>
            <Select options={TYPES.map((type) => ({ value: type, label: itemTypeLabel(type) }))} />
          </Form.Item>
          <Form.Item name="uom" label={t('item.uom')} rules={[{ required: true }]}>
            <Input maxLength={16} />
          </Form.Item>
          <Form.Item name="precision" label={t('item.precision')}>
            <InputNumber min={0} max={6} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </div>
        <div className="form-row">
          <Form.Item name="safetyStock" label={t('item.safetyStock')}>
            <InputNumber min={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="leadTime" label={t('item.leadTimeDays')}>
            <InputNumber min={0} max={3650} style={{ width: '100%' }} />
          </Form.Item>
        </div>
        <div className="form-row">
          <Form.Item name="abcClass" label={t('item.abc')}>
            <Select allowClear options={['A', 'B', 'C'].map((c) => ({ value: c, label: c }))} />
          </Form.Item>
          <Form.Item name="cost" label={t('item.cost')}>
            <InputNumber min={0} style={{ width: '100%' }} />
          </Form.Item>
        </div>
      </Form>
    </Drawer>
  );
}
