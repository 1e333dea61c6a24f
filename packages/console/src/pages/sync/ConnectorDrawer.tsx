import { DownloadOutlined, PlayCircleOutlined, RedoOutlined, UploadOutlined } from '@ant-design/icons';
import type { SyncConnector, SyncEvent, SyncEventStatus } from '@shopfloor/sdk';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Input,
  InputNumber,
  Segmented,
  Select,
  Space,
  Tabs,
  Tag,
  Tooltip,
  Typography,
  Upload,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import { t } from '../../i18n/i18n';
import { useCan } from '../../session/session';
import { errorText, isStatus } from '../../shared/errors';
import { formatDateTime } from '../../shared/format';
import { saveBlob } from '../../shared/save-blob';
import { PagedTable, useCursorPages, useShowError } from '../../shared/ui';
import { type ReconKind, reconApi } from '../reconciliations/api';
import { RECON_KINDS, reconKindLabel } from '../reconciliations/wording';
import { type InboundRecord, type PullRun, syncApi } from './api';
import {
  EVENT_STATUS_COLORS,
  eventStatusLabel,
  INBOUND_KINDS,
  kindLabel,
  MAPPED_KINDS,
  OUTCOME_COLORS,
  outcomeLabel,
  PULL_KINDS,
  RECEIVING_KINDS,
  recordKindLabel,
  runStatusLabel,
  triggerLabel,
} from './wording';

/** One connector: its waiting, failed and dead deliveries with 重发, its field mapping, its pull runs. */
export function ConnectorDrawer({ connector, onClose }: { connector?: SyncConnector; onClose: () => void }) {
  const tabs = connector
    ? [
        ...(PULL_KINDS.includes(connector.kind) || connector.kind === 'rabbitmq-inbound'
          ? []
          : [
              {
                key: 'deliveries',
                label: t('sync.tab.deliveries'),
                children: <Deliveries connector={connector} />,
              },
            ]),
        ...(RECEIVING_KINDS.includes(connector.kind)
          ? [{ key: 'received', label: t('sync.tab.received'), children: <Received connector={connector} /> }]
          : []),
        ...(MAPPED_KINDS.includes(connector.kind)
          ? [{ key: 'mapping', label: t('sync.tab.mapping'), children: <Mapping connector={connector} /> }]
          : []),
        ...(PULL_KINDS.includes(connector.kind)
          ? [{ key: 'runs', label: t('sync.tab.runs'), children: <Runs connector={connector} /> }]
          : []),
        ...(MAPPED_KINDS.includes(connector.kind)
          ? [
              {
                key: 'schedule',
                label: t('sync.tab.schedule'),
                children: <DailyReconciliation connector={connector} />,
              },
            ]
          : []),
      ]
    : [];
  return (
    <Drawer
      title={connector ? `${connector.name} · ${kindLabel(connector.kind)}` : ''}
      open={!!connector}
      onClose={onClose}
      size={980}
      destroyOnHidden
    >
      {connector && (
        <div className="stack">
          <Descriptions
            size="small"
            bordered
            column={3}
            items={[
              { key: 'id', label: t('sync.id'), children: <span className="mono">{connector.id}</span> },
              {
                key: 'state',
                label: t('sync.state'),
                children: connector.lastError ? (
                  <Tag color="red">{t('sync.failing')}</Tag>
                ) : (
                  <Tag color="blue">{t('sync.ok')}</Tag>
                ),
              },
              {
                key: 'last',
                label: t('sync.lastSuccess'),
                children: formatDateTime(connector.lastSuccessAt),
              },
              ...(INBOUND_KINDS.includes(connector.kind)
                ? []
                : [
                    {
                      key: 'topics',
                      label: t('sync.topics'),
                      span: 3,
                      children: connector.topics ? connector.topics.join(', ') || '—' : t('sync.allTopics'),
                    },
                  ]),
              ...(connector.lastError
                ? [{ key: 'error', label: t('sync.lastError'), span: 3, children: connector.lastError }]
                : []),
            ]}
          />
          <Tabs size="small" items={tabs} />
        </div>
      )}
    </Drawer>
  );
}

const JSON_PREVIEW: React.CSSProperties = {
  margin: 0,
  maxHeight: 360,
  overflow: 'auto',
  padding: '8px 12px',
  background: '#fafafa',
  border: '1px solid #f0f0f0',
  borderRadius: 4,
  fontSize: 12,
};

const FILTERS: SyncEventStatus[] = ['failed', 'dead', 'pending', 'delivered'];

