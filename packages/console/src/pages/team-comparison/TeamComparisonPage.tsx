import { DownloadOutlined } from '@ant-design/icons';
import type { TeamComparisonRow, TeamSpread } from '@shopfloor/sdk/admin';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Empty, Row, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { t } from '../../i18n/i18n';
import { DateRangeInputs } from '../../shared/DateRangeInputs';
import { errorText } from '../../shared/errors';
import { formatDateTime, formatQty, shanghaiDate } from '../../shared/format';
import { saveBlob } from '../../shared/save-blob';
import { PageHeader } from '../../shared/ui';
import { XLSX_TYPE } from '../reconciliations/api';
import {
  type ComparisonQuery,
  comparisonApi,
  GROUP_BY,
  type GroupBy,
  type SkippedOperation,
  SPREAD_HIGHLIGHT_PCT,
} from './api';
import { BarChart } from './BarChart';
import { barOption, type Measure } from './chart-option';
import './team-comparison.css';

const pct = (n: number | null) => (n === null ? '—' : `${(n * 100).toFixed(1)}%`);
const minutes = (n: number | null) => (n === null ? '—' : n.toFixed(n >= 100 ? 0 : 2));
const hours = (m: number) => (m / 60).toFixed(1);

/** 班组对比: actual against standard minutes per group, the spread between teams, skipped operations; CSV/XLSX. */
export default function TeamComparisonPage() {
  const { message } = App.useApp();
  const [query, setQuery] = useState<ComparisonQuery>({
    from: shanghaiDate(-29),
    to: shanghaiDate(0),
    groupBy: 'team',
  });
  const [measure, setMeasure] = useState<Measure>('efficiency');
  const answer = useQuery({
    queryKey: ['analytics', 'team-comparison', query],
    queryFn: () => comparisonApi.get(query),
    placeholderData: keepPreviousData,
  });
  const data = answer.data;
  const option = useMemo(
    () =>
      barOption(data?.rows ?? [], measure, {
        series: t(`teams.measure.${measure}`),
        standard: t('teams.standardLine'),
      }),
    [data, measure],
  );
  const download = useMutation({
    mutationFn: async (format: 'csv' | 'xlsx') => {
      const bytes = await comparisonApi.file(query, format);
      saveBlob(
        new Blob([bytes as Uint8Array<ArrayBuffer>], { type: format === 'csv' ? 'text/csv' : XLSX_TYPE }),
        `team-comparison-${query.groupBy}-${query.from}-${query.to}.${format}`,
      );
    },
    onError: (error) => message.error(errorText(error)),
  });

  const rowColumns = [
    {
      title: t(`teams.group.${query.groupBy}`),
      dataIndex: 'name',
      ellipsis: true,
      render: (v: string, r: TeamComparisonRow) => (
        <span title={r.key}>
          {v}
          {r.key && r.key !== v && (query.groupBy === 'workshop' || query.groupBy === 'workCenter') ? (
            <span className="tc-code mono"> {r.key}</span>
          ) : null}
        </span>
      ),
    },
    { title: t('teams.reports'), dataIndex: 'reports', width: 64, align: 'right' as const },
    {
      title: t('teams.qty'),
      dataIndex: 'qty',
      width: 72,
      align: 'right' as const,
      render: (v: number) => formatQty(v),
    },
    {
      title: t('teams.unmeasured'),
      dataIndex: 'unmeasured',
      width: 64,
      align: 'right' as const,
      render: (v: number) => (v > 0 ? <span className="tc-code">{v}</span> : '—'),
    },
    {
      title: t('teams.actualHours'),
      dataIndex: 'actualMinutes',
      width: 80,
      align: 'right' as const,
      render: (v: number) => hours(v),
    },
    {
      title: t('teams.standardHours'),
      dataIndex: 'standardMinutes',
      width: 80,
      align: 'right' as const,
      render: (v: number) => hours(v),
    },
    {
      title: t('teams.efficiency'),
      dataIndex: 'efficiency',
      width: 76,
      align: 'right' as const,
      sorter: (a: TeamComparisonRow, b: TeamComparisonRow) => (a.efficiency ?? -1) - (b.efficiency ?? -1),
      render: (v: number | null) => <span className={v !== null && v < 1 ? 'tc-slow' : ''}>{pct(v)}</span>,
    },
    {
      title: t('teams.minutesPerUnit'),
      dataIndex: 'minutesPerUnit',
      width: 84,
      align: 'right' as const,
      render: (v: number | null) => minutes(v),
    },
  ];

  const spreadColumns = [
    {
      title: t('teams.itemOperation'),
      width: 190,
      render: (_: unknown, s: TeamSpread) => (
        <div className="tc-op">
          <span>{s.itemName}</span>
          <span className="tc-code mono">
            {s.item} · {s.seq} {s.operation}
          </span>
        </div>
      ),
    },
    {
      title: t('teams.teamsSideBySide'),
      render: (_: unknown, s: TeamSpread) => (
        <div className="tc-teams">
          {s.teams.map((team) => (
            <Tag
              key={team.team}
              color={team.team === s.fastest ? 'green' : team.team === s.slowest ? 'red' : undefined}
              title={t('teams.teamTip', { qty: formatQty(team.qty) })}
            >
              {team.team} {minutes(team.minutesPerUnit)}
              {t('teams.perUnit')}
            </Tag>
          ))}
        </div>
      ),
    },
    {
      title: t('teams.spread'),
      dataIndex: 'spreadPct',
      width: 80,
      align: 'right' as const,
      render: (v: number) => (
        <span className={v > SPREAD_HIGHLIGHT_PCT ? 'tc-spread-high' : ''} data-spread={v}>
          {v.toFixed(1)}%
        </span>
      ),
    },
  ];

  const skippedColumns = [
    {
      title: t('teams.workOrder'),
      dataIndex: 'workOrderNo',
      render: (v: string) => <span className="mono">{v}</span>,
    },
    {
      title: t('teams.skippedOperation'),
      render: (_: unknown, s: SkippedOperation) => `${s.seq} ${s.operation}`,
    },
    {
      title: t('teams.laterReported'),
      render: (_: unknown, s: SkippedOperation) => `${s.laterSeq} · ${formatDateTime(s.laterReportedAt)}`,
    },
  ];

  return (
    <>
      <PageHeader
        title={t('teams.title')}
        subtitle={t('teams.subtitle')}
        extra={
          <Space>
            <DateRangeInputs value={query} onChange={(range) => setQuery({ ...query, ...range })} />
            <Button
              icon={<DownloadOutlined />}
              loading={download.isPending && download.variables === 'csv'}
              onClick={() => download.mutate('csv')}
            >
              CSV
            </Button>
            <Button
              icon={<DownloadOutlined />}
              loading={download.isPending && download.variables === 'xlsx'}
              onClick={() => download.mutate('xlsx')}
            >
              Excel
            </Button>
          </Space>
        }
      />
      {answer.error ? <Alert type="error" showIcon message={errorText(answer.error)} /> : null}
      <Space className="tc-controls" size="middle" wrap>
        <Typography.Text type="secondary">{t('teams.groupBy')}</Typography.Text>
        <Segmented<GroupBy>
          value={query.groupBy}
          onChange={(groupBy) => setQuery({ ...query, groupBy })}
          options={GROUP_BY.map((g) => ({ value: g, label: t(`teams.group.${g}`) }))}
        />
        <Typography.Text type="secondary">{t('teams.chartOf')}</Typography.Text>
        <Segmented<Measure>
          value={measure}
          onChange={setMeasure}
          options={[
            { value: 'efficiency', label: t('teams.measure.efficiency') },
            { value: 'minutesPerUnit', label: t('teams.measure.minutesPerUnit') },
          ]}
        />
      </Space>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('teams.chartTitle')} className="tc-card">
            {data?.rows.some((r) => r[measure] !== null) ? (
              <BarChart option={option} />
            ) : (
              <Empty
                className="tc-empty"
                description={answer.isFetching ? t('teams.loading') : t('teams.empty')}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('teams.tableTitle')} className="tc-card">
            <Table
              size="small"
              rowKey="key"
              loading={answer.isFetching}
              pagination={false}
              dataSource={data?.rows ?? []}
              columns={rowColumns}
              scroll={{ y: 236 }}
              locale={{ emptyText: <Empty description={t('teams.empty')} /> }}
            />
          </Card>
        </Col>
        <Col xs={24} xl={15}>
          <Card
            size="small"
            title={t('teams.spreadTitle')}
            extra={
              <Typography.Text type="secondary">
                {t('teams.spreadHint', { pct: SPREAD_HIGHLIGHT_PCT })}
              </Typography.Text>
            }
            className="tc-card"
          >
            <Table
              size="small"
              rowKey={(s) => `${s.item}:${s.seq}`}
              pagination={{ pageSize: 8, size: 'small', hideOnSinglePage: true }}
              dataSource={data?.spread ?? []}
              columns={spreadColumns}
              rowClassName={(s) => (s.spreadPct > SPREAD_HIGHLIGHT_PCT ? 'tc-row-high' : '')}
              locale={{ emptyText: <Empty description={t('teams.noSpread')} /> }}
            />
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Card
            size="small"
            title={t('teams.skippedTitle', { n: data?.skipped.length ?? 0 })}
            className="tc-card"
          >
            <Table
              size="small"
              rowKey={(s) => `${s.workOrderNo}:${s.seq}`}
              pagination={{ pageSize: 8, size: 'small', hideOnSinglePage: true }}
              dataSource={data?.skipped ?? []}
              columns={skippedColumns}
              locale={{ emptyText: <Empty description={t('teams.noSkipped')} /> }}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
