import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  DEFAULT_CALENDAR,
  formatCalendar,
  type WorkCenterInput,
  type WorkCenterView as WorkCenterRow,
  type WorkshopView as WorkshopRow,
} from '@shopfloor/sdk/admin';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { client } from '../../api/client';
import { allPages } from '../../api/path';
import { getLocale, type MessageKey, t } from '../../i18n/i18n';
import { useCan } from '../../session/session';
import { useDeleteOrDeactivate } from '../../shared/delete-or-deactivate';
import { errorText } from '../../shared/errors';
import { matches } from '../../shared/format';
import { RowActions } from '../../shared/RowActions';
import { ActiveTag, actionsIf, PageHeader, useIdempotencyKey, useShowError } from '../../shared/ui';

type Editing<T> = { mode: 'create'; workshop?: string } | { mode: 'edit'; record: T } | undefined;

/** 车间与工作中心: workshops on the left, the work centers of the selected one with their calendars. */
export default function WorkshopsPage() {
  const [words, setWords] = useState('');
  const can = useCan();
  const [includeInactive, setIncludeInactive] = useState(false);
  const [selected, setSelected] = useState<string>();
  const [editingShop, setEditingShop] = useState<Editing<WorkshopRow>>();
  const [editingCenter, setEditingCenter] = useState<Editing<WorkCenterRow>>();
  const inactive = includeInactive || undefined;
  const shops = useQuery({
    queryKey: ['workshops', 'all', includeInactive],
    queryFn: () => client.workshops.listPage({ includeInactive: inactive }),
  });
  const centers = useQuery({
    queryKey: ['work-centers', 'all', includeInactive],
    queryFn: () => allPages((q) => client.workCenters.listPage({ ...q, includeInactive: inactive })),
  });
  // Only admins may list users; the others see the supervisor's user id.
  const people = useQuery({
    queryKey: ['users', 'all'],
    queryFn: () => allPages((q) => client.users.listPage(q)),
    enabled: can(),
  });
  const personName = (id?: string | null) => (id ? (people.data?.find((u) => u.id === id)?.name ?? id) : '—');
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const refresh = [['workshops'], ['work-centers']];
  const shopActions = useDeleteOrDeactivate({
    remove: client.workshops.remove,
    deactivate: (code) => client.workshops.update(code, { active: false }),
    refresh,
  });
  const centerActions = useDeleteOrDeactivate({
    remove: client.workCenters.remove,
    deactivate: (code) => client.workCenters.update(code, { active: false }),
    refresh,
  });
  const activate = useMutation({
    mutationFn: ({ kind, code }: { kind: 'workshop' | 'center'; code: string }): Promise<unknown> =>
      kind === 'workshop'
        ? client.workshops.update(code, { active: true })
        : client.workCenters.update(code, { active: true }),
    onSuccess: () => {
      message.success(t('common.activated'));
      for (const queryKey of refresh) queryClient.invalidateQueries({ queryKey });
    },
    onError: (error) => message.error(errorText(error)),
  });

  const centersOf = (code: string) => (centers.data ?? []).filter((c) => c.workshop === code);
  const rows = (shops.data?.items ?? []).filter(
    (w) => matches(words, w.code, w.name) || centersOf(w.code).some((c) => matches(words, c.code, c.name)),
  );
  const current = rows.find((w) => w.code === selected) ?? rows[0];
  const shopColumns: ColumnsType<WorkshopRow> = [
    { title: t('ws.code'), dataIndex: 'code', width: 96, render: (v) => <span className="mono">{v}</span> },
    { title: t('ws.name'), dataIndex: 'name', ellipsis: true },
    { title: t('ws.supervisor'), dataIndex: 'supervisor', width: 96, ellipsis: true, render: personName },
    { title: t('common.status'), dataIndex: 'active', width: 64, render: (a) => <ActiveTag active={a} /> },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 150,
      render: (_, w) => (
        <RowActions
          code={w.code}
          active={w.active !== false}
          onEdit={() => setEditingShop({ mode: 'edit', record: w })}
          onActivate={() => activate.mutate({ kind: 'workshop', code: w.code })}
          onDeactivate={() => shopActions.deactivate.mutate(w.code)}
          onDelete={() => shopActions.remove.mutate(w.code)}
        />
      ),
    },
  ];
  const centerColumns: ColumnsType<WorkCenterRow> = [
    { title: t('wc.code'), dataIndex: 'code', width: 96, render: (v) => <span className="mono">{v}</span> },
    { title: t('wc.name'), dataIndex: 'name', width: 120, ellipsis: true },
    { title: t('wc.stations'), dataIndex: 'stations', width: 64, align: 'right' },
    {
      title: t('wc.calendar'),
      dataIndex: 'calendar',
      // The same words as the workbook's calendar cell, so the console and the Excel file agree.
      render: (calendar) => formatCalendar(calendar, getLocale() === 'en' ? 'en' : 'zh'),
    },
    { title: t('common.status'), dataIndex: 'active', width: 64, render: (a) => <ActiveTag active={a} /> },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 150,
      render: (_, c) => (
        <RowActions
          code={c.code}
          active={c.active !== false}
          onEdit={() => setEditingCenter({ mode: 'edit', record: c })}
          onActivate={() => activate.mutate({ kind: 'center', code: c.code })}
          onDeactivate={() => centerActions.deactivate.mutate(c.code)}
          onDelete={() => centerActions.remove.mutate(c.code)}
        />
      ),
    },
  ];

  return (
    <div className="stack">
      <PageHeader
        title={t('menu.workshops')}
        subtitle={t('ws.subtitle')}
        extra={
          can() && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditingShop({ mode: 'create' })}>
              {t('ws.create')}
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
              placeholder={t('ws.searchPlaceholder')}
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
      {shops.isError && <Alert type="error" showIcon title={errorText(shops.error)} />}
      <div className="split">
        <Card
          className="table-card clickable-rows"
          variant="borderless"
          size="small"
          title={t('ws.listTitle')}
        >
          <Table<WorkshopRow>
            rowKey="code"
            size="small"
            columns={actionsIf(can(), shopColumns)}
            dataSource={rows}
            loading={shops.isFetching}
            pagination={false}
            rowClassName={(w) => (w.code === current?.code ? 'row-selected' : '')}
            onRow={(w) => ({ onClick: () => setSelected(w.code) })}
          />
        </Card>
        <Card
          className="table-card"
          variant="borderless"
          size="small"
          title={current ? t('wc.listTitle', { name: current.name }) : t('wc.listTitleNone')}
          extra={
            current &&
            can('planner') && (
              <Button
                size="small"
                icon={<PlusOutlined />}
                onClick={() => setEditingCenter({ mode: 'create', workshop: current.code })}
              >
                {t('wc.create')}
              </Button>
            )
          }
        >
          {centers.isError && (
            <Alert type="warning" showIcon title={errorText(centers.error)} style={{ marginBottom: 8 }} />
          )}
          {current ? (
            <Table<WorkCenterRow>
              rowKey="code"
              size="small"
              columns={actionsIf(can('planner'), centerColumns)}
              dataSource={centersOf(current.code)}
              loading={centers.isFetching}
              pagination={false}
            />
          ) : (
            <Empty description={t('ws.none')} />
          )}
        </Card>
      </div>
      <WorkshopModal
        editing={editingShop}
        people={(people.data ?? []).map((u) => ({ value: u.id, label: `${u.name} (${u.id})` }))}
        onClose={() => setEditingShop(undefined)}
      />
      <WorkCenterModal
        editing={editingCenter}
        workshops={shops.data?.items ?? []}
        onClose={() => setEditingCenter(undefined)}
      />
    </div>
  );
}

