import { ConflictError, PlatformError } from '@shopfloor/sdk';
import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { errorMessage } from '../../components/error-message';
import { LoadError } from '../../components/Screen';
import { useOutboxEntries } from '../../hooks/use-outbox-entries';
import type { QueryState } from '../../hooks/use-query';
import { useScanWedge } from '../../hooks/use-scan-wedge';
import { t } from '../../i18n/i18n';
import { navigate } from '../../navigate';
import { useServices, useSession } from '../../services/services-context';
import { ApprovalRow, TaskRow } from './CountRows';
import { queuedCount } from './count-model';
import { useCountApprovals, useCountList } from './use-count-lists';
import { useCountsApi } from './use-counts-api';

type Tab = 'tasks' | 'approvals';

/**
 * A storekeeper's count tasks (and an ad hoc count); beside them the variances waiting for a decision.
 * An approver only decides: he gets the variances alone.
 */
export function CountLists({ initialTab }: { initialTab?: string }) {
  const roles = new Set(useSession()?.user.roles ?? []);
  const counts = roles.has('storekeeper') || roles.has('admin');
  const [tab, setTab] = useState<Tab>(initialTab === 'approvals' || !counts ? 'approvals' : 'tasks');
  return (
    <View className="sf-counts">
      {counts ? (
        <View className="sf-counts-tabs">
          <Text
            id="count-tab-tasks"
            className={`sf-counts-tab${tab === 'tasks' ? ' is-on' : ''}`}
            onClick={() => setTab('tasks')}
          >
            {t('counts.tab.tasks')}
          </Text>
          <Text
            id="count-tab-approvals"
            className={`sf-counts-tab${tab === 'approvals' ? ' is-on' : ''}`}
            onClick={() => setTab('approvals')}
          >
            {t('counts.tab.approvals')}
          </Text>
        </View>
      ) : null}
      {tab === 'tasks' ? (
        <>
          <TaskList />
          <AdHocCount />
        </>
      ) : (
        <ApprovalList />
      )}
    </View>
  );
}

function TaskList() {
  const { platform } = useServices();
  const query = useCountList('open');
  const entries = useOutboxEntries();
  // One scan: a location or item label opens its task when it names exactly one.
  const open = (raw: string) => {
    const code = raw.trim();
    const matching = (query.data ?? []).filter((task) => task.location === code || task.item === code);
    if (matching.length === 1) navigate('counts', { id: matching[0]!.id });
    else if (matching.length === 0) platform.toast(t('counts.noTaskFor', { code }), 'error');
    else platform.toast(t('counts.pickOne', { code, n: matching.length }), 'info');
  };
  useScanWedge(open);
  const scan = async () => {
    try {
      open(await platform.scan());
    } catch (error) {
      if (error instanceof PlatformError && error.code === 'CANCELLED') return;
      platform.toast(errorMessage(error), 'error');
    }
  };
  return (
    <>
      <Button id="count-scan-list" className="sf-button sf-button--scan" onClick={() => void scan()}>
        <Text className="sf-button__icon">扫</Text>
        <View className="sf-button__text">
          <Text className="sf-button__main">{t('counts.scan')}</Text>
          <Text className="sf-button__sub">{t('counts.scanOnList')}</Text>
        </View>
      </Button>
      <ListSection
        id="count-tasks"
        title={t('counts.tab.tasks')}
        query={query}
        empty={t('counts.tasksEmpty')}
      >
        {(tasks) =>
          tasks.map((task) => (
            <TaskRow key={task.id} task={task} queued={queuedCount(task.id, entries) !== undefined} />
          ))
        }
      </ListSection>
    </>
  );
}

function ApprovalList() {
  const query = useCountApprovals();
  return (
    <ListSection
      id="count-approvals"
      title={t('counts.tab.approvals')}
      query={query}
      empty={t('counts.approvalsEmpty')}
    >
      {(tasks) => tasks.map((task) => <ApprovalRow key={task.id} task={task} />)}
    </ListSection>
  );
}

/** 临时盘点: any item at any location of the storekeeper's warehouses, counted now. */
function AdHocCount() {
  const api = useCountsApi();
  const [item, setItem] = useState('');
  const [location, setLocation] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const start = async () => {
    if (!item.trim() || !location.trim()) return setProblem(t('counts.adhoc.missing'));
    setBusy(true);
    setProblem(undefined);
    try {
      const task = await api.createAdHoc({ item: item.trim(), location: location.trim() });
      navigate('counts', { id: task.id });
    } catch (error) {
      // Already a live task for it: count that one.
      const live = error instanceof ConflictError ? error.problem?.params?.count : undefined;
      if (typeof live === 'string') navigate('counts', { id: live });
      else setProblem(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <View id="count-adhoc" className="sf-section">
      <View className="sf-section__head">
        <Text className="sf-section__title">{t('counts.adhoc.title')}</Text>
      </View>
      <View className="sf-counts-adhoc">
        <Text className="sf-counts-meta sf-counts-adhoc__hint">{t('counts.adhoc.hint')}</Text>
        <Input
          id="count-adhoc-item"
          className="sf-input"
          value={item}
          placeholder={t('counts.adhoc.item')}
          onInput={(event) => setItem(event.detail.value)}
        />
        <Input
          id="count-adhoc-location"
          className="sf-input"
          value={location}
          placeholder={t('counts.adhoc.location')}
          onInput={(event) => setLocation(event.detail.value)}
          onConfirm={() => void start()}
        />
        {problem ? <Text className="sf-notice sf-notice--error sf-counts-adhoc__wide">{problem}</Text> : null}
        <Button
          id="count-adhoc-start"
          className="sf-button sf-button--primary sf-counts-adhoc__wide"
          disabled={busy || undefined}
          onClick={() => void start()}
        >
          {t('counts.adhoc.start')}
        </Button>
      </View>
    </View>
  );
}

function ListSection<T>({
  id,
  title,
  query,
  empty,
  children,
}: {
  id: string;
  title: string;
  query: Pick<QueryState<T[]>, 'data' | 'error' | 'loading' | 'reload'>;
  empty: string;
  children: (items: T[]) => React.ReactNode;
}) {
  const items = query.data;
  return (
    <View id={id} className="sf-section">
      <View className="sf-section__head">
        <Text className="sf-section__title">{title}</Text>
        {items ? <Text className="sf-section__count">{items.length}</Text> : null}
      </View>
      {query.error ? <LoadError error={query.error} onRetry={query.reload} /> : null}
      {!items && query.loading ? <Text className="sf-muted">{t('common.loading')}</Text> : null}
      {items && items.length === 0 ? <Text className="sf-empty">{empty}</Text> : null}
      {items && items.length > 0 ? children(items) : null}
    </View>
  );
}
