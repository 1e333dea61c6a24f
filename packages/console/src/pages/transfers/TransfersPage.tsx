import { CheckOutlined, CloseOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { Transfer, TransferInput, TransferQuery, TransferStatus } from '@shopfloor/sdk';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { t } from '../../i18n/i18n';
import { useCan } from '../../session/session';
import { formatDateTime, formatQty } from '../../shared/format';
import { ItemSelect, PagedTable, PageHeader, useCursorPages, useIdempotencyKey } from '../../shared/ui';
import { refusalText, TRANSFER_STATUS_COLORS, transferStatusLabel } from '../counts/wording';
import { transfersApi } from './api';

const STATUSES: TransferStatus[] = ['pending', 'posted', 'rejected'];
type Filters = Pick<TransferQuery, 'status' | 'warehouse'>;
type Line = Transfer['lines'][number];

/** 调拨: transfers with a status filter, create one, approve or reject the ones waiting. */
export default function TransfersPage() {
  const [filters, setFilters] = useState<Filters>({});
  const [creating, setCreating] = useState(false);
  const [rejecting, setRejecting] = useState<Transfer>();
  const pages = useCursorPages(filters);
  const can = useCan();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const list = useQuery({
    queryKey: ['transfers', 'list', filters, pages.cursor],
    queryFn: () => transfersApi.list({ ...filters, cursor: pages.cursor, limit: 50 }),
    placeholderData: keepPreviousData,
  });
  const approve = useMutation({
    mutationFn: (tr: Transfer) => transfersApi.decide(tr.id, 'approve', undefined, crypto.randomUUID()),
    onSuccess: (tr) => {
      message.success(t('transfer.approved', { no: tr.no }));
      queryClient.invalidateQueries({ queryKey: ['transfers'] });
    },
    onError: (error) => message.error(refusalText(error)),
  });

  const columns: ColumnsType<Transfer> = [
    {
      title: t('transfer.no'),
      dataIndex: 'no',
      width: 160,
      render: (v) => <span className="mono">{v}</span>,
    },
    {
      title: t('transfer.route'),
      key: 'route',
      width: 140,
      render: (_, tr) => `${tr.fromWarehouse} → ${tr.toWarehouse}`,
    },
    {
      title: t('transfer.lines'),
      key: 'lines',
      render: (_, tr) => (
        <div>
          {tr.lines.map((l) => (
            <div key={l.line} className="mono">
              {l.item} × {formatQty(l.qty)} · {l.from} → {l.to}
              {l.lot ? ` · ${l.lot}` : ''}
            </div>
          ))}
        </div>
      ),
    },
    {
      title: t('transfer.status'),
      dataIndex: 'status',
      width: 90,
      render: (s) => <Tag color={TRANSFER_STATUS_COLORS[s]}>{transferStatusLabel(s)}</Tag>,
    },
    {
      title: t('transfer.requester'),
      dataIndex: 'requester',
      width: 100,
      render: (id: string, row: Transfer) => row.requesterName ?? id,
    },
    { title: t('transfer.createdAt'), dataIndex: 'createdAt', width: 140, render: formatDateTime },
    {
      title: t('transfer.decidedBy'),
      key: 'decided',
      width: 160,
      render: (_, tr) => (tr.decidedBy ? `${tr.decidedBy} · ${formatDateTime(tr.decidedAt)}` : '—'),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 150,
      fixed: 'right',
      render: (_, tr) =>
        tr.status === 'pending' && can('storekeeper') ? (
          <Space size={0}>
            <Popconfirm
              title={t('transfer.approveConfirm', { no: tr.no })}
              okText={t('transfer.approve')}
              cancelText={t('common.cancel')}
              onConfirm={() => approve.mutateAsync(tr).catch(() => undefined)}
            >
              <Button type="link" size="small" icon={<CheckOutlined />}>
                {t('transfer.approve')}
              </Button>
            </Popconfirm>
            <Button type="link" size="small" danger icon={<CloseOutlined />} onClick={() => setRejecting(tr)}>
              {t('transfer.reject')}
            </Button>
          </Space>
        ) : null,
    },
  ];

  return (
    <div className="stack">
      <PageHeader
        title={t('menu.transfers')}
        subtitle={t('transfer.subtitle')}
        extra={
          can('storekeeper', 'planner') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('transfer.create')}
            </Button>
          )
        }
      />
      <Card className="search-card" variant="borderless">
        <Form
          layout="inline"
          onFinish={(v: Filters) =>
            setFilters({ status: v.status || undefined, warehouse: v.warehouse?.trim() || undefined })
          }
        >
          <Form.Item name="status" label={t('transfer.status')}>
            <Select
              allowClear
              placeholder={t('common.all')}
              style={{ width: 120 }}
              options={STATUSES.map((s) => ({ value: s, label: transferStatusLabel(s) }))}
            />
          </Form.Item>
          <Form.Item name="warehouse" label={t('count.warehouse')}>
            <Input style={{ width: 120 }} maxLength={32} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit">
              {t('common.search')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
      <PagedTable<Transfer> rowKey="id" columns={columns} list={list} pages={pages} scrollX={1100} />
      <CreateTransferModal open={creating} onClose={() => setCreating(false)} />
      <RejectModal transfer={rejecting} onClose={() => setRejecting(undefined)} />
    </div>
  );
}

function CreateTransferModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<{ lines: Omit<Line, 'line'>[]; comment?: string }>();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const idempotencyKey = useIdempotencyKey(open);
  const create = useMutation({
    mutationFn: (input: TransferInput) => transfersApi.create(input, idempotencyKey),
    onSuccess: (tr) => {
      message.success(
        t(tr.status === 'posted' ? 'transfer.createdPosted' : 'transfer.createdPending', { no: tr.no }),
      );
      queryClient.invalidateQueries({ queryKey: ['transfers'] });
      form.resetFields();
      onClose();
    },
    onError: (error) => message.error(refusalText(error)),
  });
  return (
    <Modal
      title={t('transfer.create')}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      destroyOnHidden
      width={860}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ lines: [{}] }}
        onFinish={(v) =>
          create.mutate({
            lines: v.lines.map((l) => ({
              item: l.item,
              qty: l.qty,
              from: l.from.trim(),
              to: l.to.trim(),
              ...(l.lot?.trim() ? { lot: l.lot.trim() } : {}),
            })),
            ...(v.comment?.trim() ? { comment: v.comment.trim() } : {}),
          })
        }
      >
        <Form.List name="lines">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} align="start" className="transfer-line">
                  <Form.Item
                    name={[field.name, 'item']}
                    label={t('transfer.item')}
                    rules={[{ required: true }]}
                  >
                    <ItemSelect style={{ width: 220 }} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'qty']}
                    label={t('transfer.qty')}
                    rules={[{ required: true }]}
                  >
                    <InputNumber min={0.000001} style={{ width: 100 }} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'from']}
                    label={t('transfer.from')}
                    rules={[{ required: true }]}
                  >
                    <Input style={{ width: 110 }} maxLength={32} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'to']} label={t('transfer.to')} rules={[{ required: true }]}>
                    <Input style={{ width: 110 }} maxLength={32} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'lot']} label={t('transfer.lot')}>
                    <Input style={{ width: 120 }} maxLength={64} />
                  </Form.Item>
                  {fields.length > 1 && (
                    <Button
                      type="text"
                      icon={<MinusCircleOutlined />}
                      aria-label={t('transfer.removeLine')}
                      style={{ marginTop: 30 }}
                      onClick={() => remove(field.name)}
                    />
                  )}
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})}>
                {t('transfer.addLine')}
              </Button>
            </>
          )}
        </Form.List>
        <Form.Item name="comment" label={t('transfer.comment')} style={{ marginTop: 16 }}>
          <Input.TextArea maxLength={500} autoSize={{ minRows: 1, maxRows: 3 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RejectModal({ transfer, onClose }: { transfer?: Transfer; onClose: () => void }) {
  const [comment, setComment] = useState('');
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const reject = useMutation({
    mutationFn: () => transfersApi.decide(transfer!.id, 'reject', comment.trim(), crypto.randomUUID()),
    onSuccess: (tr) => {
      message.success(t('transfer.rejected', { no: tr.no }));
      queryClient.invalidateQueries({ queryKey: ['transfers'] });
      setComment('');
      onClose();
    },
    onError: (error) => message.error(refusalText(error)),
  });
  return (
    <Modal
      title={transfer ? t('transfer.rejectTitle', { no: transfer.no }) : ''}
      open={!!transfer}
      onCancel={onClose}
      onOk={() => reject.mutate()}
      okButtonProps={{ danger: true, disabled: !comment.trim() }}
      okText={t('transfer.reject')}
      cancelText={t('common.cancel')}
      confirmLoading={reject.isPending}
      destroyOnHidden
    >
      <Input.TextArea
        placeholder={t('transfer.rejectReason')}
        value={comment}
        maxLength={500}
        autoSize={{ minRows: 2, maxRows: 4 }}
        onChange={(e) => setComment(e.target.value)}
      />
    </Modal>
  );
}
