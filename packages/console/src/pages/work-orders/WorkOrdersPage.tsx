import { PlusOutlined, PrinterOutlined, SendOutlined } from '@ant-design/icons';
import type {
  WorkOrder,
  WorkOrderInput,
  WorkOrderOperation,
  WorkOrderQuery,
  WorkOrderStatus,
} from '@shopfloor/sdk';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Progress,
  Select,
  Space,
  Spin,
  Table,
  Tag,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useRef, useState } from 'react';
import { client } from '../../api/client';
import { labelSheetHtml } from '../../api/labels';
import { type LifecycleAction, workOrderLifecycle } from '../../api/work-order-lifecycle';
import { type MessageKey, t } from '../../i18n/i18n';
import { useCan } from '../../session/session';
import { errorText, problemKind } from '../../shared/errors';
import { formatDateTime, formatQty, shanghaiDate } from '../../shared/format';
import { operationStatusLabel, WORK_ORDER_STATUS_COLORS, workOrderStatusLabel } from '../../shared/labels';
import {
  ItemSelect,
  PagedTable,
  PageHeader,
  useCursorPages,
  useIdempotencyKey,
  useShowError,
} from '../../shared/ui';

const STATUSES: WorkOrderStatus[] = [
  'draft',
  'released',
  'in-progress',
  'on-hold',
  'done',
  'closed',
  'cancelled',
];

/** The lifecycle buttons a planner gets in each status (docs/work-orders.md). */
const ACTIONS: Partial<Record<WorkOrderStatus, LifecycleAction[]>> = {
  draft: ['cancel'],
  released: ['hold', 'cancel', 'closeShort'],
  'in-progress': ['hold', 'closeShort'],
  'on-hold': ['resume', 'cancel', 'closeShort'],
  done: ['close'],
};
const NEEDS_REASON: readonly LifecycleAction[] = ['hold', 'cancel', 'closeShort'];
type Filters = Pick<WorkOrderQuery, 'status' | 'item' | 'dueBefore'>;

