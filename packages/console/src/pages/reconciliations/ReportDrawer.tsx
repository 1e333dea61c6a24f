import { DownloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Drawer,
  Segmented,
  Space,
  Statistic,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { t } from '../../i18n/i18n';
import { errorText } from '../../shared/errors';
import { formatDateTime, formatQty } from '../../shared/format';
import { saveBlob } from '../../shared/save-blob';
import { PagedTable, useCursorPages } from '../../shared/ui';
import { type ReconRow, type RowStatus, reconApi, XLSX_TYPE } from './api';
import {
  fieldLabel,
  ownersText,
  ROW_STATUS_COLORS,
  ROW_STATUSES,
  reconKindLabel,
  recordText,
  rowStatusLabel,
  sourceLabel,
} from './wording';

type Filter = RowStatus | 'all';
type Row = ReconRow & { rowId: string };

/** One reconciliation's report: totals as cards, the rows by status with ours / theirs / difference, export. */
export function ReportDrawer({
  id,
  connectorName,
  onClose,
}: {
  id?: string;
  connectorName: (id: string | null | undefined) => string;
  onClose: () => void;
}) {
  const [filter, setFilter] = useState<Filter>('all');
  const pages = useCursorPages([id, filter]);
  const { message } = App.useApp();
  const report = useQuery({
    queryKey: ['reconciliations', 'report', id, filter, pages.cursor],
    queryFn: () =>
      reconApi.report(id!, {
        status: filter === 'all' ? undefined : filter,
        cursor: pages.cursor,
        limit: 50,
      }),
    enabled: !!id,
    placeholderData: keepPreviousData,
  });
  const download = useMutation({
    mutationFn: async (format: 'csv' | 'xlsx') => {
      const bytes = await reconApi.file(id!, format, filter === 'all' ? undefined : filter);
      saveBlob(
        new Blob([bytes as Uint8Array<ArrayBuffer>], { type: format === 'csv' ? 'text/csv' : XLSX_TYPE }),
        `reconciliation-${id}${filter === 'all' ? '' : `-${filter}`}.${format}`,
      );
    },
    onError: (error) => message.error(errorText(error)),
  });
  const data = report.data?.id === id ? report.data : undefined;
  const stock = data?.kind === 'stock';
  const signed = (q: number) => `${q > 0 ? '+' : ''}${formatQty(q)}`;
  /** Stock: the quantity; work orders: item · qty · status, each named. */
  const value = (record: ReconRow['ours']) => {
    if (!record) return <Typography.Text type="secondary">—</Typography.Text>;
    if (stock) return typeof record.qty === 'number' ? formatQty(record.qty) : String(record.qty ?? '—');
    return recordText(record, (k, v) => `${fieldLabel(k)} ${typeof v === 'number' ? formatQty(v) : v}`);
  };
  const difference = (d: ReconRow['difference']) => {
    if (!d) return '—';
    const text = stock
      ? signed(d.qty)
      : d.fields.map((f) => (f === 'qty' ? `${fieldLabel(f)} ${signed(d.qty)}` : fieldLabel(f))).join(' · ');
    return <Typography.Text type="danger">{text}</Typography.Text>;
  };
  const columns: ColumnsType<ReconRow> = [
    {
      title: t('common.status'),
      dataIndex: 'status',
      width: 90,
      render: (s: string) => <Tag color={ROW_STATUS_COLORS[s]}>{rowStatusLabel(s)}</Tag>,
    },
    ...(stock
      ? ([
          {
            title: t('recon.item'),
            key: 'item',
            width: 130,
            render: (_, r) => <span className="mono">{r.key.item}</span>,
          },
          {
            title: t('recon.location'),
            key: 'loc',
            width: 100,
            render: (_, r) => <span className="mono">{r.key.location}</span>,
          },
          { title: t('recon.lot'), key: 'lot', width: 110, render: (_, r) => r.key.lot || '—' },
        ] as ColumnsType<ReconRow>)
      : ([
          {
            title: t('recon.no'),
            key: 'no',
            width: 150,
            render: (_, r) => <span className="mono">{r.key.no}</span>,
          },
        ] as ColumnsType<ReconRow>)),
    {
      title: t('recon.oursValue'),
      key: 'ours',
      width: stock ? 90 : 220,
      align: stock ? 'right' : 'left',
      render: (_, r) => value(r.ours),
    },
    {
      title: t('recon.theirsValue'),
      key: 'theirs',
      width: stock ? 90 : 220,
      align: stock ? 'right' : 'left',
      render: (_, r) => value(r.theirs),
    },
    {
      title: t('recon.difference'),
      key: 'difference',
      width: stock ? 90 : 200,
      align: stock ? 'right' : 'left',
      render: (_, r) => difference(r.difference),
    },
    {
      title: t('recon.owners'),
      key: 'owners',
      render: (_, r) => ownersText(r.owners),
    },
  ];
  const totals = data?.totals;
  const cards: { key: string; title: string; value: number | undefined; danger?: boolean }[] = [
    { key: 'theirs', title: t('recon.theirs'), value: totals?.theirs },
    { key: 'ours', title: t('recon.ours'), value: totals?.ours },
    { key: 'matched', title: t('recon.status.matched'), value: totals?.matched },
    { key: 'missingHere', title: t('recon.status.missingHere'), value: totals?.missingHere, danger: true },
    { key: 'missingThere', title: t('recon.status.missingThere'), value: totals?.missingThere, danger: true },
    { key: 'differing', title: t('recon.status.differing'), value: totals?.differing, danger: true },
  ];
  return (
    <Drawer
      title={
        data
          ? t('recon.reportTitle', { kind: reconKindLabel(data.kind), at: formatDateTime(data.createdAt) })
          : t('recon.report')
      }
      open={!!id}
      onClose={() => {
        setFilter('all');
        onClose();
      }}
      size={1080}
      extra={
        <Space>
          <Button
            icon={<DownloadOutlined />}
            loading={download.isPending && download.variables === 'csv'}
            onClick={() => download.mutate('csv')}
          >
            {t('recon.exportCsv')}
          </Button>
          <Button
            icon={<DownloadOutlined />}
            loading={download.isPending && download.variables === 'xlsx'}
            onClick={() => download.mutate('xlsx')}
          >
            {t('recon.exportXlsx')}
          </Button>
        </Space>
      }
    >
      {report.isError && <Alert type="error" showIcon title={errorText(report.error)} />}
      {data?.status === 'failed' && (
        <Alert
          type="error"
          showIcon
          title={t('recon.failed')}
          description={data.error}
          style={{ marginBottom: 12 }}
        />
      )}
      {data && (
        <div className="stack">
          <Descriptions
            size="small"
            bordered
            column={4}
            items={[
              { key: 'source', label: t('recon.source'), children: sourceLabel(data.source) },
              {
                key: 'from',
                label: data.fileName ? t('recon.file') : t('recon.connector'),
                children: data.fileName ?? connectorName(data.connectorId),
              },
              {
                key: 'by',
                label: t('recon.createdBy'),
                children: data.createdByName ?? data.createdBy,
              },
              { key: 'id', label: t('recon.id'), children: <span className="mono">{data.id}</span> },
            ]}
          />
          <div style={{ display: 'grid', gridTemplateColumns: 'repeat(6, minmax(0, 1fr))', gap: 8 }}>
            {cards.map((c) => (
              <Card key={c.key} size="small" className="recon-stat">
                <Statistic
                  title={c.title}
                  value={c.value ?? 0}
                  styles={{ content: c.danger && c.value ? { color: '#cf1322' } : undefined }}
                />
              </Card>
            ))}
          </div>
          <Segmented<Filter>
            value={filter}
            onChange={setFilter}
            options={[
              { value: 'all', label: t('common.all') },
              ...ROW_STATUSES.map((s) => ({
                value: s,
                label: `${rowStatusLabel(s)} ${totals?.[s] ?? 0}`,
              })),
            ]}
          />
          <PagedTable<Row>
            rowKey="rowId"
            columns={columns as ColumnsType<Row>}
            list={{
              data: {
                items: data.rows.items.map((r) => ({ ...r, rowId: `${r.status}:${JSON.stringify(r.key)}` })),
                nextCursor: data.rows.nextCursor,
              },
              isFetching: report.isFetching,
            }}
            pages={pages}
            scrollX={900}
          />
        </div>
      )}
    </Drawer>
  );
}