function Deliveries({ connector }: { connector: SyncConnector }) {
  const [status, setStatus] = useState<SyncEventStatus>('failed');
  const pages = useCursorPages(status);
  const admin = useCan()();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const list = useQuery({
    queryKey: ['sync', 'events', connector.id, status, pages.cursor],
    queryFn: () => syncApi.events({ connector: connector.id, status, cursor: pages.cursor, limit: 20 }),
    placeholderData: keepPreviousData,
  });
  const retry = useMutation({
    mutationFn: (id: string) => syncApi.retry(id),
    onSuccess: (r) => {
      message.success(t('sync.retried', { id: r.id }));
      queryClient.invalidateQueries({ queryKey: ['sync'] });
    },
    onError: (error) => message.error(errorText(error)),
  });
  const retryDead = useMutation({
    mutationFn: async () => {
      const ids: string[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < 20; i++) {
        const page = await syncApi.events({ connector: connector.id, status: 'dead', cursor, limit: 500 });
        ids.push(...page.items.map((e) => e.id));
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      let done = 0;
      for (const id of ids) {
        try {
          await syncApi.retry(id);
          done++;
        } catch (error) {
          // delivered meanwhile: nothing waits any more
          if (!isStatus(error, 409)) throw error;
        }
      }
      return done;
    },
    onSuccess: (count) => {
      message.success(count ? t('sync.retriedDead', { count }) : t('sync.noDead'));
      queryClient.invalidateQueries({ queryKey: ['sync'] });
    },
    onError: (error) => message.error(errorText(error)),
  });
  const columns: ColumnsType<SyncEvent> = [
    { title: t('sync.event'), dataIndex: 'id', width: 80, render: (v) => <span className="mono">{v}</span> },
    { title: t('sync.topic'), dataIndex: 'topic', width: 190 },
    {
      title: t('sync.subject'),
      key: 'subject',
      width: 150,
      render: (_, e) => <span className="mono">{e.subject.id}</span>,
    },
    {
      title: t('common.status'),
      dataIndex: 'status',
      width: 80,
      render: (s) => <Tag color={EVENT_STATUS_COLORS[s]}>{eventStatusLabel(s)}</Tag>,
    },
    { title: t('sync.attempts'), dataIndex: 'attempts', width: 60, align: 'right' },
    { title: t('sync.createdAt'), dataIndex: 'createdAt', width: 130, render: formatDateTime },
    {
      title: t('sync.nextAttempt'),
      key: 'next',
      width: 130,
      render: (_, e) => (e.deliveredAt ? formatDateTime(e.deliveredAt) : formatDateTime(e.nextAttemptAt)),
    },
    {
      title: t('sync.lastError'),
      dataIndex: 'lastError',
      ellipsis: { showTitle: false },
      render: (v: string | null | undefined) =>
        v ? (
          <Tooltip title={v}>
            <Typography.Text type="danger">{v}</Typography.Text>
          </Tooltip>
        ) : (
          '—'
        ),
    },
    ...(admin
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 70,
            fixed: 'right' as const,
            render: (_: unknown, e: SyncEvent) =>
              e.status === 'delivered' ? null : (
                <Button
                  type="link"
                  size="small"
                  loading={retry.isPending && retry.variables === e.id}
                  onClick={() => retry.mutate(e.id)}
                >
                  {t('sync.replay')}
                </Button>
              ),
          },
        ]
      : []),
  ];
  return (
    <div className="stack">
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Segmented<SyncEventStatus>
          value={status}
          onChange={setStatus}
          options={FILTERS.map((s) => ({ value: s, label: eventStatusLabel(s) }))}
        />
        {admin && (
          <Button icon={<RedoOutlined />} loading={retryDead.isPending} onClick={() => retryDead.mutate()}>
            {t('sync.replayDead')}
          </Button>
        )}
      </Space>
      <PagedTable<SyncEvent> rowKey="id" columns={columns} list={list} pages={pages} scrollX={900} />
    </div>
  );
}

interface MapProblem {
  path: string;
  message: string;
}

