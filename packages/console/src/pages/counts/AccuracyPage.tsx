import { DownloadOutlined } from '@ant-design/icons';
import type { CountAccuracyQuery, CountAccuracyRow } from '@shopfloor/sdk/admin';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Empty,
  Form,
  Input,
  Row,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { client } from '../../api/client';
import { t } from '../../i18n/i18n';
import { formatQty, shanghaiDate } from '../../shared/format';
import { saveBlob } from '../../shared/save-blob';
import { PageHeader } from '../../shared/ui';
import { AccuracyChart } from './AccuracyChart';
import { countsApi } from './api';
import { refusalText } from './wording';

type Range = Omit<CountAccuracyQuery, 'format'>;
const FILE_TYPES = {
  csv: 'text/csv;charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** 盘点准确率: accuracy per week and ABC class as a chart, the figures beside it, and the downloads. */
export default function AccuracyPage() {
  const [range, setRange] = useState<Range>({ from: shanghaiDate(-84), to: shanghaiDate(0) });
  const { message } = App.useApp();
  const report = useQuery({
    queryKey: ['cycle-counts', 'accuracy', range],
    queryFn: () => countsApi.accuracy(range),
    placeholderData: keepPreviousData,
  });
  const download = useMutation({
    mutationFn: (format: 'csv' | 'xlsx') => countsApi.accuracyFile(range, format),
    onSuccess: (bytes, format) =>
      saveBlob(
        new Blob([bytes as BlobPart], { type: FILE_TYPES[format] }),
        `count-accuracy-${range.from}-${range.to}.${format}`,
      ),
    onError: (error) => message.error(refusalText(error)),
  });
  const rows = report.data?.rows ?? [];
  const columns: ColumnsType<CountAccuracyRow> = [
    {
      title: t('accuracy.week'),
      dataIndex: 'week',
      width: 90,
      render: (v) => <span className="mono">{v}</span>,
    },
    { title: t('accuracy.class'), dataIndex: 'abcClass', width: 50, align: 'center' },
    { title: t('count.warehouse'), dataIndex: 'warehouse', width: 80 },
    { title: t('accuracy.counts'), dataIndex: 'counts', width: 60, align: 'right' },
    { title: t('accuracy.within'), dataIndex: 'withinTolerance', width: 70, align: 'right' },
    {
      title: t('accuracy.pct'),
      dataIndex: 'accuracyPct',
      width: 80,
      align: 'right',
      render: (v: number) => `${v.toFixed(1)}%`,
    },
    {
      title: t('accuracy.adjustedQty'),
      dataIndex: 'adjustedQty',
      width: 80,
      align: 'right',
      render: (v) => formatQty(v),
    },
    {
      title: t('accuracy.adjustedValue'),
      key: 'value',
      width: 100,
      align: 'right',
      render: (_, r) => (
        <span>
          {r.adjustedValue.toFixed(2)}
          {r.uncostedCounts > 0 && <Typography.Text type="warning"> *</Typography.Text>}
        </span>
      ),
    },
  ];
  return (
    <div className="stack">
      <PageHeader
        title={t('menu.countAccuracy')}
        subtitle={t('accuracy.subtitle')}
        extra={
          <Space>
            <Button
              icon={<DownloadOutlined />}
              loading={download.isPending}
              onClick={() => download.mutate('csv')}
            >
              {t('accuracy.exportCsv')}
            </Button>
            <Button
              icon={<DownloadOutlined />}
              loading={download.isPending}
              onClick={() => download.mutate('xlsx')}
            >
              {t('accuracy.exportXlsx')}
            </Button>
          </Space>
        }
      />
      <RangeForm initial={range} onSearch={setRange} />
      {report.isError && <Alert type="error" showIcon title={refusalText(report.error)} />}
      <Row gutter={16} align="top">
        <Col xs={24} xl={11}>
          <Card size="small" variant="borderless" title={t('accuracy.chartTitle')}>
            {rows.length ? <AccuracyChart rows={rows} /> : <Empty description={t('accuracy.noData')} />}
          </Card>
        </Col>
        <Col xs={24} xl={13}>
          <Card className="table-card" variant="borderless">
            <Table<CountAccuracyRow>
              rowKey={(r) => `${r.week}-${r.abcClass}-${r.warehouse}`}
              size="small"
              columns={columns}
              dataSource={rows}
              loading={report.isFetching}
              pagination={false}
              scroll={{ y: 520 }}
            />
            <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8, fontSize: 12 }}>
              {t('accuracy.valueNote')}
            </Typography.Text>
          </Card>
        </Col>
      </Row>
    </div>
  );
}

function RangeForm({ initial, onSearch }: { initial: Range; onSearch: (range: Range) => void }) {
  const warehouses = useQuery({
    queryKey: ['warehouses', 'pick'],
    queryFn: () => client.warehouses.listPage({ limit: 100 }),
  });
  return (
    <Card className="search-card" variant="borderless">
      <Form
        layout="inline"
        initialValues={initial}
        onFinish={(v: Range) =>
          onSearch({ from: v.from || undefined, to: v.to || undefined, warehouse: v.warehouse || undefined })
        }
      >
        <Form.Item name="from" label={t('accuracy.from')}>
          <Input type="date" style={{ width: 150 }} />
        </Form.Item>
        <Form.Item name="to" label={t('accuracy.to')}>
          <Input type="date" style={{ width: 150 }} />
        </Form.Item>
        <Form.Item name="warehouse" label={t('count.warehouse')}>
          <Select
            allowClear
            placeholder={t('common.all')}
            style={{ width: 150 }}
            options={(warehouses.data?.items ?? []).map((w) => ({
              value: w.code,
              label: `${w.code} ${w.name}`,
            }))}
          />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit">
            {t('common.search')}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}
