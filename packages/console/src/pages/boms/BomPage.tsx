import type { Item, Requirement, UsedIn } from '@shopfloor/sdk';
import { useQueries, useQuery } from '@tanstack/react-query';
import { Alert, Card, Descriptions, Empty, Form, Input, InputNumber, Table, Tabs, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useMemo, useState } from 'react';
import { client } from '../../api/client';
import { t } from '../../i18n/i18n';
import { navigate, useRoute } from '../../layout/router';
import { errorText } from '../../shared/errors';
import { formatQty, shanghaiDate } from '../../shared/format';
import { itemTypeLabel } from '../../shared/labels';
import { ItemSelect, PageHeader } from '../../shared/ui';
import { type BomNode, distinctItems, nestTreeRows, parentKeys } from './bom-tree';

type Tab = 'tree' | 'summary' | 'where-used';
const TABS: Tab[] = ['tree', 'summary', 'where-used'];

/** BOM: the indented explosion of an item, its summed requirements, and where it is used. */
export default function BomPage() {
  const { params } = useRoute();
  const item = params.get('item') ?? undefined;
  const tab = (TABS as string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'tree';
  const [qty, setQty] = useState(1);
  const [date, setDate] = useState(shanghaiDate());
  const go = (next: { item?: string; tab?: Tab }) => navigate('/boms', { item, tab, ...next });

  const master = useQuery({
    queryKey: ['items', 'one', item],
    queryFn: () => client.items.get(item!),
    enabled: !!item,
  });

  return (
    <div className="stack">
      <PageHeader title={t('menu.boms')} subtitle={t('bom.subtitle')} />
      <Card className="search-card" variant="borderless">
        <Form layout="inline">
          <Form.Item label={t('bom.item')}>
            <ItemSelect value={item} onChange={(code) => go({ item: code })} style={{ width: 320 }} />
          </Form.Item>
          <Form.Item label={t('bom.qty')}>
            <InputNumber min={0.000001} value={qty} onChange={(v) => setQty(v ?? 1)} style={{ width: 110 }} />
          </Form.Item>
          <Form.Item label={t('bom.date')}>
            <Input
              type="date"
              value={date}
              onChange={(e) => setDate(e.target.value || shanghaiDate())}
              style={{ width: 150 }}
            />
          </Form.Item>
        </Form>
      </Card>
      {!item ? (
        <Card variant="borderless">
          <Empty description={t('bom.pickItem')} />
        </Card>
      ) : (
        <Card className="table-card" variant="borderless">
          {master.data && <ItemSummary item={master.data} />}
          {master.isError && <Alert type="error" showIcon title={errorText(master.error)} />}
          <Tabs
            activeKey={tab}
            onChange={(key) => go({ tab: key as Tab })}
            items={[
              {
                key: 'tree',
                label: t('bom.tab.tree'),
                children: <TreeTab item={item} qty={qty} date={date} />,
              },
              {
                key: 'summary',
                label: t('bom.tab.summary'),
                children: <SummaryTab item={item} qty={qty} date={date} />,
              },
              {
                key: 'where-used',
                label: t('bom.tab.whereUsed'),
                children: <WhereUsedTab item={item} date={date} />,
              },
            ]}
          />
        </Card>
      )}
    </div>
  );
}

function ItemSummary({ item }: { item: Item }) {
  return (
    <Descriptions
      size="small"
      column={5}
      style={{ padding: '4px 4px 0' }}
      items={[
        { key: 'code', label: t('item.code'), children: <span className="mono">{item.code}</span> },
        { key: 'name', label: t('item.name'), children: item.name },
        { key: 'type', label: t('item.type'), children: itemTypeLabel(item.type) },
        { key: 'uom', label: t('item.uom'), children: item.uom },
        { key: 'spec', label: t('item.spec'), children: item.spec ?? '—' },
      ]}
    />
  );
}

/** Item names for the codes a table shows, each fetched once and kept. */
function useItemNames(codes: string[]): Map<string, string> {
  const results = useQueries({
    queries: codes.map((code) => ({
      queryKey: ['items', 'one', code],
      queryFn: () => client.items.get(code),
      staleTime: 300_000,
    })),
  });
  return new Map(results.flatMap((r) => (r.data ? [[r.data.code, r.data.name] as [string, string]] : [])));
}

const typeTag = (type: string) => (
  <Tag color={type === 'make' ? 'blue' : type === 'buy' ? 'green' : 'purple'}>{itemTypeLabel(type)}</Tag>
);

function TreeTab({ item, qty, date }: { item: string; qty: number; date: string }) {
  const tree = useQuery({
    queryKey: ['boms', 'tree', item, qty, date],
    queryFn: () => client.boms.explosionTree(item, { qty, date }),
  });
  const nodes = useMemo(() => nestTreeRows(tree.data?.rows ?? []), [tree.data]);
  const names = useItemNames(useMemo(() => distinctItems(tree.data?.rows ?? []), [tree.data]));
  const [expanded, setExpanded] = useState<string[]>([]);
  useEffect(() => setExpanded(parentKeys(nodes)), [nodes]);
  const columns: ColumnsType<BomNode> = [
    {
      title: t('item.code'),
      dataIndex: 'item',
      width: 300,
      render: (code) => <span className="mono">{code}</span>,
    },
    { title: t('item.name'), key: 'name', ellipsis: true, render: (_, row) => names.get(row.item) ?? '' },
    { title: t('bom.level'), dataIndex: 'level', width: 64, align: 'center' },
    {
      title: t('bom.requiredQty'),
      dataIndex: 'qty',
      width: 120,
      align: 'right',
      render: (v) => formatQty(v),
    },
    { title: t('item.uom'), dataIndex: 'uom', width: 64 },
    { title: t('item.type'), dataIndex: 'type', width: 80, render: typeTag },
  ];
  if (tree.isError) return <Alert type="error" showIcon title={errorText(tree.error)} />;
  return (
    <Table<BomNode>
      rowKey="key"
      size="small"
      columns={columns}
      dataSource={nodes}
      loading={tree.isFetching}
      pagination={false}
      expandable={{
        expandedRowKeys: expanded,
        onExpandedRowsChange: (keys) => setExpanded(keys as string[]),
      }}
      locale={{ emptyText: t('bom.noLines') }}
    />
  );
}

function SummaryTab({ item, qty, date }: { item: string; qty: number; date: string }) {
  const summary = useQuery({
    queryKey: ['boms', 'summary', item, qty, date],
    queryFn: () => client.boms.explosion(item, { qty, date }),
  });
  const rows = summary.data?.requirements ?? [];
  const names = useItemNames(useMemo(() => distinctItems(rows), [rows]));
  const columns: ColumnsType<Requirement> = [
    {
      title: t('item.code'),
      dataIndex: 'item',
      width: 200,
      render: (code) => <span className="mono">{code}</span>,
    },
    { title: t('item.name'), key: 'name', ellipsis: true, render: (_, row) => names.get(row.item) ?? '' },
    {
      title: t('bom.requiredQty'),
      dataIndex: 'qty',
      width: 120,
      align: 'right',
      render: (v) => formatQty(v),
    },
    { title: t('item.uom'), dataIndex: 'uom', width: 64 },
    { title: t('item.type'), dataIndex: 'type', width: 80, render: typeTag },
    { title: t('bom.lowLevelCode'), dataIndex: 'lowLevelCode', width: 90, align: 'center' },
  ];
  if (summary.isError) return <Alert type="error" showIcon title={errorText(summary.error)} />;
  return (
    <Table<Requirement>
      rowKey="item"
      size="small"
      columns={columns}
      dataSource={rows}
      loading={summary.isFetching}
      pagination={false}
      locale={{ emptyText: t('bom.noLines') }}
    />
  );
}

function WhereUsedTab({ item, date }: { item: string; date: string }) {
  const used = useQuery({
    queryKey: ['items', 'where-used', item, date],
    queryFn: () => client.items.whereUsed(item, { date }),
  });
  const rows = used.data?.usedIn ?? [];
  const names = useItemNames(useMemo(() => distinctItems(rows), [rows]));
  const columns: ColumnsType<UsedIn> = [
    {
      title: t('bom.parent'),
      dataIndex: 'item',
      width: 200,
      render: (code) => (
        <a className="mono" href={`#/boms?item=${encodeURIComponent(code)}`}>
          {code}
        </a>
      ),
    },
    { title: t('item.name'), key: 'name', ellipsis: true, render: (_, row) => names.get(row.item) ?? '' },
    { title: t('bom.qtyPer'), dataIndex: 'qtyPer', width: 120, align: 'right', render: (v) => formatQty(v) },
    {
      title: t('bom.relation'),
      key: 'relation',
      width: 150,
      render: (_, row) => (
        <>
          <Tag>{row.direct ? t('bom.direct') : t('bom.indirect')}</Tag>
          {row.endItem && <Tag color="gold">{t('bom.endItem')}</Tag>}
        </>
      ),
    },
    { title: t('item.type'), dataIndex: 'type', width: 80, render: typeTag },
  ];
  if (used.isError) return <Alert type="error" showIcon title={errorText(used.error)} />;
  return (
    <Table<UsedIn>
      rowKey="item"
      size="small"
      columns={columns}
      dataSource={rows}
      loading={used.isFetching}
      pagination={false}
      locale={{ emptyText: t('bom.notUsed') }}
    />
  );
}