function Mapping({ connector }: { connector: SyncConnector }) {
  const admin = useCan()();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [problems, setProblems] = useState<MapProblem[]>();
  const [template, setTemplate] = useState<string>();
  const current = useQuery({
    queryKey: ['sync', 'mapping', connector.id],
    queryFn: async () => {
      try {
        return await syncApi.mapping(connector.id);
      } catch (error) {
        if (isStatus(error, 404)) return null;
        throw error;
      }
    },
  });
  const versions = useQuery({
    queryKey: ['sync', 'mapping-versions', connector.id],
    queryFn: () => syncApi.mappingVersions(connector.id),
    enabled: !!current.data,
  });
  const templates = useQuery({
    queryKey: ['sync', 'mapping-templates'],
    queryFn: syncApi.templates,
    enabled: admin,
  });
  const put = useMutation({
    mutationFn: (mapping: unknown) => syncApi.putMapping(connector.id, mapping),
    onSuccess: (saved) => {
      setProblems(undefined);
      message.success(t('sync.mappingSaved', { version: saved.version }));
      queryClient.invalidateQueries({ queryKey: ['sync', 'mapping', connector.id] });
      queryClient.invalidateQueries({ queryKey: ['sync', 'mapping-versions', connector.id] });
    },
    onError: (error) => {
      const list = (error as { problem?: { errors?: MapProblem[] } }).problem?.errors;
      setProblems(list?.length ? list : [{ path: '', message: errorText(error) }]);
    },
  });
  const fromTemplate = useMutation({
    mutationFn: async (name: string) => put.mutateAsync(await syncApi.template(name)),
    onError: (error) => {
      if (!isStatus(error, 400)) message.error(errorText(error));
    },
  });
  const upload = async (file: File) => {
    let document: unknown;
    try {
      document = JSON.parse(await file.text());
    } catch {
      setProblems([{ path: file.name, message: t('sync.notJson') }]);
      return false;
    }
    put.mutate(document);
    return false;
  };
  const exportFile = () => {
    const data = current.data;
    if (!data) return;
    saveBlob(
      new Blob([`${JSON.stringify(data.mapping, null, 2)}\n`], { type: 'application/json' }),
      `mapping-${connector.id}-v${data.version}.json`,
    );
  };
  const data = current.data;
  return (
    <div className="stack">
      <Space wrap>
        <Button icon={<DownloadOutlined />} disabled={!data} onClick={exportFile}>
          {t('sync.export')}
        </Button>
        {admin && (
          <Upload accept=".json,application/json" showUploadList={false} beforeUpload={upload}>
            <Button icon={<UploadOutlined />} loading={put.isPending && !fromTemplate.isPending}>
              {t('sync.import')}
            </Button>
          </Upload>
        )}
        {admin && (
          <Space.Compact>
            <Select
              placeholder={t('sync.pickTemplate')}
              style={{ width: 240 }}
              value={template}
              onChange={setTemplate}
              loading={templates.isFetching}
              options={(templates.data?.items ?? []).map((tpl) => ({
                value: tpl.name,
                label: tpl.system ? `${tpl.title} · ${tpl.system}` : tpl.title,
              }))}
            />
            <Button
              disabled={!template}
              loading={fromTemplate.isPending}
              onClick={() => template && fromTemplate.mutate(template)}
            >
              {t('sync.fromTemplate')}
            </Button>
          </Space.Compact>
        )}
      </Space>
      {problems && (
        <Alert
          type="error"
          showIcon
          closable={{ onClose: () => setProblems(undefined) }}
          title={t('sync.mappingRefused', { count: problems.length })}
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {problems.map((p) => (
                <li key={`${p.path}-${p.message}`}>
                  {p.path && <span className="mono">{p.path.replace(/^body\.?/, '') || '—'}</span>}
                  {p.path && '：'}
                  {p.message}
                </li>
              ))}
            </ul>
          }
        />
      )}
      {current.isError && <Alert type="error" showIcon title={errorText(current.error)} />}
      {data === null && <Empty description={t('sync.noMapping')} />}
      {data && (
        <>
          <Descriptions
            size="small"
            bordered
            column={3}
            items={[
              { key: 'version', label: t('sync.version'), children: `v${data.version}` },
              { key: 'at', label: t('sync.updatedAt'), children: formatDateTime(data.updatedAt) },
              {
                key: 'by',
                label: t('sync.updatedBy'),
                children: data.updatedByName ?? data.updatedBy ?? '—',
              },
            ]}
          />
          <pre style={JSON_PREVIEW}>{JSON.stringify(data.mapping, null, 2)}</pre>
          {(versions.data?.items.length ?? 0) > 1 && (
            <Typography.Text type="secondary">
              {t('sync.versions')}：
              {versions.data?.items
                .map(
                  (v) =>
                    `v${v.version} ${formatDateTime(v.updatedAt)} ${v.updatedByName ?? v.updatedBy ?? ''}`,
                )
                .join(' · ')}
            </Typography.Text>
          )}
        </>
      )}
    </div>
  );
}