/** 工单: list by due date, create from an item's routing, release, print the operation labels. */
export default function WorkOrdersPage() {
  const [filters, setFilters] = useState<Filters>({});
  const [creating, setCreating] = useState(false);
  const can = useCan();
  const [shown, setShown] = useState<string>();
  const [printing, setPrinting] = useState<string>();
  const [acting, setActing] = useState<{ no: string; action: LifecycleAction }>();
  const pages = useCursorPages(filters);
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const list = useQuery({
    queryKey: ['work-orders', 'list', filters, pages.cursor],
    queryFn: () => client.workOrders.listPage({ ...filters, cursor: pages.cursor, limit: 50 }),
    placeholderData: keepPreviousData,
  });
  const release = useMutation({
    mutationFn: (no: string) => client.workOrders.release(no, { idempotencyKey: crypto.randomUUID() }),
    onSuccess: (wo) => {
      message.success(t('wo.released', { no: wo.no }));
      queryClient.invalidateQueries({ queryKey: ['work-orders'] });
    },
    onError: showError,
  });

  const columns: ColumnsType<WorkOrder> = [
    {
      title: t('wo.no'),
      dataIndex: 'no',
      width: 170,
      // The lifecycle buttons widen the table past 1440 px: the number stays in view when it scrolls.
      fixed: 'left',
      render: (no) => (
        <Button type="link" size="small" className="mono" style={{ padding: 0 }} onClick={() => setShown(no)}>
          {no}
        </Button>
      ),
    },
    { title: t('wo.item'), dataIndex: 'item', width: 150, render: (v) => <span className="mono">{v}</span> },
    {
      title: t('wo.qty'),
      key: 'qty',
      width: 100,
      align: 'right',
      render: (_, wo) => formatQty(wo.qty, wo.uom),
    },
    { title: t('wo.due'), dataIndex: 'due', width: 108 },
    {
      title: t('wo.status'),
      dataIndex: 'status',
      width: 90,
      render: (status, wo) => (
        <Tag color={WORK_ORDER_STATUS_COLORS[status]} title={wo.statusReason}>
          {workOrderStatusLabel(status)}
        </Tag>
      ),
    },
    {
      title: t('wo.progress'),
      key: 'progress',
      width: 170,
      render: (_, wo) => (
        <Progress
          size="small"
          percent={Math.round(Math.min(1, wo.progress?.ratio ?? 0) * 100)}
          format={() => `${formatQty(wo.progress?.goodQty ?? 0)}/${formatQty(wo.qty)}`}
        />
      ),
    },
    {
      title: t('wo.operations'),
      key: 'ops',
      width: 64,
      align: 'center',
      render: (_, wo) => wo.operations.length,
    },
    { title: t('wo.releasedAt'), dataIndex: 'releasedAt', width: 140, render: formatDateTime },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 300,
      fixed: 'right',
      render: (_, wo) => (
        <Space size={0}>
          {wo.status === 'draft' && can('planner') && (
            <Popconfirm
              title={t('wo.releaseConfirm', { no: wo.no })}
              description={t('wo.releaseHint')}
              okText={t('wo.release')}
              cancelText={t('common.cancel')}
              onConfirm={() => release.mutateAsync(wo.no).catch(() => undefined)}
            >
              <Button type="link" size="small" icon={<SendOutlined />}>
                {t('wo.release')}
              </Button>
            </Popconfirm>
          )}
          {can('planner') &&
            (ACTIONS[wo.status] ?? []).map((action) => (
              <Button
                key={action}
                type="link"
                size="small"
                danger={action === 'cancel'}
                data-action={action}
                onClick={() => setActing({ no: wo.no, action })}
              >
                {t(`wo.action.${action}`)}
              </Button>
            ))}
          {wo.status !== 'draft' && wo.status !== 'cancelled' && (
            <Button type="link" size="small" icon={<PrinterOutlined />} onClick={() => setPrinting(wo.no)}>
              {t('wo.labels')}
            </Button>
          )}
          <Button type="link" size="small" onClick={() => setShown(wo.no)}>
            {t('common.details')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <div className="stack">
      <PageHeader
        title={t('menu.workOrders')}
        subtitle={t('wo.subtitle')}
        extra={
          can('planner') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('wo.create')}
            </Button>
          )
        }
      />
      <SearchForm onSearch={setFilters} />
      <PagedTable<WorkOrder> rowKey="no" columns={columns} list={list} pages={pages} scrollX={1250} />
      <LifecycleModal acting={acting} onClose={() => setActing(undefined)} />
      <CreateWorkOrderModal open={creating} onClose={() => setCreating(false)} onCreated={setShown} />
      <WorkOrderDrawer no={shown} onClose={() => setShown(undefined)} onPrint={setPrinting} />
      <LabelsModal no={printing} onClose={() => setPrinting(undefined)} />
    </div>
  );
}

