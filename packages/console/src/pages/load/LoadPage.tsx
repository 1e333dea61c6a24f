import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Drawer, Empty, Space, Table, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { t } from '../../i18n/i18n';
import { DateRangeInputs } from '../../shared/DateRangeInputs';
import { shanghaiDate } from '../../shared/format';
import { PageHeader } from '../../shared/ui';
import './load.css';
import { type LoadOperation, loadApi, operationsOn, type WorkCenterLoad } from './api';

type Cell = { workCenter: string | null; name: string; date: string };

/** The dates from..to, both included (at most 62: the server's limit). */
function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  const last = Date.parse(`${to}T00:00:00Z`);
  for (let d = Date.parse(`${from}T00:00:00Z`); d <= last && out.length < 62; d += 86_400_000) {
    out.push(new Date(d).toISOString().slice(0, 10));
  }
  return out;
}

const hours = (minutes: number) => (minutes / 60).toFixed(minutes % 60 === 0 ? 0 : 1);
const wall = (iso: string) => iso.slice(5, 16).replace('T', ' ');

/** 负荷: planned vs available hours per work center and day, overloads in red; a cell lists its operations. */
export default function LoadPage() {
  const [range, setRange] = useState({ from: shanghaiDate(0), to: shanghaiDate(13) });
  const [cell, setCell] = useState<Cell | null>(null);
  const load = useQuery({
    queryKey: ['work-centers', 'load', range],
    queryFn: () => loadApi.load(range),
    placeholderData: keepPreviousData,
  });
  const data = load.data;
  const dates = useMemo(() => datesBetween(range.from, range.to), [range]);
  const byKey = useMemo(() => {
    const map = new Map<string, WorkCenterLoad['days'][number]>();
    for (const d of data?.days ?? []) map.set(`${d.workCenter ?? ''}|${d.date}`, d);
    return map;
  }, [data]);
  const rows = (data?.workCenters ?? []).map((c) => ({ key: c.code ?? '', ...c }));
  const overloads = (data?.days ?? []).filter((d) => d.overloaded).length;

  const columns = [
    {
      title: t('load.workCenter'),
      dataIndex: 'name',
      fixed: 'left' as const,
      width: 150,
      render: (_: unknown, r: (typeof rows)[number]) => (
        <div className="load-center">
          <span>{r.name}</span>
          <span className="load-center-code mono">
            {r.code ?? '—'} · {t('load.stations', { n: r.stations })}
          </span>
        </div>
      ),
    },
    ...dates.map((date) => {
      const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
      const weekend = weekday === 0 || weekday === 6;
      return {
        title: (
          <div className={`load-date${weekend ? ' load-weekend' : ''}`}>
            <div>{date.slice(5)}</div>
            <div>{t(`load.weekday.${weekday}` as 'load.weekday.0')}</div>
          </div>
        ),
        key: date,
        width: 64,
        align: 'center' as const,
        onCell: (r: (typeof rows)[number]) => ({
          onClick: () => setCell({ workCenter: r.code, name: r.name, date }),
          'data-cell': `${r.code ?? ''}|${date}`,
        }),
        render: (_: unknown, r: (typeof rows)[number]) => {
          const d = byKey.get(`${r.code ?? ''}|${date}`);
          if (!d) return null;
          const cls = d.overloaded
            ? 'load-cell load-over'
            : d.plannedMinutes > 0
              ? 'load-cell load-busy'
              : d.availableMinutes === 0
                ? 'load-cell load-off'
                : 'load-cell';
          return (
            <Tooltip
              title={t('load.cellTip', {
                planned: hours(d.plannedMinutes),
                available: hours(d.availableMinutes),
              })}
            >
              <div className={cls}>
                {d.plannedMinutes > 0 || d.availableMinutes > 0 ? (
                  <>
                    <b>{hours(d.plannedMinutes)}</b>
                    <span>/{hours(d.availableMinutes)}</span>
                  </>
                ) : (
                  '·'
                )}
              </div>
            </Tooltip>
          );
        },
      };
    }),
  ];

  const cellOps: LoadOperation[] = cell && data ? operationsOn(data, cell.workCenter, cell.date) : [];
  return (
    <>
      <PageHeader
        title={t('load.title')}
        subtitle={t('load.subtitle')}
        extra={
          <Space>
            <DateRangeInputs value={range} onChange={setRange} />
          </Space>
        }
      />
      {load.error ? <Alert type="error" showIcon message={String((load.error as Error).message)} /> : null}
      <Space className="load-legend" size="large">
        <Typography.Text type="secondary">{t('load.legend')}</Typography.Text>
        <span className="load-cell load-over">{t('load.overloaded', { n: overloads })}</span>
      </Space>
      <Table
        className="load-grid"
        size="small"
        bordered
        loading={load.isFetching}
        pagination={false}
        dataSource={rows}
        columns={columns}
        scroll={{ x: 150 + dates.length * 64 }}
        locale={{ emptyText: <Empty description={t('load.empty')} /> }}
      />
      <Drawer
        open={cell !== null}
        width={560}
        onClose={() => setCell(null)}
        title={cell ? t('load.cellTitle', { center: cell.name, date: cell.date }) : ''}
      >
        <Table
          size="small"
          rowKey={(o) => `${o.workOrderNo}:${o.seq}`}
          pagination={false}
          dataSource={cellOps}
          locale={{ emptyText: <Empty description={t('load.noOperations')} /> }}
          columns={[
            {
              title: t('load.workOrder'),
              dataIndex: 'workOrderNo',
              render: (v: string) => <span className="mono">{v}</span>,
            },
            { title: t('load.operation'), render: (_: unknown, o: LoadOperation) => `${o.seq} ${o.name}` },
            {
              title: t('load.owner'),
              render: (_: unknown, o: LoadOperation) => o.ownerName ?? o.owner ?? '—',
            },
            {
              title: t('load.planned'),
              render: (_: unknown, o: LoadOperation) => `${wall(o.plannedStart)} – ${wall(o.plannedEnd)}`,
            },
            {
              title: t('load.hours'),
              align: 'right' as const,
              render: (_: unknown, o: LoadOperation) => hours(o.loadMinutes),
            },
          ]}
        />
      </Drawer>
    </>
  );
}
