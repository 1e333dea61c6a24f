import type { IssueRequest, OutboxEntry, Role } from '@shopfloor/sdk';
import { Button, Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { LoadError } from '../../components/Screen';
import { useChanges } from '../../hooks/changes';
import { t } from '../../i18n/i18n';
import { navigate } from '../../navigate';
import { useOnline, useOutboxState, useServices, useSession } from '../../services/services-context';
import { shanghaiDateTime } from '../../shared/shanghai-time';
import { shortTime } from './logic';
import { PageHeader, StatusBadge } from './parts';

type Tab = 'pending' | 'mine';

export const DECIDERS: readonly Role[] = ['approver', 'storekeeper'];
export const REQUESTERS: readonly Role[] = ['operator', 'planner', 'storekeeper'];

/** The list: 待我审批 for approvers and storekeepers, 我的申请 for requesters, and 新建领料. */
export function RequestList({ initialTab }: { initialTab?: string }) {
  const session = useSession();
  const roles = session?.user.roles ?? [];
  const decides = roles.some((role) => DECIDERS.includes(role));
  const requests = roles.some((role) => REQUESTERS.includes(role));
  const tabs: Tab[] = [...(decides ? (['pending'] as const) : []), ...(requests ? (['mine'] as const) : [])];
  // Someone with neither role (an admin) still gets the approvals queue the server fills for him.
  if (tabs.length === 0) tabs.push('pending');
  const [emergencyOnly, setEmergencyOnly] = useState(false);
  const [tab, setTab] = useState<Tab>(
    tabs.includes(initialTab as Tab) ? (initialTab as Tab) : (tabs[0] as Tab),
  );

  return (
    <View className="sf-issue-requests">
      <PageHeader title={t('issuerequests.title')} />
      {requests ? (
        <Button
          id="ir-new"
          className="sf-button sf-button--scan sf-issue-requests-new"
          onClick={() => navigate('issueRequests', { new: 1 })}
        >
          <Text className="sf-button__icon">+</Text>
          <View className="sf-button__text">
            <Text className="sf-button__main">{t('issuerequests.new')}</Text>
            <Text className="sf-button__sub">{t('issuerequests.newHint')}</Text>
          </View>
        </Button>
      ) : null}
      {tabs.length > 1 ? (
        <View className="sf-issue-requests-tabs">
          {tabs.map((name) => (
            <View
              key={name}
              id={`ir-tab-${name}`}
              className={`sf-issue-requests-tab${tab === name ? ' is-active' : ''}`}
              onClick={() => setTab(name)}
            >
              {t(name === 'pending' ? 'issuerequests.tab.pending' : 'issuerequests.tab.mine')}
            </View>
          ))}
        </View>
      ) : null}
      <View
        id="ir-filter-emergency"
        className={`sf-issue-requests-filter${emergencyOnly ? ' is-on' : ''}`}
        onClick={() => setEmergencyOnly(!emergencyOnly)}
      >
        <Text>
          {emergencyOnly ? '✓ ' : ''}
          {t('issuerequests.emergency.filter')}
        </Text>
      </View>
      <Requests
        key={`${tab}:${emergencyOnly}`}
        tab={tab}
        titled={tabs.length === 1}
        emergencyOnly={emergencyOnly}
      />
    </View>
  );
}

function Requests({ tab, titled, emergencyOnly }: { tab: Tab; titled: boolean; emergencyOnly: boolean }) {
  const { client } = useServices();
  const [pages, setPages] = useState<{ items: IssueRequest[]; cursor: string | null }>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const [attempt, setAttempt] = useState(0);
  // Only the newest load may write: a late "more" page must not land on a list loaded since.
  const generation = useRef(0);

  const load = (cursor?: string) => {
    const mine = ++generation.current;
    setLoading(true);
    setError(undefined);
    const query =
      tab === 'pending'
        ? ({ status: 'pending', awaitingMe: true, limit: 30, cursor } as const)
        : ({ mine: true, limit: 30, cursor } as const);
    client.issueRequests.listPage(emergencyOnly ? { ...query, emergency: true } : query).then(
      (page) => {
        if (mine !== generation.current) return;
        setPages((previous) => ({
          items: cursor ? [...(previous?.items ?? []), ...page.items] : page.items,
          cursor: page.nextCursor,
        }));
        setLoading(false);
      },
      (failure: unknown) => {
        if (mine !== generation.current) return;
        setError(failure);
        setLoading(false);
      },
    );
  };
  // A request saved offline reaches the server later: show it when the outbox says it was sent.
  const { lastSentAt } = useOutboxState();
  const online = useOnline();
  // Back from a request decided or withdrawn meanwhile: read the list again (the first show is the mount's load).
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) setAttempt((n) => n + 1);
    shown.current = true;
  });
  const changed = useChanges('issue-requests');
  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt`, `lastSentAt`, `online` and `changed` are the triggers
  useEffect(() => load(), [tab, emergencyOnly, attempt, lastSentAt, online, changed]);

  const items = pages?.items;
  return (
    <View className="sf-section" id={`ir-list-${tab}`}>
      {titled ? (
        <View className="sf-section__head">
          <Text className="sf-section__title">
            {t(tab === 'pending' ? 'issuerequests.tab.pending' : 'issuerequests.tab.mine')}
          </Text>
          {items ? <Text className="sf-section__count">{items.length}</Text> : null}
        </View>
      ) : null}
      {tab === 'mine' ? <QueuedRequests /> : null}
      {error && !online ? (
        <Text className="sf-empty" id="ir-offline">
          {t('issuerequests.list.offline')}
        </Text>
      ) : error ? (
        <LoadError error={error} onRetry={() => setAttempt((n) => n + 1)} />
      ) : null}
      {!items && loading ? <Text className="sf-muted">{t('common.loading')}</Text> : null}
      {items && items.length === 0 ? (
        <Text className="sf-empty" id="ir-empty">
          {t(tab === 'pending' ? 'issuerequests.list.emptyPending' : 'issuerequests.list.emptyMine')}
        </Text>
      ) : null}
      {items?.map((request) => (
        <RequestRow key={request.id} request={request} showRequester={tab === 'pending'} />
      ))}
      {pages?.cursor ? (
        <Button className="sf-button sf-issue-requests-more" onClick={() => load(pages.cursor ?? undefined)}>
          {t('issuerequests.list.more')}
        </Button>
      ) : null}
    </View>
  );
}

function RequestRow({ request, showRequester }: { request: IssueRequest; showRequester: boolean }) {
  return (
    <View
      id={`ir-row-${request.id}`}
      className="sf-row sf-issue-requests-row"
      onClick={() => navigate('issueRequests', { id: request.id })}
    >
      <View className="sf-row__main">
        <Text className="sf-row__title">{request.workOrderNo ?? t('issuerequests.list.noWorkOrder')}</Text>
        <Text className="sf-row__sub">
          {request.warehouseName ?? request.warehouse} ·{' '}
          {t('issuerequests.list.lines', { n: request.lines.length })}
          {showRequester ? (
            <>
              {' · '}
              <Text className="sf-issue-requests-nowrap">{request.requesterName ?? request.requester}</Text>
            </>
          ) : null}
        </Text>
        {request.emergency && request.status === 'pending' ? (
          <Text className="sf-row__sub sf-issue-requests-emergency-note">
            {t('issuerequests.emergency.awaiting')}
          </Text>
        ) : null}
        <Text className="sf-row__sub sf-issue-requests-row__no">
          <Text className="sf-issue-requests-nowrap">{request.no ?? request.id.slice(0, 8)}</Text>
          {' · '}
          <Text className="sf-issue-requests-nowrap">{shortTime(request.createdAt)}</Text>
        </Text>
      </View>
      {request.emergency ? (
        <Text
          className="sf-badge sf-badge--critical sf-issue-requests-flag"
          id={`ir-emergency-${request.id}`}
        >
          {t('issuerequests.emergency.flag')}
        </Text>
      ) : null}
      <StatusBadge status={request.status} />
      <Text className="sf-row__chevron">›</Text>
    </View>
  );
}

/** Requests saved on this phone and not yet accepted by the server (offline, or refused). */
function QueuedRequests() {
  const { outbox } = useServices();
  const state = useOutboxState();
  const [queued, setQueued] = useState<OutboxEntry[]>([]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: every outbox change may add or remove one
  useEffect(() => {
    let live = true;
    void outbox.list().then((entries) => {
      if (live) setQueued(entries.filter((entry) => entry.kind === 'issue-request'));
    });
    return () => {
      live = false;
    };
  }, [outbox, state]);
  const refused = state.deadLetters.filter((entry) => entry.kind === 'issue-request');
  return (
    <>
      {queued.map((entry) => (
        <View key={entry.id} className="sf-row sf-issue-requests-row" id={`ir-queued-${entry.seq}`}>
          <View className="sf-row__stripe sf-row__stripe--warning" />
          <View className="sf-row__main">
            <Text className="sf-row__title">{entry.orderKey ?? entry.label}</Text>
            <Text className="sf-row__sub">
              {linesOf(entry)} · {shanghaiDateTime(entry.capturedAt)}
            </Text>
            <Text className="sf-row__sub">{t('issuerequests.list.queuedHint')}</Text>
          </View>
          <Text className="sf-badge sf-badge--warning">{t('issuerequests.status.queued')}</Text>
        </View>
      ))}
      {refused.map((entry) => (
        <View
          key={entry.id}
          className="sf-row sf-issue-requests-row"
          id={`ir-refused-${entry.seq}`}
          onClick={() => navigate('outbox')}
        >
          <View className="sf-row__stripe sf-row__stripe--critical" />
          <View className="sf-row__main">
            <Text className="sf-row__title">{entry.orderKey ?? entry.label}</Text>
            <Text className="sf-row__sub sf-issue-requests-error-text">
              {entry.reason.detail ?? entry.reason.title ?? entry.reason.message}
            </Text>
            <Text className="sf-row__sub">{t('issuerequests.list.returnedHint')}</Text>
          </View>
          <Text className="sf-badge sf-badge--critical">{t('issuerequests.status.returned')}</Text>
          <Text className="sf-row__chevron">›</Text>
        </View>
      ))}
    </>
  );
}

function linesOf(entry: OutboxEntry): string {
  const body = entry.body as { lines?: unknown[]; warehouse?: string } | undefined;
  const n = Array.isArray(body?.lines) ? body.lines.length : 0;
  return `${body?.warehouse ?? ''} · ${t('issuerequests.list.lines', { n })}`;
}
