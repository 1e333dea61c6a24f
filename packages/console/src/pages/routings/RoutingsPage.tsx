import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import type { Operation } from '@shopfloor/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  AutoComplete,
  Button,
  Card,
  Empty,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { client } from '../../api/client';
import { routings } from '../../api/routings';
import { t } from '../../i18n/i18n';
import { navigate, useRoute } from '../../layout/router';
import { useCan } from '../../session/session';
import { errorText, isStatus } from '../../shared/errors';
import { ItemSelect, PageHeader, useShowError } from '../../shared/ui';

/** 工艺路线: the operations that make an item, in sequence; work orders copy them when created. */
export default function RoutingsPage() {
  const { params } = useRoute();
  const item = params.get('item') ?? undefined;
  const [editing, setEditing] = useState(false);
  const can = useCan();
  const routing = useQuery({
    queryKey: ['routings', item],
    queryFn: () => routings.get(item!),
    enabled: !!item,
  });
  const shops = useQuery({ queryKey: ['workshops', 'all'], queryFn: () => client.workshops.listPage() });
  const shopName = (code: string) => shops.data?.items.find((w) => w.code === code)?.name ?? code;
  const missing = isStatus(routing.error, 404);

  const columns: ColumnsType<Operation> = [
    { title: t('routing.seq'), dataIndex: 'seq', width: 72, align: 'center' },
    { title: t('routing.name'), dataIndex: 'name' },
    {
      title: t('routing.workCenter'),
      dataIndex: 'workCenter',
      width: 140,
      render: (v) => <span className="mono">{v}</span>,
    },
    { title: t('routing.workshop'), dataIndex: 'workshop', width: 140, render: shopName },
    { title: t('routing.standardMinutes'), dataIndex: 'standardMinutes', width: 130, align: 'right' },
    {
      title: t('routing.setupMinutes'),
      dataIndex: 'setupMinutes',
      width: 130,
      align: 'right',
      render: (v) => v ?? 0,
    },
    { title: t('routing.owner'), dataIndex: 'owner', width: 140, render: (v) => v ?? '—' },
  ];

  return (
    <div className="stack">
      <PageHeader title={t('menu.routings')} subtitle={t('routing.subtitle')} />
      <Card className="search-card" variant="borderless">
        <Form layout="inline">
          <Form.Item label={t('bom.item')}>
            <ItemSelect
              value={item}
              types={['make']}
              onChange={(code) => {
                setEditing(false);
                navigate('/routings', { item: code });
              }}
              style={{ width: 320 }}
            />
          </Form.Item>
        </Form>
      </Card>
      <Card className="table-card" variant="borderless">
        {!item ? (
          <Empty description={t('routing.pickItem')} />
        ) : editing ? (
          <RoutingEditor
            item={item}
            operations={
              routing.data?.operations ?? [
                { seq: 10, name: '', workCenter: '', workshop: '', standardMinutes: 0 },
              ]
            }
            workshopOptions={(shops.data?.items ?? []).map((w) => ({
              value: w.code,
              label: `${w.name} (${w.code})`,
            }))}
            onDone={() => setEditing(false)}
          />
        ) : missing ? (
          <Empty description={t('routing.none')}>
            {can('planner') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(true)}>
                {t('routing.create')}
              </Button>
            )}
          </Empty>
        ) : routing.isError ? (
          <Alert type="error" showIcon title={errorText(routing.error)} />
        ) : (
          <>
            <div className="card-toolbar">
              <span>{t('routing.count', { n: routing.data?.operations.length ?? 0 })}</span>
              {can('planner') && (
                <Button icon={<EditOutlined />} onClick={() => setEditing(true)} disabled={!routing.data}>
                  {t('common.edit')}
                </Button>
              )}
            </div>
            <Table<Operation>
              rowKey="seq"
              size="small"
              columns={columns}
              dataSource={routing.data?.operations}
              loading={routing.isFetching}
              pagination={false}
            />
          </>
        )}
      </Card>
    </div>
  );
}

