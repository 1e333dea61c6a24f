import type { Item } from '@shopfloor/sdk';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, type FormInstance, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { client } from '../api/client';
import { t } from '../i18n/i18n';
import { errorText, fieldErrors } from './errors';

/** The title row of a page: what it is, a line saying what for, and its main actions on the right. */
export function PageHeader({
  title,
  subtitle,
  extra,
}: {
  title: string;
  subtitle?: string;
  extra?: ReactNode;
}) {
  return (
    <div className="page-header">
      <div>
        <Typography.Title level={4} className="page-title">
          {title}
        </Typography.Title>
        {subtitle && <Typography.Text type="secondary">{subtitle}</Typography.Text>}
      </div>
      {extra && <Space>{extra}</Space>}
    </div>
  );
}

/** The columns without the row actions when the user may not take them. */
export function actionsIf<T>(allowed: boolean, columns: ColumnsType<T>): ColumnsType<T> {
  return allowed ? columns : columns.filter((column) => column.key !== 'actions');
}

/** 启用 / 停用; a record without `active` predates the master-data routes and counts as active. */
export function ActiveTag({ active }: { active?: boolean }) {
  return active === false ? <Tag>{t('common.inactive')}</Tag> : <Tag color="green">{t('common.active')}</Tag>;
}

/**
 * What a failed save does: the server's sentence as a message, its field errors on the form's fields.
 * Returns the handler for a mutation's `onError`.
 */
export function useShowError(form?: FormInstance) {
  const { message } = App.useApp();
  return useCallback(
    (error: unknown) => {
      if (form) {
        const fields = fieldErrors(
          error,
          (name) => form.getFieldInstance(name) !== undefined || isListField(form, name),
        );
        if (fields.length) form.setFields(fields);
      }
      message.error(errorText(error));
    },
    [form, message],
  );
}

// Fields inside a Form.List are registered by their full path; getFieldInstance misses plain inputs.
function isListField(form: FormInstance, name: (string | number)[]): boolean {
  return name.length > 1 && form.getFieldValue(name) !== undefined;
}

/** A fresh Idempotency-Key each time a form opens: a double click saves once. */
export function useIdempotencyKey(open: boolean): string {
  const [key, setKey] = useState(() => crypto.randomUUID());
  useEffect(() => {
    if (open) setKey(crypto.randomUUID());
  }, [open]);
  return key;
}

/** Picks an item by code or name, searching the server as one types. */
export function ItemSelect({
  value,
  onChange,
  placeholder,
  style,
  types,
}: {
  value?: string;
  onChange?: (code: string) => void;
  placeholder?: string;
  style?: React.CSSProperties;
  /** Only these item types, e.g. make for BOMs and routings. */
  types?: Item['type'][];
}) {
  const [search, setSearch] = useState('');
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(search), 250);
    return () => clearTimeout(timer);
  }, [search]);
  const found = useQuery({
    queryKey: ['items', 'pick', debounced],
    queryFn: () => client.items.listPage({ q: debounced || undefined, limit: 30 }),
  });
  const options = (found.data?.items ?? [])
    .filter((item) => !types || types.includes(item.type))
    .map((item) => ({ value: item.code, label: `${item.code} ${item.name}` }));
  if (value && !options.some((o) => o.value === value)) options.unshift({ value, label: value });
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setSearch }}
      value={value}
      onChange={onChange}
      placeholder={placeholder ?? t('common.pickItem')}
      options={options}
      loading={found.isFetching}
      style={style}
      notFoundContent={found.isFetching ? t('common.loading') : t('common.noData')}
    />
  );
}

/** Previous / next over a cursor list: the server pages by cursor, not by page number. */
export function useCursorPages(resetOn: unknown) {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const key = JSON.stringify(resetOn);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new filter starts again on page one
  useEffect(() => setCursors([undefined]), [key]);
  const cursor = cursors.at(-1);
  return {
    cursor,
    page: cursors.length,
    next: (nextCursor: string) => setCursors((list) => [...list, nextCursor]),
    previous: () => setCursors((list) => (list.length > 1 ? list.slice(0, -1) : list)),
  };
}

/** A cursor-paged list in its card: the table, then previous / next under it. */
export function PagedTable<T extends object>({
  rowKey,
  columns,
  list,
  pages,
  scrollX,
}: {
  rowKey: keyof T & string;
  columns: ColumnsType<T>;
  list: { data?: { items: T[]; nextCursor?: string | null }; isFetching: boolean };
  pages: ReturnType<typeof useCursorPages>;
  scrollX: number;
}) {
  return (
    <Card className="table-card" variant="borderless">
      <Table<T>
        rowKey={rowKey}
        size="small"
        columns={columns}
        dataSource={list.data?.items}
        loading={list.isFetching}
        pagination={false}
        scroll={{ x: scrollX }}
      />
      <CursorPager
        page={pages.page}
        count={list.data?.items.length ?? 0}
        nextCursor={list.data?.nextCursor}
        onNext={pages.next}
        onPrevious={pages.previous}
      />
    </Card>
  );
}

export function CursorPager({
  page,
  nextCursor,
  onNext,
  onPrevious,
  count,
}: {
  page: number;
  nextCursor: string | null | undefined;
  onNext: (cursor: string) => void;
  onPrevious: () => void;
  count: number;
}) {
  return (
    <div className="pager">
      <Typography.Text type="secondary">{t('common.pageInfo', { page, count })}</Typography.Text>
      <Space size={8}>
        <Button size="small" disabled={page <= 1} onClick={onPrevious}>
          {t('common.previous')}
        </Button>
        <Button size="small" disabled={!nextCursor} onClick={() => nextCursor && onNext(nextCursor)}>
          {t('common.next')}
        </Button>
      </Space>
    </div>
  );
}