function Runs({ connector }: { connector: SyncConnector }) {
  const admin = useCan()();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const pages = useCursorPages(connector.id);
  const list = useQuery({
    queryKey: ['sync', 'runs', connector.id, pages.cursor],
    queryFn: () => syncApi.runs(connector.id, pages.cursor),
    placeholderData: keepPreviousData,
  });
  const run = useMutation({
    mutationFn: () => syncApi.runNow(connector.id),
    onSuccess: (r) => {
      if (r.status === 'failed') message.error(t('sync.pullFailed', { error: r.error ?? '' }));
      else
        message.success(t('sync.pulled', { records: r.records, applied: r.applied, rejected: r.rejected }));
      queryClient.invalidateQueries({ queryKey: ['sync'] });
    },
    onError: (error) => message.error(errorText(error)),
  });
  const columns: ColumnsType<PullRun> = [
    { title: t('sync.run.startedAt'), dataIndex: 'startedAt', width: 130, render: formatDateTime },
    { title: t('sync.run.trigger'), dataIndex: 'trigger', width: 60, render: triggerLabel },
    {
      title: t('common.status'),
      dataIndex: 'status',
      width: 70,
      render: (s: string) => (
        <Tag color={s === 'failed' ? 'red' : s === 'running' ? 'blue' : 'green'}>{runStatusLabel(s)}</Tag>
      ),
    },
    { title: t('sync.run.fetched'), dataIndex: 'records', width: 60, align: 'right' },
    { title: t('sync.run.applied'), dataIndex: 'applied', width: 60, align: 'right' },
    { title: t('sync.run.duplicates'), dataIndex: 'duplicates', width: 60, align: 'right' },
    {
      title: t('sync.run.rejected'),
      dataIndex: 'rejected',
      width: 60,
      align: 'right',
      render: (v: number) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : v),
    },
    {
      title: t('sync.run.watermark'),
      key: 'watermark',
      width: 160,
      ellipsis: true,
      render: (_, r) => {
        const text = watermarkText(r.watermarkAfter);
        return text ? (
          <Tooltip title={text}>
            <span className="mono">{text}</span>
          </Tooltip>
        ) : (
          '—'
        );
      },
    },
    {
      title: t('sync.lastError'),
      dataIndex: 'error',
      ellipsis: { showTitle: false },
      render: (v: string | null) =>
        v ? (
          <Tooltip title={v}>
            <Typography.Text type="danger">{v}</Typography.Text>
          </Tooltip>
        ) : (
          '—'
        ),
    },
  ];
  return (
    <div className="stack">
      {admin && (
        <Space>
          <Button
            type="primary"
            icon={<PlayCircleOutlined />}
            loading={run.isPending}
            onClick={() => run.mutate()}
          >
            {t('sync.pullNow')}
          </Button>
        </Space>
      )}
      <PagedTable<PullRun> rowKey="id" columns={columns} list={list} pages={pages} scrollX={800} />
    </div>
  );
}