function RoutingEditor({
  item,
  operations,
  workshopOptions,
  onDone,
}: {
  item: string;
  operations: Operation[];
  workshopOptions: { value: string; label: string }[];
  onDone: () => void;
}) {
  const [form] = Form.useForm<{ operations: Operation[] }>();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError(form);
  const centers = useQuery({
    queryKey: ['work-centers', 'all'],
    queryFn: () => client.workCenters.listPage(),
    retry: false,
  });
  const centerOptions = (centers.data?.items ?? []).map((c) => ({
    value: c.code,
    label: `${c.code} ${c.name}`,
  }));
  const save = useMutation({
    mutationFn: (ops: Operation[]) => routings.put(item, ops),
    onSuccess: (saved) => {
      queryClient.setQueryData(['routings', item], saved);
      message.success(t('routing.saved'));
      onDone();
    },
    onError: showError,
  });
  const submit = ({ operations: ops }: { operations: Operation[] }) =>
    save.mutate(
      ops.map((op) => ({
        ...op,
        name: op.name.trim(),
        owner: op.owner?.trim() || undefined,
        setupMinutes: op.setupMinutes ?? undefined,
      })),
    );

  return (
    <Form form={form} initialValues={{ operations }} onFinish={submit} component="div">
      <Form.List name="operations">
        {(fields, { add, remove }) => (
          <>
            <Table
              size="small"
              rowKey="key"
              pagination={false}
              dataSource={fields}
              columns={[
                {
                  title: t('routing.seq'),
                  width: 90,
                  render: (_, f) => (
                    <Form.Item name={[f.name, 'seq']} rules={[{ required: true }]} noStyle>
                      <InputNumber min={1} precision={0} style={{ width: '100%' }} />
                    </Form.Item>
                  ),
                },
                {
                  title: t('routing.name'),
                  render: (_, f) => (
                    <Form.Item
                      name={[f.name, 'name']}
                      rules={[{ required: true, whitespace: true }]}
                      style={{ margin: 0 }}
                    >
                      <Input />
                    </Form.Item>
                  ),
                },
                {
                  title: t('routing.workCenter'),
                  width: 150,
                  render: (_, f) => (
                    <Form.Item
                      name={[f.name, 'workCenter']}
                      rules={[{ required: true }]}
                      style={{ margin: 0 }}
                    >
                      <AutoComplete options={centerOptions} />
                    </Form.Item>
                  ),
                },
                {
                  title: t('routing.workshop'),
                  width: 170,
                  render: (_, f) => (
                    <Form.Item name={[f.name, 'workshop']} rules={[{ required: true }]} style={{ margin: 0 }}>
                      <Select options={workshopOptions} />
                    </Form.Item>
                  ),
                },
                {
                  title: t('routing.standardMinutes'),
                  width: 120,
                  render: (_, f) => (
                    <Form.Item
                      name={[f.name, 'standardMinutes']}
                      rules={[{ required: true }]}
                      style={{ margin: 0 }}
                    >
                      <InputNumber min={0} style={{ width: '100%' }} />
                    </Form.Item>
                  ),
                },
                {
                  title: t('routing.setupMinutes'),
                  width: 120,
                  render: (_, f) => (
                    <Form.Item name={[f.name, 'setupMinutes']} style={{ margin: 0 }}>
                      <InputNumber min={0} style={{ width: '100%' }} />
                    </Form.Item>
                  ),
                },
                {
                  title: t('routing.owner'),
                  width: 130,
                  render: (_, f) => (
                    <Form.Item name={[f.name, 'owner']} style={{ margin: 0 }}>
                      <Input placeholder={t('routing.ownerPlaceholder')} />
                    </Form.Item>
                  ),
                },
                {
                  title: '',
                  width: 44,
                  render: (_, f) => (
                    <Button
                      type="text"
                      size="small"
                      danger
                      icon={<DeleteOutlined />}
                      aria-label={t('common.delete')}
                      disabled={fields.length <= 1}
                      onClick={() => remove(f.name)}
                    />
                  ),
                },
              ]}
            />
            <div className="card-toolbar" style={{ marginTop: 8 }}>
              <Button
                icon={<PlusOutlined />}
                onClick={() => {
                  const current: Operation[] = form.getFieldValue('operations') ?? [];
                  const last = current.at(-1);
                  add({
                    seq: Math.max(0, ...current.map((op) => op?.seq ?? 0)) + 10,
                    name: '',
                    workCenter: last?.workCenter ?? '',
                    workshop: last?.workshop ?? '',
                    standardMinutes: 0,
                  });
                }}
              >
                {t('routing.addOperation')}
              </Button>
              <Space>
                <Button onClick={onDone}>{t('common.cancel')}</Button>
                <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
                  {t('common.save')}
                </Button>
              </Space>
            </div>
          </>
        )}
      </Form.List>
    </Form>
  );
}