function SearchForm({ onSearch }: { onSearch: (filters: Filters) => void }) {
  const [form] = Form.useForm<Filters>();
  return (
    <Card className="search-card" variant="borderless">
      <Form
        form={form}
        layout="inline"
        onFinish={(v) =>
          onSearch({
            status: v.status || undefined,
            item: v.item || undefined,
            dueBefore: v.dueBefore || undefined,
          })
        }
      >
        <Form.Item name="status" label={t('wo.status')}>
          <Select
            allowClear
            placeholder={t('common.all')}
            style={{ width: 120 }}
            options={STATUSES.map((s) => ({ value: s, label: workOrderStatusLabel(s) }))}
          />
        </Form.Item>
        <Form.Item name="item" label={t('wo.item')}>
          <ItemSelect style={{ width: 240 }} />
        </Form.Item>
        <Form.Item name="dueBefore" label={t('wo.dueBefore')}>
          <Input type="date" style={{ width: 150 }} />
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

function CreateWorkOrderModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (no: string) => void;
}) {
  const [form] = Form.useForm<WorkOrderInput>();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError(form);
  const idempotencyKey = useIdempotencyKey(open);
  const create = useMutation({
    mutationFn: (input: WorkOrderInput) => client.workOrders.create(input, { idempotencyKey }),
    onSuccess: (wo) => {
      message.success(t('wo.created', { no: wo.no }));
      queryClient.invalidateQueries({ queryKey: ['work-orders'] });
      form.resetFields();
      onClose();
      onCreated(wo.no);
    },
    onError: showError,
  });
  const submit = (v: WorkOrderInput) =>
    create.mutate({
      item: v.item,
      qty: v.qty,
      due: v.due,
      ...(v.no?.trim() ? { no: v.no.trim() } : {}),
      ...(v.lot?.trim() ? { lot: v.lot.trim() } : {}),
    });
  return (
    <Modal
      title={t('wo.create')}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      destroyOnHidden
      width={520}
    >
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ qty: 1, due: shanghaiDate(7) }}>
        <Form.Item name="item" label={t('wo.item')} rules={[{ required: true }]} extra={t('wo.itemHint')}>
          <ItemSelect types={['make']} />
        </Form.Item>
        <div className="form-row">
          <Form.Item name="qty" label={t('wo.qty')} rules={[{ required: true }]}>
            <InputNumber min={0.000001} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="due" label={t('wo.due')} rules={[{ required: true }]}>
            <Input type="date" />
          </Form.Item>
        </div>
        <div className="form-row">
          <Form.Item name="no" label={t('wo.noOptional')}>
            <Input placeholder={t('wo.noPlaceholder')} maxLength={40} />
          </Form.Item>
          <Form.Item name="lot" label={t('wo.lot')}>
            <Input maxLength={64} />
          </Form.Item>
        </div>
      </Form>
    </Modal>
  );
}

function WorkOrderDrawer({
  no,
  onClose,
  onPrint,
}: {
  no?: string;
  onClose: () => void;
  onPrint: (no: string) => void;
}) {
  const wo = useQuery({
    queryKey: ['work-orders', 'one', no],
    queryFn: () => client.workOrders.get(no!),
    enabled: !!no,
  });
  const columns: ColumnsType<WorkOrderOperation> = [
    { title: t('routing.seq'), dataIndex: 'seq', width: 60, align: 'center' },
    { title: t('routing.name'), dataIndex: 'name' },
    { title: t('routing.workshop'), dataIndex: 'workshop', width: 90 },
    { title: t('wo.status'), dataIndex: 'status', width: 80, render: (s) => operationStatusLabel(s) },
    { title: t('wo.good'), dataIndex: 'goodQty', width: 70, align: 'right', render: (v) => formatQty(v) },
    { title: t('wo.scrap'), dataIndex: 'scrapQty', width: 70, align: 'right', render: (v) => formatQty(v) },
  ];
  const data = wo.data;
  return (
    <Drawer
      title={no ? t('wo.detailTitle', { no }) : ''}
      open={!!no}
      onClose={onClose}
      size={640}
      extra={
        data && data.status !== 'draft' ? (
          <Button icon={<PrinterOutlined />} onClick={() => onPrint(data.no)}>
            {t('wo.labels')}
          </Button>
        ) : undefined
      }
    >
      {wo.isError && <Alert type="error" showIcon title={errorText(wo.error)} />}
      {!data && wo.isFetching && <Spin />}
      {data && (
        <div className="stack">
          <Descriptions
            size="small"
            bordered
            column={2}
            items={[
              { key: 'item', label: t('wo.item'), children: <span className="mono">{data.item}</span> },
              { key: 'qty', label: t('wo.qty'), children: formatQty(data.qty, data.uom) },
              { key: 'due', label: t('wo.due'), children: data.due },
              {
                key: 'status',
                label: t('wo.status'),
                children: (
                  <Tag color={WORK_ORDER_STATUS_COLORS[data.status]}>{workOrderStatusLabel(data.status)}</Tag>
                ),
              },
              ...(data.statusReason
                ? [{ key: 'reason', label: t('wo.reason'), span: 2, children: data.statusReason }]
                : []),
              { key: 'lot', label: t('wo.lot'), children: data.lot ?? '—' },
              { key: 'location', label: t('wo.location'), children: data.location ?? '—' },
              { key: 'created', label: t('wo.createdAt'), children: formatDateTime(data.createdAt) },
              { key: 'released', label: t('wo.releasedAt'), children: formatDateTime(data.releasedAt) },
            ]}
          />
          <Table<WorkOrderOperation>
            rowKey="seq"
            size="small"
            columns={columns}
            dataSource={data.operations}
            pagination={false}
          />
        </div>
      )}
    </Drawer>
  );
}