/** 每日对账: the connector's daily reconciliation — time of day, kinds, the alert's threshold. */
function DailyReconciliation({ connector }: { connector: SyncConnector }) {
  const admin = useCan()();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ at: string; kinds: ReconKind[]; alertAbove: number }>();
  const schedules = useQuery({ queryKey: ['reconciliations', 'schedules'], queryFn: reconApi.schedules });
  const current = schedules.data?.items.find((s) => s.connectorId === connector.id);
  useEffect(() => {
    form.setFieldsValue(current ?? { at: '02:00', kinds: ['stock'], alertAbove: 0 });
  }, [current, form]);
  const showError = useShowError(form);
  const done = (text: string) => {
    message.success(text);
    queryClient.invalidateQueries({ queryKey: ['reconciliations', 'schedules'] });
  };
  const save = useMutation({
    mutationFn: (v: { at: string; kinds: ReconKind[]; alertAbove: number }) =>
      reconApi.putSchedule(connector.id, { at: v.at.trim(), kinds: v.kinds, alertAbove: v.alertAbove ?? 0 }),
    onSuccess: (s) => done(t('sync.schedule.saved', { at: s.at })),
    onError: showError,
  });
  const stop = useMutation({
    mutationFn: () => reconApi.deleteSchedule(connector.id),
    onSuccess: () => done(t('sync.schedule.stopped')),
    onError: (error) => message.error(errorText(error)),
  });
  return (
    <div className="stack">
      <Typography.Text type="secondary">
        {current
          ? t('sync.schedule.current', {
              at: current.at,
              kinds: current.kinds.map(reconKindLabel).join('、'),
              last: current.lastRunDay ?? '—',
            })
          : t('sync.schedule.none')}
      </Typography.Text>
      <Form form={form} layout="inline" disabled={!admin} onFinish={(v) => save.mutate(v)}>
        <Form.Item
          name="at"
          label={t('sync.schedule.at')}
          rules={[{ required: true, pattern: /^([01]\d|2[0-3]):[0-5]\d$/, message: 'HH:MM' }]}
        >
          <Input style={{ width: 80 }} placeholder="02:00" />
        </Form.Item>
        <Form.Item name="kinds" label={t('sync.schedule.kinds')} rules={[{ required: true }]}>
          <Checkbox.Group options={RECON_KINDS.map((k) => ({ value: k, label: reconKindLabel(k) }))} />
        </Form.Item>
        <Form.Item
          name="alertAbove"
          label={t('sync.schedule.alertAbove')}
          tooltip={t('sync.schedule.alertHint')}
        >
          <InputNumber min={0} style={{ width: 90 }} />
        </Form.Item>
        {admin && (
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" loading={save.isPending}>
                {t('common.save')}
              </Button>
              {current && (
                <Button loading={stop.isPending} onClick={() => stop.mutate()}>
                  {t('sync.schedule.stop')}
                </Button>
              )}
            </Space>
          </Form.Item>
        )}
      </Form>
    </div>
  );
}

type Outcome = InboundRecord['outcome'] | 'all';

/** 接收记录: what the connector took in, newest first, rejected ones with their reasons. */
function Received({ connector }: { connector: SyncConnector }) {
  const [outcome, setOutcome] = useState<Outcome>('all');
  const pages = useCursorPages(outcome);
  const list = useQuery({
    queryKey: ['sync', 'received', connector.id, outcome, pages.cursor],
    queryFn: () =>
      syncApi.inboundRecords(connector.id, {
        outcome: outcome === 'all' ? undefined : outcome,
        cursor: pages.cursor,
        limit: 20,
      }),
    placeholderData: keepPreviousData,
  });
  const columns: ColumnsType<InboundRecord> = [
    { title: t('sync.received.at'), dataIndex: 'appliedAt', width: 130, render: formatDateTime },
    { title: t('sync.field.recordKind'), dataIndex: 'kind', width: 90, render: recordKindLabel },
    {
      title: t('sync.received.source'),
      key: 'source',
      width: 200,
      render: (_, r) => (
        <span className="mono">
          {r.sourceId} <Typography.Text type="secondary">v{r.sourceVersion}</Typography.Text>
        </span>
      ),
    },
    {
      title: t('common.status'),
      dataIndex: 'outcome',
      width: 80,
      render: (o: string) => <Tag color={OUTCOME_COLORS[o]}>{outcomeLabel(o)}</Tag>,
    },
    {
      title: t('sync.received.reason'),
      key: 'reason',
      render: (_, r) =>
        r.errors?.length ? (
          <Typography.Text type="danger">
            {r.errors.map((e) => (e.path ? `${e.path}：${e.message}` : e.message)).join('；')}
          </Typography.Text>
        ) : r.reason ? (
          <Typography.Text type={r.outcome === 'rejected' ? 'danger' : 'secondary'}>
            {r.reason}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
  ];
  return (
    <div className="stack">
      <Segmented<Outcome>
        value={outcome}
        onChange={setOutcome}
        options={[
          { value: 'all', label: t('common.all') },
          ...(['applied', 'duplicate', 'rejected'] as const).map((o) => ({
            value: o,
            label: outcomeLabel(o),
          })),
        ]}
      />
      <PagedTable<InboundRecord> rowKey="id" columns={columns} list={list} pages={pages} scrollX={800} />
    </div>
  );
}

/** A database pull keeps one { watermark, id } per table, an HTTP poll one value: show "table: value". */
function watermarkText(after: Record<string, unknown> | null): string {
  const shown = (v: unknown): string =>
    v !== null && typeof v === 'object' && 'watermark' in v ? String(v.watermark) : JSON.stringify(v);
  return Object.entries(after ?? {})
    .filter(([, v]) => v !== null && v !== '')
    .map(([key, v]) => `${key}: ${typeof v === 'string' ? v : shown(v)}`)
    .join(', ');
}
