import { PlusOutlined } from '@ant-design/icons';
import {
  type LocationInput,
  LocationKind,
  type LocationView as LocationRow,
  type WarehouseWithLocations as WarehouseRow,
} from '@shopfloor/sdk/admin';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Empty, Form, Input, Modal, Select, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { client } from '../../api/client';
import { t } from '../../i18n/i18n';
import { useCan } from '../../session/session';
import { useDeleteOrDeactivate } from '../../shared/delete-or-deactivate';
import { errorText } from '../../shared/errors';
import { matches } from '../../shared/format';
import { locationKindLabel } from '../../shared/labels';
import { RowActions } from '../../shared/RowActions';
import { ActiveTag, actionsIf, PageHeader, useIdempotencyKey, useShowError } from '../../shared/ui';

const KIND_COLORS: Record<string, string> = {
  'raw-material': 'cyan',
  wip: 'geekblue',
  'finished-goods': 'green',
  quarantine: 'volcano',
};

type Editing<T> = { mode: 'create'; warehouse?: string } | { mode: 'edit'; record: T } | undefined;

/** 仓库库位: warehouses on the left, the locations of the selected one on the right. */
export default function WarehousesPage() {
  const can = useCan();
  const [words, setWords] = useState('');
  const [includeInactive, setIncludeInactive] = useState(false);
  const [selected, setSelected] = useState<string>();
  const [editingHouse, setEditingHouse] = useState<Editing<WarehouseRow>>();
  const [editingLocation, setEditingLocation] = useState<Editing<LocationRow>>();
  const list = useQuery({
    queryKey: ['warehouses', 'all', includeInactive],
    queryFn: () => client.warehouses.listPage({ includeInactive: includeInactive || undefined }),
  });
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const refresh = [['warehouses'], ['locations']];
  const houseActions = useDeleteOrDeactivate({
    remove: client.warehouses.remove,
    deactivate: (code) => client.warehouses.update(code, { active: false }),
    refresh,
  });
  const locationActions = useDeleteOrDeactivate({
    remove: client.locations.remove,
    deactivate: (code) => client.locations.update(code, { active: false }),
    refresh,
  });
  const activate = useMutation({
    mutationFn: ({ kind, code }: { kind: 'warehouse' | 'location'; code: string }): Promise<unknown> =>
      kind === 'warehouse'
        ? client.warehouses.update(code, { active: true })
        : client.locations.update(code, { active: true }),
    onSuccess: () => {
      message.success(t('common.activated'));
      for (const queryKey of refresh) queryClient.invalidateQueries({ queryKey });
    },
    onError: (error) => message.error(errorText(error)),
  });

  const houses = (list.data?.items ?? []).filter(
    (w) => matches(words, w.code, w.name) || w.locations.some((l) => matches(words, l.code, l.name)),
  );
  const current = houses.find((w) => w.code === selected) ?? houses[0];
  const houseColumns: ColumnsType<WarehouseRow> = [
    { title: t('wh.code'), dataIndex: 'code', width: 100, render: (v) => <span className="mono">{v}</span> },
    { title: t('wh.name'), dataIndex: 'name', ellipsis: true },
    { title: t('wh.locations'), key: 'n', width: 64, align: 'right', render: (_, w) => w.locations.length },
    { title: t('common.status'), dataIndex: 'active', width: 64, render: (a) => <ActiveTag active={a} /> },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 150,
      render: (_, w) => (
        <RowActions
          active={w.active !== false}
          onEdit={() => setEditingHouse({ mode: 'edit', record: w })}
          onActivate={() => activate.mutate({ kind: 'warehouse', code: w.code })}
          onDeactivate={() => houseActions.deactivate.mutate(w.code)}
          onDelete={() => houseActions.remove.mutate(w.code)}
          code={w.code}
        />
      ),
    },
  ];
  const locationColumns: ColumnsType<LocationRow> = [
    { title: t('loc.code'), dataIndex: 'code', width: 110, render: (v) => <span className="mono">{v}</span> },
    { title: t('loc.name'), dataIndex: 'name', ellipsis: true, render: (v) => v ?? '—' },
    {
      title: t('loc.kind'),
      dataIndex: 'kind',
      width: 100,
      render: (kind) => (kind ? <Tag color={KIND_COLORS[kind]}>{locationKindLabel(kind)}</Tag> : '—'),
    },
    { title: t('common.status'), dataIndex: 'active', width: 64, render: (a) => <ActiveTag active={a} /> },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 150,
      render: (_, l) => (
        <RowActions
          active={l.active !== false}
          onEdit={() => setEditingLocation({ mode: 'edit', record: l })}
          onActivate={() => activate.mutate({ kind: 'location', code: l.code })}
          onDeactivate={() => locationActions.deactivate.mutate(l.code)}
          onDelete={() => locationActions.remove.mutate(l.code)}
          code={l.code}
        />
      ),
    },
  ];

  return (
    <div className="stack">
      <PageHeader
        title={t('menu.warehouses')}
        subtitle={t('wh.subtitle')}
        extra={
          can() && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditingHouse({ mode: 'create' })}
            >
              {t('wh.create')}
            </Button>
          )
        }
      />
      <Card className="search-card" variant="borderless">
        <Form layout="inline">
          <Form.Item label={t('common.keyword')}>
            <Input
              allowClear
              value={words}
              onChange={(e) => setWords(e.target.value)}
              placeholder={t('wh.searchPlaceholder')}
              style={{ width: 240 }}
            />
          </Form.Item>
          <Form.Item>
            <Checkbox checked={includeInactive} onChange={(e) => setIncludeInactive(e.target.checked)}>
              {t('common.showInactive')}
            </Checkbox>
          </Form.Item>
        </Form>
      </Card>
      {list.isError && <Alert type="error" showIcon title={errorText(list.error)} />}
      <div className="split">
        <Card
          className="table-card clickable-rows"
          variant="borderless"
          title={t('wh.listTitle')}
          size="small"
        >
          <Table<WarehouseRow>
            rowKey="code"
            size="small"
            columns={actionsIf(can(), houseColumns)}
            dataSource={houses}
            loading={list.isFetching}
            pagination={false}
            rowClassName={(w) => (w.code === current?.code ? 'row-selected' : '')}
            onRow={(w) => ({ onClick: () => setSelected(w.code) })}
          />
        </Card>
        <Card
          className="table-card"
          variant="borderless"
          size="small"
          title={current ? t('loc.listTitle', { name: current.name }) : t('loc.listTitleNone')}
          extra={
            current &&
            can('storekeeper') && (
              <Button
                size="small"
                icon={<PlusOutlined />}
                onClick={() => setEditingLocation({ mode: 'create', warehouse: current.code })}
              >
                {t('loc.create')}
              </Button>
            )
          }
        >
          {current ? (
            <Table<LocationRow>
              rowKey="code"
              size="small"
              columns={actionsIf(can('storekeeper'), locationColumns)}
              dataSource={current.locations.filter((l) => includeInactive || l.active !== false)}
              pagination={false}
            />
          ) : (
            <Empty description={t('wh.none')} />
          )}
        </Card>
      </div>
      <WarehouseModal editing={editingHouse} onClose={() => setEditingHouse(undefined)} />
      <LocationModal
        editing={editingLocation}
        warehouses={list.data?.items ?? []}
        onClose={() => setEditingLocation(undefined)}
      />
    </div>
  );
}