function WorkshopModal({
  editing,
  people,
  onClose,
}: {
  editing: Editing<WorkshopRow>;
  people: { value: string; label: string }[];
  onClose: () => void;
}) {
  const [form] = Form.useForm<{ code: string; name: string; supervisor?: string }>();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError(form);
  const idempotencyKey = useIdempotencyKey(!!editing);
  const save = useMutation({
    mutationFn: (v: { code: string; name: string; supervisor?: string }) =>
      editing?.mode === 'edit'
        ? client.workshops.update(editing.record.code, {
            name: v.name.trim(),
            supervisor: v.supervisor ?? null,
          })
        : client.workshops.create(
            {
              code: v.code.trim(),
              name: v.name.trim(),
              ...(v.supervisor ? { supervisor: v.supervisor } : {}),
            },
            { idempotencyKey },
          ),
    onSuccess: () => {
      message.success(t('common.saved'));
      queryClient.invalidateQueries({ queryKey: ['workshops'] });
      onClose();
    },
    onError: showError,
  });
  return (
    <Modal
      title={editing?.mode === 'edit' ? t('ws.edit') : t('ws.create')}
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
        initialValues={
          editing?.mode === 'edit'
            ? { ...editing.record, supervisor: editing.record.supervisor ?? undefined }
            : undefined
        }
      >
        <div className="form-row">
          <Form.Item name="code" label={t('ws.code')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={32} disabled={editing?.mode === 'edit'} />
          </Form.Item>
          <Form.Item name="name" label={t('ws.name')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={100} />
          </Form.Item>
        </div>
        <Form.Item name="supervisor" label={t('ws.supervisor')}>
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={people} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type CenterForm = Omit<WorkCenterInput, 'calendar'> & {
  workdays: number[];
  shifts: { start: string; end: string }[];
  holidays?: string[];
  workingDates?: string[];
};

function WorkCenterModal({
  editing,
  workshops: shops,
  onClose,
}: {
  editing: Editing<WorkCenterRow>;
  workshops: WorkshopRow[];
  onClose: () => void;
}) {
  const [form] = Form.useForm<CenterForm>();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError(form);
  const idempotencyKey = useIdempotencyKey(!!editing);
  const save = useMutation({
    mutationFn: (v: CenterForm) => {
      const calendar = {
        workdays: [...v.workdays].sort(),
        shifts: v.shifts,
        ...(v.holidays?.length ? { holidays: v.holidays } : {}),
        ...(v.workingDates?.length ? { workingDates: v.workingDates } : {}),
      };
      const body = { name: v.name.trim(), workshop: v.workshop, stations: v.stations, calendar };
      return editing?.mode === 'edit'
        ? client.workCenters.update(editing.record.code, body)
        : client.workCenters.create({ code: v.code.trim(), ...body }, { idempotencyKey });
    },
    onSuccess: () => {
      message.success(t('common.saved'));
      queryClient.invalidateQueries({ queryKey: ['work-centers'] });
      onClose();
    },
    onError: showError,
  });
  const record = editing?.mode === 'edit' ? editing.record : undefined;
  const calendar = record?.calendar ?? DEFAULT_CALENDAR;
  const initial: Partial<CenterForm> = {
    code: record?.code,
    name: record?.name,
    workshop: record?.workshop ?? (editing?.mode === 'create' ? editing.workshop : undefined),
    stations: record?.stations ?? 1,
    workdays: calendar.workdays,
    shifts: calendar.shifts,
    holidays: calendar.holidays ?? [],
    workingDates: calendar.workingDates ?? [],
  };
  const dateRule = { pattern: /^\d{4}-\d{2}-\d{2}$/, message: t('wc.dateFormat') };
  return (
    <Modal
      title={record ? t('wc.edit') : t('wc.create')}
      open={!!editing}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={600}
    >
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} initialValues={initial}>
        <div className="form-row">
          <Form.Item name="code" label={t('wc.code')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={32} disabled={!!record} />
          </Form.Item>
          <Form.Item name="name" label={t('wc.name')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={100} />
          </Form.Item>
        </div>
        <div className="form-row">
          <Form.Item name="workshop" label={t('wc.workshop')} rules={[{ required: true }]}>
            <Select options={shops.map((w) => ({ value: w.code, label: `${w.name} (${w.code})` }))} />
          </Form.Item>
          <Form.Item
            name="stations"
            label={t('wc.stations')}
            rules={[{ required: true }]}
            extra={t('wc.stationsHint')}
          >
            <InputNumber min={1} max={999} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </div>
        <Form.Item
          name="workdays"
          label={t('wc.workdays')}
          rules={[{ required: true, type: 'array', min: 1 }]}
        >
          <Checkbox.Group
            options={[1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: d, label: t(`weekday.${d}` as MessageKey) }))}
          />
        </Form.Item>
        <Form.Item label={t('wc.shifts')} extra={t('wc.shiftsHint')} required>
          <Form.List
            name="shifts"
            rules={[
              {
                validator: async (_, v) =>
                  v?.length ? undefined : Promise.reject(new Error(t('wc.shiftsRequired'))),
              },
            ]}
          >
            {(fields, { add, remove }, { errors }) => (
              <div className="stack" style={{ gap: 6 }}>
                {fields.map((f) => (
                  <Space key={f.key} size={6}>
                    <Form.Item name={[f.name, 'start']} rules={[{ required: true }]} noStyle>
                      <Input type="time" style={{ width: 120 }} />
                    </Form.Item>
                    <span>—</span>
                    <Form.Item name={[f.name, 'end']} rules={[{ required: true }]} noStyle>
                      <Input type="time" style={{ width: 120 }} />
                    </Form.Item>
                    <Button
                      type="text"
                      size="small"
                      icon={<DeleteOutlined />}
                      aria-label={t('common.delete')}
                      onClick={() => remove(f.name)}
                    />
                  </Space>
                ))}
                <Button
                  size="small"
                  icon={<PlusOutlined />}
                  style={{ alignSelf: 'flex-start' }}
                  onClick={() => add({ start: '08:00', end: '17:00' })}
                >
                  {t('wc.addShift')}
                </Button>
                <Form.ErrorList errors={errors} />
              </div>
            )}
          </Form.List>
        </Form.Item>
        <div className="form-row">
          <Form.Item
            name="holidays"
            label={t('wc.holidays')}
            rules={[{ type: 'array', defaultField: dateRule }]}
          >
            <Select mode="tags" tokenSeparators={[',', ' ', '，']} placeholder="2026-10-01" open={false} />
          </Form.Item>
          <Form.Item
            name="workingDates"
            label={t('wc.workingDates')}
            rules={[{ type: 'array', defaultField: dateRule }]}
          >
            <Select mode="tags" tokenSeparators={[',', ' ', '，']} placeholder="2026-10-10" open={false} />
          </Form.Item>
        </div>
      </Form>
    </Modal>
  );
}
