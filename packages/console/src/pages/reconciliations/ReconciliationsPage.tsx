import { InboxOutlined, PlusOutlined } from '@ant-design/icons';
import type { SyncConnector } from '@shopfloor/sdk';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
  Upload,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { t } from '../../i18n/i18n';
import { useCan } from '../../session/session';
import { errorText } from '../../shared/errors';
import { formatDateTime, shanghaiDate } from '../../shared/format';
import { PagedTable, PageHeader, useCursorPages, useIdempotencyKey } from '../../shared/ui';
import { syncApi } from '../sync/api';
import { type Reconciliation, type ReconKind, reconApi, runsOfMonth, type SummaryLine } from './api';
import { ReportDrawer } from './ReportDrawer';
import {
  keyText,
  lastMonths,
  ownersText,
  RECON_KINDS,
  ROW_STATUS_COLORS,
  reconKindLabel,
  rowStatusLabel,
  sourceLabel,
} from './wording';

interface Filters {
  kind?: ReconKind;
  connectorId?: string;
  month?: string;
}

/** 对账: the runs with filters, 新建对账 (a file, or pulled through a connector), one run's report, the monthly summary. */
export default function ReconciliationsPage() {
  const can = useCan();
  // Storekeepers reconcile stock, planners work orders, admins both (as the server decides);
  // connectors are read by planners and admins.
  const office = can('planner');
  const kinds = RECON_KINDS.filter((k) => can(k === 'stock' ? 'storekeeper' : 'planner'));
  const [filters, setFilters] = useState<Filters>(kinds.length === 1 ? { kind: kinds[0] } : {});
  const [creating, setCreating] = useState(false);
  const [shown, setShown] = useState<string>();
  const pages = useCursorPages(filters);
  const connectors = useQuery({
    queryKey: ['sync', 'connectors'],
    queryFn: syncApi.connectors,
    enabled: office,
  });
  const names = useMemo(
    () => new Map((connectors.data?.items ?? []).map((c) => [c.id, c.name])),
    [connectors.data],
  );
  const connectorName = (id: string | null | undefined) => (id ? (names.get(id) ?? id) : '—');
  const list = useQuery({
    queryKey: ['reconciliations', 'list', filters, pages.cursor],
    queryFn: () => {
      const { month, ...query } = filters;
      return month ? runsOfMonth(query, month) : reconApi.list({ ...query, cursor: pages.cursor, limit: 50 });
    },
    placeholderData: keepPreviousData,
  });
  const months = lastMonths(shanghaiDate());
  const num = (v: number) => <span className="mono">{v}</span>;
  const warn = (v: number) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : num(v));

  const columns: ColumnsType<Reconciliation> = [
    { title: t('recon.createdAt'), dataIndex: 'createdAt', width: 140, render: formatDateTime },
    { title: t('recon.kind'), dataIndex: 'kind', width: 80, render: reconKindLabel },
    {
      title: t('recon.source'),
      key: 'source',
      width: 200,
      render: (_, r) => (
        <span>
          {sourceLabel(r.source)}
          <Typography.Text type="secondary">
            {' · '}
            {r.fileName ?? connectorName(r.connectorId)}
          </Typography.Text>
        </span>
      ),
    },
    {
      title: t('recon.theirs'),
      key: 'theirs',
      width: 80,
      align: 'right',
      render: (_, r) => num(r.totals.theirs),
    },
    { title: t('recon.ours'), key: 'ours', width: 80, align: 'right', render: (_, r) => num(r.totals.ours) },
    {
      title: t('recon.status.matched'),
      key: 'matched',
      width: 70,
      align: 'right',
      render: (_, r) => num(r.totals.matched),
    },
    {
      title: t('recon.status.missingHere'),
      key: 'mh',
      width: 80,
      align: 'right',
      render: (_, r) => warn(r.totals.missingHere),
    },
    {
      title: t('recon.status.missingThere'),
      key: 'mt',
      width: 80,
      align: 'right',
      render: (_, r) => warn(r.totals.missingThere),
    },
    {
      title: t('recon.status.differing'),
      key: 'diff',
      width: 80,
      align: 'right',
      render: (_, r) => warn(r.totals.differing),
    },
    {
      title: t('recon.createdBy'),
      key: 'by',
      width: 90,
      render: (_, r) => r.createdByName ?? r.createdBy,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 80,
      fixed: 'right',
      render: (_, r) => (
        <Button type="link" size="small" onClick={() => setShown(r.id)}>
          {t('recon.open')}
        </Button>
      ),
    },
  ];

  const history = (
    <div className="stack">
      <Card className="search-card" variant="borderless">
        <Form
          layout="inline"
          initialValues={filters}
          onFinish={(v: Filters) =>
            setFilters({
              kind: v.kind || undefined,
              connectorId: v.connectorId || undefined,
              month: v.month || undefined,
            })
          }
        >
          <Form.Item name="kind" label={t('recon.kind')}>
            <Select
              allowClear={kinds.length > 1}
              placeholder={t('common.all')}
              style={{ width: 110 }}
              options={kinds.map((k) => ({ value: k, label: reconKindLabel(k) }))}
            />
          </Form.Item>
          {office && (
            <Form.Item name="connectorId" label={t('recon.connector')}>
              <ConnectorSelect connectors={connectors.data?.items} style={{ width: 200 }} />
            </Form.Item>
          )}
          <Form.Item name="month" label={t('recon.month')}>
            <Select
              allowClear
              placeholder={t('common.all')}
              style={{ width: 120 }}
              options={months.map((m) => ({ value: m, label: m }))}
            />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit">
              {t('common.search')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
      <PagedTable<Reconciliation> rowKey="id" columns={columns} list={list} pages={pages} scrollX={1150} />
    </div>
  );

  return (
    <div className="stack">
      <PageHeader
        title={t('menu.reconciliations')}
        subtitle={t('recon.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('recon.create')}
          </Button>
        }
      />
      <Tabs
        size="small"
        items={[
          { key: 'history', label: t('recon.tab.history'), children: history },
          {
            key: 'summary',
            label: t('recon.tab.summary'),
            children: <MonthlySummary months={months} connectorName={connectorName} />,
          },
        ]}
      />
      <CreateModal
        open={creating}
        kinds={kinds}
        connectors={office ? connectors.data?.items : undefined}
        onClose={() => setCreating(false)}
        onMade={(r) => {
          setCreating(false);
          setShown(r.id);
        }}
      />
      <ReportDrawer id={shown} connectorName={connectorName} onClose={() => setShown(undefined)} />
    </div>
  );
}

function ConnectorSelect({
  connectors,
  ...rest
}: {
  connectors?: SyncConnector[];
  value?: string;
  onChange?: (v: string) => void;
  style?: React.CSSProperties;
}) {
  return (
    <Select
      {...rest}
      allowClear
      placeholder={t('recon.anyConnector')}
      options={(connectors ?? []).map((c) => ({ value: c.id, label: c.name }))}
    />
  );
}

function CreateModal({
  open,
  kinds,
  connectors,
  onClose,
  onMade,
}: {
  open: boolean;
  kinds: ReconKind[];
  connectors?: SyncConnector[];
  onClose: () => void;
  onMade: (r: Reconciliation) => void;
}) {
  const [kind, setKind] = useState<ReconKind>(kinds[0]!);
  const [connectorId, setConnectorId] = useState<string>();
  const [source, setSource] = useState<'file' | 'connector'>('file');
  const [file, setFile] = useState<File>();
  const idempotencyKey = useIdempotencyKey(open);
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const make = useMutation({
    mutationFn: () =>
      reconApi.create({ kind, connectorId, file: source === 'file' ? file : undefined }, idempotencyKey),
    onSuccess: (r) => {
      message.success(
        t('recon.made', { differences: r.totals.missingHere + r.totals.missingThere + r.totals.differing }),
      );
      queryClient.invalidateQueries({ queryKey: ['reconciliations'] });
      setFile(undefined);
      onMade(r);
    },
  });
  const ready = source === 'file' ? !!file : !!connectorId;
  return (
    <Modal
      title={t('recon.create')}
      open={open}
      onCancel={onClose}
      onOk={() => make.mutate()}
      okText={t('recon.run')}
      okButtonProps={{ disabled: !ready }}
      cancelText={t('common.cancel')}
      confirmLoading={make.isPending}
      destroyOnHidden
      width={560}
      afterClose={() => make.reset()}
    >
      <Form layout="horizontal" labelCol={{ span: 5 }} wrapperCol={{ span: 19 }}>
        <Form.Item label={t('recon.kind')}>
          <Radio.Group
            value={kind}
            onChange={(e) => setKind(e.target.value)}
            options={kinds.map((k) => ({ value: k, label: reconKindLabel(k) }))}
          />
        </Form.Item>
        {connectors && (
          <Form.Item label={t('recon.connector')} extra={t('recon.connectorHint')}>
            <ConnectorSelect connectors={connectors} value={connectorId} onChange={setConnectorId} />
          </Form.Item>
        )}
        <Form.Item label={t('recon.source')}>
          <Radio.Group
            value={source}
            onChange={(e) => setSource(e.target.value)}
            options={[
              { value: 'file', label: t('recon.fromFile') },
              { value: 'connector', label: t('recon.fromConnector'), disabled: !connectors },
            ]}
          />
        </Form.Item>
        {source === 'file' ? (
          <Form.Item
            label={t('recon.file')}
            extra={t(kind === 'stock' ? 'recon.fileHint.stock' : 'recon.fileHint.workOrders')}
          >
            <Upload.Dragger
              accept=".csv,.xlsx"
              maxCount={1}
              beforeUpload={(f) => {
                setFile(f);
                return false;
              }}
              onRemove={() => setFile(undefined)}
              fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{t('recon.drop')}</p>
            </Upload.Dragger>
          </Form.Item>
        ) : (
          !connectorId && <Alert type="info" showIcon title={t('recon.pickConnector')} />
        )}
      </Form>
      {make.isError && (
        <Alert
          type="error"
          showIcon
          title={errorText(make.error)}
          description={<ProblemList error={make.error} />}
        />
      )}
    </Modal>
  );
}

/** A refusal's field errors (a bad header, a bad row) as a short list. */
export function ProblemList({ error }: { error: unknown }) {
  const errors =
    (error as { problem?: { errors?: { path: string; message: string }[] } }).problem?.errors ?? [];
  if (!errors.length) return null;
  return (
    <ul style={{ margin: 0, paddingLeft: 18 }}>
      {errors.slice(0, 20).map((e) => (
        <li key={`${e.path}-${e.message}`}>
          <span className="mono">{e.path}</span>：{e.message}
        </li>
      ))}
    </ul>
  );
}

function MonthlySummary({
  months,
  connectorName,
}: {
  months: string[];
  connectorName: (id: string | null | undefined) => string;
}) {
  const [month, setMonth] = useState(months[0]!);
  const summary = useQuery({
    queryKey: ['reconciliations', 'summary', month],
    queryFn: () => reconApi.summary(month),
  });
  const warn = (v: number | undefined) =>
    v ? <Typography.Text type="danger">{v}</Typography.Text> : <span className="mono">{v ?? 0}</span>;
  const columns: ColumnsType<SummaryLine> = [
    {
      title: t('recon.connector'),
      key: 'connector',
      width: 180,
      render: (_, s) =>
        s.connectorId ? (s.connectorName ?? connectorName(s.connectorId)) : t('recon.uploads'),
    },
    { title: t('recon.kind'), dataIndex: 'kind', width: 70, render: reconKindLabel },
    { title: t('recon.runs'), dataIndex: 'runs', width: 60, align: 'right' },
    { title: t('recon.rowsCompared'), dataIndex: 'rowsCompared', width: 90, align: 'right' },
    { title: t('recon.differences'), dataIndex: 'differences', width: 80, align: 'right', render: warn },
    {
      title: t('recon.status.missingHere'),
      dataIndex: 'missingHere',
      width: 80,
      align: 'right',
      render: warn,
    },
    {
      title: t('recon.status.missingThere'),
      dataIndex: 'missingThere',
      width: 80,
      align: 'right',
      render: warn,
    },
    { title: t('recon.status.differing'), dataIndex: 'differing', width: 80, align: 'right', render: warn },
    {
      title: t('recon.owners'),
      key: 'owners',
      render: (_, s) =>
        s.owners.length
          ? s.owners.map((o) => t('recon.ownerCount', { name: o.name, count: o.documents })).join('、')
          : '—',
    },
  ];
  type Doc = SummaryLine['documents'][number];
  const documentColumns: ColumnsType<Doc> = [
    {
      title: t('recon.document'),
      key: 'key',
      width: 260,
      render: (_, d) => <span className="mono">{keyText(d.key)}</span>,
    },
    { title: t('recon.times'), dataIndex: 'times', width: 80, align: 'right' },
    {
      title: t('recon.lastStatus'),
      dataIndex: 'lastStatus',
      width: 100,
      render: (v: string) => <Tag color={ROW_STATUS_COLORS[v]}>{rowStatusLabel(v)}</Tag>,
    },
    { title: t('recon.owners'), key: 'owners', render: (_, d) => ownersText(d.owners) },
  ];
  return (
    <div className="stack">
      <Card className="search-card" variant="borderless">
        <Form layout="inline">
          <Form.Item label={t('recon.month')}>
            <Select
              value={month}
              onChange={setMonth}
              style={{ width: 120 }}
              options={months.map((m) => ({ value: m, label: m }))}
            />
          </Form.Item>
        </Form>
      </Card>
      {summary.isError && <Alert type="error" showIcon title={errorText(summary.error)} />}
      <Card className="table-card" variant="borderless">
        <Table<SummaryLine>
          rowKey={(s) => `${s.connectorId ?? 'upload'}-${s.kind}`}
          size="small"
          columns={columns}
          dataSource={summary.data?.items}
          loading={summary.isFetching}
          pagination={false}
          scroll={{ x: 1000 }}
          locale={{ emptyText: t('recon.noSummary') }}
          expandable={{
            rowExpandable: (s) => s.documents.length > 0,
            expandedRowRender: (s) => (
              <Table<Doc>
                rowKey={(d) => keyText(d.key)}
                size="small"
                columns={documentColumns}
                dataSource={s.documents}
                pagination={s.documents.length > 20 ? { pageSize: 20, size: 'small' } : false}
                footer={s.documentsTruncated ? () => t('recon.truncated') : undefined}
              />
            ),
          }}
        />
      </Card>
      <Space>
        <Typography.Text type="secondary">{t('recon.summaryHint')}</Typography.Text>
      </Space>
    </div>
  );
}