function WarehouseModal({ editing, onClose }: { editing: Editing<WarehouseRow>; onClose: () => void }) {
  const [form] = Form.useForm<{ code: string; name: string }>();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError(form);
  const idempotencyKey = useIdempotencyKey(!!editing);
  const save = useMutation({
    mutationFn: (v: { code: string; name: string }) =>
      editing?.mode === 'edit'
        ? client.warehouses.update(editing.record.code, { name: v.name.trim() })
        : client.warehouses.create({ code: v.code.trim(), name: v.name.trim() }, { idempotencyKey }),
    onSuccess: () => {
      message.success(t('common.saved'));
      queryClient.invalidateQueries({ queryKey: ['warehouses'] });
      onClose();
    },
    onError: showError,
  });
  return (
    <Modal
      title={editing?.mode === 'edit' ? t('wh.edit') : t('wh.create')}
      open={!!editing}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => save.mutate(v)}
        initialValues={editing?.mode === 'edit' ? editing.record : undefined}
      >
        <Form.Item name="code" label={t('wh.code')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={32} disabled={editing?.mode === 'edit'} />
        </Form.Item>
        <Form.Item name="name" label={t('wh.name')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={100} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function LocationModal({
  editing,
  warehouses: houses,
  onClose,
}: {
  editing: Editing<LocationRow>;
  warehouses: WarehouseRow[];
  onClose: () => void;
}) {
  const [form] = Form.useForm<LocationInput>();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError(form);
  const idempotencyKey = useIdempotencyKey(!!editing);
  const save = useMutation({
    mutationFn: (v: LocationInput) =>
      editing?.mode === 'edit'
        ? client.locations.update(editing.record.code, { name: v.name?.trim() || undefined, kind: v.kind })
        : client.locations.create(
            { ...v, code: v.code.trim(), name: v.name?.trim() || undefined },
            { idempotencyKey },
          ),
    onSuccess: () => {
      message.success(t('common.saved'));
      queryClient.invalidateQueries({ queryKey: ['warehouses'] });
      queryClient.invalidateQueries({ queryKey: ['locations'] });
      onClose();
    },
    onError: showError,
  });
  const initial =
    editing?.mode === 'edit'
      ? editing.record
      : { warehouse: editing?.warehouse, kind: 'raw-material' as const };
  return (
    <Modal
      title={editing?.mode === 'edit' ? t('loc.edit') : t('loc.create')}
      open={!!editing}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} initialValues={initial}>
        <Form.Item name="warehouse" label={t('loc.warehouse')} rules={[{ required: true }]}>
          <Select
            disabled={editing?.mode === 'edit'}
            options={houses.map((w) => ({ value: w.code, label: `${w.name} (${w.code})` }))}
          />
        </Form.Item>
        <div className="form-row">
          <Form.Item name="code" label={t('loc.code')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={32} disabled={editing?.mode === 'edit'} />
          </Form.Item>
          <Form.Item name="kind" label={t('loc.kind')} rules={[{ required: true }]}>
            <Select
              options={LocationKind.options.map((kind) => ({ value: kind, label: locationKindLabel(kind) }))}
            />
          </Form.Item>
        </div>
        <Form.Item name="name" label={t('loc.name')}>
          <Input maxLength={100} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