/** 暂停 / 恢复 / 取消 / 短关 / 关闭 of one work order, with the reason where the server asks for one. */
function LifecycleModal({
  acting,
  onClose,
}: {
  acting?: { no: string; action: LifecycleAction };
  onClose: () => void;
}) {
  const [form] = Form.useForm<{ reason?: string }>();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError(form);
  const act = useMutation({
    mutationFn: ({ no, action, reason }: { no: string; action: LifecycleAction; reason?: string }) =>
      workOrderLifecycle(no, action, reason),
    onSuccess: (wo, { action }) => {
      message.success(t(`wo.actionDone.${action}`, { no: wo.no }));
      queryClient.invalidateQueries({ queryKey: ['work-orders'] });
      form.resetFields();
      onClose();
    },
    onError: (error, { no }) => {
      // The refusals of the lifecycle in the reader's language, from the problem's code.
      const kind = problemKind(error);
      const key = `wo.refused.${kind}`;
      if (kind && t(key as MessageKey) !== undefined) message.error(t(key as MessageKey, { no }));
      else showError(error);
    },
  });
  const action = acting?.action;
  const needsReason = action !== undefined && NEEDS_REASON.includes(action);
  return (
    <Modal
      title={acting ? t(`wo.actionTitle.${acting.action}`, { no: acting.no }) : ''}
      open={!!acting}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={action === 'cancel' ? t('wo.action.cancelConfirm') : action ? t(`wo.action.${action}`) : ''}
      okButtonProps={{ danger: action === 'cancel' }}
      cancelText={t('common.cancel')}
      confirmLoading={act.isPending}
      destroyOnHidden
      width={480}
    >
      {action && (
        <Alert
          type={action === 'cancel' ? 'warning' : 'info'}
          showIcon
          title={t(`wo.actionHint.${action}`)}
        />
      )}
      <Form
        form={form}
        layout="vertical"
        style={{ marginTop: 16 }}
        onFinish={(v) => acting && act.mutate({ ...acting, reason: v.reason?.trim() || undefined })}
      >
        {needsReason && (
          <Form.Item
            name="reason"
            label={t('wo.reason')}
            rules={[{ required: true, whitespace: true, message: t('wo.reasonRequired') }]}
          >
            <Input.TextArea rows={3} maxLength={500} showCount placeholder={t('wo.reasonPlaceholder')} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** The label page in a frame, printed from the frame so only the labels go to the printer. */
function LabelsModal({ no, onClose }: { no?: string; onClose: () => void }) {
  const frame = useRef<HTMLIFrameElement>(null);
  const html = useQuery({
    queryKey: ['work-orders', 'labels', no],
    queryFn: () => labelSheetHtml(no!),
    enabled: !!no,
  });
  return (
    <Modal
      title={no ? t('wo.labelsTitle', { no }) : ''}
      open={!!no}
      onCancel={onClose}
      width={900}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onClose}>{t('common.close')}</Button>
          <Button
            type="primary"
            icon={<PrinterOutlined />}
            disabled={!html.data}
            onClick={() => frame.current?.contentWindow?.print()}
          >
            {t('wo.print')}
          </Button>
        </Space>
      }
    >
      {html.isError && <Alert type="error" showIcon title={errorText(html.error)} />}
      {html.isFetching && <Spin />}
      {html.data && <iframe ref={frame} title={t('wo.labels')} className="labels-frame" srcDoc={html.data} />}
    </Modal>
  );
}
