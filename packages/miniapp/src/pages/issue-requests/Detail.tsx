import {
  AuthError,
  type IssueRequest,
  type IssueRequestLine,
  IssueRequest as IssueRequestSchema,
  type IssueRequestStatus,
  NotFoundError,
  randomUuid,
  ShopfloorError,
  type StockBalance,
} from '@shopfloor/sdk';
import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import { type ReactNode, useEffect, useState } from 'react';
import { errorMessage } from '../../components/error-message';
import { LoadError } from '../../components/Screen';
import { notifyChanged } from '../../hooks/changes';
import { useQuery } from '../../hooks/use-query';
import { type MessageKey, t } from '../../i18n/i18n';
import { useServices, useSession } from '../../services/services-context';
import { DECIDERS } from './List';
import {
  approvalLines,
  defaultApproved,
  formatQty,
  parseQty,
  shortTime,
  sourceBalance,
  sumBalances,
} from './logic';
import { Figure, PageHeader, StatusBadge, uomLabel } from './parts';

interface Stock {
  names: Map<string, { name: string; uom: string }>;
  balances: Map<string, StockBalance[]>;
}

/** One request: its lines against BOM need and stock, its history, and the decision or withdrawal. */
export function RequestDetail({ id }: { id: string }) {
  const { client } = useServices();
  const query = useQuery(`ir:${id}`, () => client.issueRequests.get(id));
  // A decision answers the updated request: shown at once, without another round trip.
  const [decided, setDecided] = useState<IssueRequest>();
  const request = decided ?? query.data;

  if (!request) {
    const missing = query.error instanceof NotFoundError;
    return (
      <View className="sf-issue-requests">
        <PageHeader title={t('issuerequests.title')} />
        {query.loading ? <Text className="sf-muted">{t('common.loading')}</Text> : null}
        {missing ? (
          <Text className="sf-notice sf-notice--error">{t('issuerequests.detail.notFound')}</Text>
        ) : query.error ? (
          <LoadError error={query.error} onRetry={query.reload} />
        ) : null}
      </View>
    );
  }
  return <Loaded request={request} onChange={setDecided} />;
}

function Loaded({ request, onChange }: { request: IssueRequest; onChange(next: IssueRequest): void }) {
  const { client } = useServices();
  const session = useSession();
  const user = session?.user;
  const [stockGeneration, setStockGeneration] = useState(0);
  const [done, setDone] = useState<IssueRequestStatus>();
  // Someone else decided first: the request is read again and the server's reason stays on screen.
  const [overtaken, setOvertaken] = useState<unknown>();
  const changed = (next: IssueRequest) => {
    onChange(next);
    setDone(next.status);
  };
  const stock = useQuery(`ir-stock:${request.id}:${stockGeneration}`, async (): Promise<Stock> => {
    const codes = [...new Set(request.lines.map((line) => line.item))];
    const [items, balances] = await Promise.all([
      Promise.all(codes.map((code) => client.items.get(code).catch(() => undefined))),
      Promise.all(
        codes.map(
          async (code) =>
            (await client.stock.balancesPage({ item: code, warehouse: request.warehouse, limit: 500 })).items,
        ),
      ),
    ]);
    return {
      names: new Map(
        items.flatMap((item) => (item ? [[item.code, { name: item.name, uom: item.uom }] as const] : [])),
      ),
      balances: new Map(codes.map((code, n) => [code, balances[n] ?? []])),
    };
  });

  const own = user?.id === request.requester;
  const decides = (user?.roles ?? []).some((role) => DECIDERS.includes(role));
  const canDecide = request.status === 'pending' && decides && !own;
  const canWithdraw = own && (request.status === 'pending' || request.status === 'draft');

  return (
    <View className="sf-issue-requests">
      <PageHeader title={request.no ?? t('issuerequests.title')} />
      <View className="sf-section sf-issue-requests-head" id="ir-detail">
        <View className="sf-issue-requests-head__top">
          <View>
            <Text className="sf-issue-requests-head__label">{t('issuerequests.detail.workOrder')}</Text>
            <Text className="sf-issue-requests-head__wo">
              {request.workOrderNo ?? t('issuerequests.list.noWorkOrder')}
            </Text>
          </View>
          <StatusBadge status={request.status} large id="ir-status" />
        </View>
        <View className="sf-issue-requests-facts">
          <Fact
            label="issuerequests.detail.warehouse"
            value={
              request.warehouseName ? `${request.warehouseName} ${request.warehouse}` : request.warehouse
            }
          />
          <Fact label="issuerequests.detail.requester" value={request.requesterName ?? request.requester} />
          <Fact label="issuerequests.detail.created" value={shortTime(request.createdAt)} />
          {request.comment ? <Fact label="issuerequests.detail.comment" value={request.comment} /> : null}
        </View>
      </View>

      {request.emergency ? (
        <View id="ir-emergency-flag" className="sf-notice sf-issue-requests-emergency-notice">
          <Text className="sf-issue-requests-emergency__title">
            {t('issuerequests.emergency.posted', { time: shortTime(request.postedAt ?? request.createdAt) })}
          </Text>
          {request.status === 'pending' ? (
            <Text className="sf-issue-requests-hint">{t('issuerequests.emergency.afterwards')}</Text>
          ) : null}
        </View>
      ) : null}

      {done ? (
        <View
          id="ir-done"
          className={`sf-issue-requests-status sf-issue-requests-done sf-issue-requests-status--${done === 'approved' || done === 'partially-approved' ? 'sent' : 'pending'}`}
        >
          <Text className="sf-issue-requests-status__main">
            {done === 'cancelled'
              ? t('issuerequests.cancelled')
              : t('issuerequests.approve.done', { status: t(`issuerequests.status.${done}`) })}
          </Text>
        </View>
      ) : null}

      {overtaken ? (
        <Text id="ir-overtaken" className="sf-notice sf-notice--error">
          {errorMessage(overtaken)}
        </Text>
      ) : null}

      {own && request.status === 'pending' && decides ? (
        <Text className="sf-issue-requests-info" id="ir-own-notice">
          {t('issuerequests.approve.own')}
        </Text>
      ) : null}

      {canDecide ? (
        <Decision
          request={request}
          stock={stock.data}
          onDecided={(next) => {
            changed(next);
            setStockGeneration((n) => n + 1);
          }}
          onStockStale={() => setStockGeneration((n) => n + 1)}
          onRequestStale={(reason) => {
            setOvertaken(reason);
            void client.issueRequests.get(request.id).then(onChange, () => undefined);
          }}
        />
      ) : (
        <Lines request={request} stock={stock.data} stockError={stock.error} onRetry={stock.reload} />
      )}

      <History request={request} />

      {canWithdraw ? <Withdraw request={request} onChange={changed} /> : null}
    </View>
  );
}

function Fact({ label, value }: { label: MessageKey; value: string }) {
  return (
    <View className="sf-issue-requests-fact">
      <Text className="sf-issue-requests-fact__label">{t(label)}</Text>
      <Text className="sf-issue-requests-fact__value">{value}</Text>
    </View>
  );
}

/** The lines, read-only: requested, BOM need, issued before, on hand, approved. */
function Lines({
  request,
  stock,
  stockError,
  onRetry,
}: {
  request: IssueRequest;
  stock: Stock | undefined;
  stockError: unknown;
  onRetry(): void;
}) {
  return (
    <View className="sf-section">
      <View className="sf-section__head">
        <Text className="sf-section__title">{t('issuerequests.detail.lines')}</Text>
        <Text className="sf-section__count">{request.lines.length}</Text>
      </View>
      {stockError ? <LoadError error={stockError} onRetry={onRetry} /> : null}
      {request.lines.map((line) => (
        <LineCard key={line.line} line={line} stock={stock} />
      ))}
    </View>
  );
}

function LineCard({
  line,
  stock,
  aside,
  children,
}: {
  line: IssueRequestLine;
  stock: Stock | undefined;
  /** Beside the names (the approved-quantity input). */
  aside?: ReactNode;
  children?: ReactNode;
}) {
  const facts = stock?.names.get(line.item);
  const uom = facts?.uom ?? '';
  const onHand = stock ? sumBalances(stock.balances.get(line.item) ?? []) : undefined;
  const short = onHand !== undefined && onHand < line.qty;
  return (
    <View className="sf-issue-requests-line" id={`ir-line-${line.line}`}>
      <View className="sf-issue-requests-line__head">
        <Text className="sf-issue-requests-line__no">{line.line + 1}</Text>
        <View className="sf-issue-requests-line__names">
          <Text className="sf-issue-requests-line__name">{facts?.name ?? line.item}</Text>
          <Text className="sf-issue-requests-line__code">
            {line.item}
            {line.location ? (
              <>
                {' · '}
                <Text className="sf-issue-requests-nowrap">
                  {t('issuerequests.detail.source', { location: line.location })}
                </Text>
              </>
            ) : null}
            {line.lot ? (
              <>
                {' · '}
                <Text className="sf-issue-requests-nowrap">
                  {t('issuerequests.detail.lot', { lot: line.lot })}
                </Text>
              </>
            ) : null}
          </Text>
        </View>
        {aside}
      </View>
      {line.reason ? (
        <Text className="sf-issue-requests-line__reason">
          {t('issuerequests.detail.reason', { reason: line.reason })}
        </Text>
      ) : null}
      <View className="sf-issue-requests-figures">
        <Figure label={t('issuerequests.col.requested')} value={line.qty} uom={uom} tone="strong" />
        <Figure label={t('issuerequests.col.bom')} value={line.bomRequirement} uom={uom} />
        <Figure label={t('issuerequests.col.issued')} value={line.alreadyIssued} uom={uom} />
        <Figure
          label={t('issuerequests.col.onHand')}
          value={onHand}
          uom={uom}
          tone={short ? 'short' : undefined}
        />
      </View>
      {line.approvedQty !== undefined ? (
        <View
          className={`sf-issue-requests-line__approved${line.approvedQty < line.qty ? ' is-partial' : ''}`}
          id={`ir-approved-${line.line}`}
        >
          <Text>{t('issuerequests.col.approved')}</Text>
          <Text className="sf-issue-requests-line__approved-qty">
            {formatQty(line.approvedQty)} {uomLabel(uom)}
          </Text>
        </View>
      ) : null}
      {children}
    </View>
  );
}

type LocalProblem = { key: MessageKey; params?: Record<string, string | number> };

/** 审批: approved quantity per line (capped at the stock it leaves from), a comment, 批准 / 驳回. */
function Decision({
  request,
  stock,
  onDecided,
  onStockStale,
  onRequestStale,
}: {
  request: IssueRequest;
  stock: Stock | undefined;
  onDecided(next: IssueRequest): void;
  onStockStale(): void;
  onRequestStale(reason: unknown): void;
}) {
  const { client, session } = useServices();
  const [approved, setApproved] = useState<Map<number, string>>();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState<'approve' | 'reject'>();
  const [failure, setFailure] = useState<unknown>();
  const [problem, setProblem] = useState<LocalProblem>();

  // Defaults once the stock is known: as requested, capped at what the line's location/lot holds.
  // Later reloads (after a 409) keep what the approver typed.
  useEffect(() => {
    if (!stock || approved) return;
    setApproved(
      new Map(
        request.lines.map((line) => [
          line.line,
          String(defaultApproved(line.qty, sourceBalance(line, stock.balances.get(line.item) ?? []))),
        ]),
      ),
    );
  }, [stock, approved, request.lines]);

  const texts = approved ?? new Map<number, string>();
  const shortLines = stock
    ? request.lines.filter((line) => sourceBalance(line, stock.balances.get(line.item) ?? []) < line.qty)
        .length
    : 0;
  const check = approvalLines(request.lines, texts);

  const decide = async (verb: 'approve' | 'reject') => {
    setFailure(undefined);
    setProblem(undefined);
    const note = comment.trim();
    if (verb === 'reject' && !note) {
      setProblem({ key: 'issuerequests.approve.rejectNeedsComment' });
      return;
    }
    if (verb === 'approve' && !check.ok) {
      setProblem(problemOf(check));
      return;
    }
    setBusy(verb);
    try {
      const options = { idempotencyKey: randomUuid() };
      const next =
        verb === 'approve'
          ? await client.issueRequests.approve(
              request.id,
              {
                ...(check.ok && check.lines ? { lines: check.lines } : {}),
                ...(note ? { comment: note } : {}),
              },
              options,
            )
          : await client.issueRequests.reject(request.id, { comment: note }, options);
      notifyChanged('issue-requests');
      onDecided(next);
    } catch (error) {
      if (error instanceof AuthError) void session.clear();
      setFailure(error);
      // Decided by someone else meanwhile: nothing left to decide here, show the request as it is now.
      if (error instanceof ShopfloorError && error.problem?.type?.endsWith('/request-not-pending')) {
        onRequestStale(error);
        return;
      }
      // Insufficient stock: show the fresh numbers beside the inputs the approver keeps.
      if (error instanceof ShopfloorError && error.status === 409) onStockStale();
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <View className="sf-section sf-issue-requests-decision">
      <View className="sf-section__head">
        <Text className="sf-section__title">{t('issuerequests.detail.lines')}</Text>
        <View className="sf-issue-requests-head__counts">
          {shortLines > 0 ? (
            <Text className="sf-badge sf-badge--warning" id="ir-short-count">
              {t('issuerequests.approve.shortCount', { n: shortLines })}
            </Text>
          ) : null}
          <Text className="sf-section__count">{request.lines.length}</Text>
        </View>
      </View>
      {request.lines.map((line) => {
        const balances = stock?.balances.get(line.item) ?? [];
        const available = stock ? sourceBalance(line, balances) : undefined;
        const inWarehouse = stock ? sumBalances(balances) : undefined;
        const uom = stock?.names.get(line.item)?.uom ?? '';
        const value = texts.get(line.line) ?? '';
        const typed = parseQty(value);
        const over = available !== undefined && typed !== undefined && typed > available + 1e-9;
        const invalid = (!check.ok && check.line === line.line) || over;
        return (
          <LineCard
            key={line.line}
            line={line}
            stock={stock}
            aside={
              <View className="sf-issue-requests-line__aside">
                <Text className="sf-issue-requests-line__caption">{t('issuerequests.approve.qty')}</Text>
                <View className={`sf-issue-requests-qty${invalid ? ' is-invalid' : ''}`}>
                  <Input
                    id={`ir-qty-${line.line}`}
                    className="sf-issue-requests-qty__input"
                    type="digit"
                    value={value}
                    disabled={busy !== undefined}
                    onInput={(event) => {
                      const next = new Map(texts);
                      next.set(line.line, event.detail.value);
                      setApproved(next);
                    }}
                  />
                  <Text className="sf-issue-requests-qty__uom">{uomLabel(uom)}</Text>
                </View>
              </View>
            }
          >
            {available !== undefined && available < line.qty ? (
              <Text className="sf-issue-requests-warning" id={`ir-short-${line.line}`}>
                {available < (inWarehouse ?? 0)
                  ? t('issuerequests.approve.capped', { qty: `${formatQty(available)} ${uomLabel(uom)}` })
                  : t('issuerequests.approve.shortWarehouse', {
                      qty: `${formatQty(available)} ${uomLabel(uom)}`,
                    })}
                {over ? t('issuerequests.approve.over') : ''}
              </Text>
            ) : null}
            {typed !== undefined && typed < line.qty && !(available !== undefined && available < line.qty) ? (
              <Text className="sf-issue-requests-hint">
                {t('issuerequests.col.requested')} {formatQty(line.qty)} {uomLabel(uom)}
              </Text>
            ) : null}
          </LineCard>
        );
      })}

      <View className="sf-issue-requests-decision__form">
        <Text className="sf-issue-requests-approve__label">{t('issuerequests.approve.comment')}</Text>
        <Textarea
          id="ir-comment"
          className="sf-issue-requests-comment"
          value={comment}
          maxlength={500}
          placeholder={t('issuerequests.approve.commentPlaceholder')}
          onInput={(event) => setComment(event.detail.value)}
        />
        {failure ? (
          <View className="sf-issue-requests-alert" id="ir-error">
            <Text className="sf-issue-requests-alert__title">
              {t('issuerequests.approve.failed')}
              {failure instanceof ShopfloorError && failure.status ? `（${failure.status}）` : ''}
            </Text>
            <Text className="sf-issue-requests-alert__detail">{errorMessage(failure)}</Text>
          </View>
        ) : null}
        {problem ? (
          <Text className="sf-issue-requests-alert sf-issue-requests-alert__detail" id="ir-problem">
            {t(problem.key, problem.params)}
          </Text>
        ) : null}
        {check.ok && check.partial ? (
          <Text className="sf-issue-requests-hint">{t('issuerequests.approve.partialHint')}</Text>
        ) : null}
        <View className="sf-issue-requests-actions">
          <Button
            id="ir-reject"
            className="sf-button sf-issue-requests-reject"
            disabled={busy !== undefined}
            onClick={() => void decide('reject')}
          >
            {busy === 'reject' ? t('issuerequests.approve.working') : t('issuerequests.approve.reject')}
          </Button>
          <Button
            id="ir-approve"
            className="sf-button sf-button--primary sf-issue-requests-approve-button"
            disabled={busy !== undefined || !approved}
            onClick={() => void decide('approve')}
          >
            {busy === 'approve'
              ? t('issuerequests.approve.working')
              : check.ok && check.partial
                ? t('issuerequests.approve.approvePartial')
                : t('issuerequests.approve.approve')}
          </Button>
        </View>
      </View>
    </View>
  );
}

function problemOf(check: Exclude<ReturnType<typeof approvalLines>, { ok: true }>): LocalProblem {
  const n = (check.line ?? 0) + 1;
  switch (check.problem) {
    case 'qty-invalid':
      return { key: 'issuerequests.approve.qtyInvalid', params: { n } };
    case 'above-requested':
      return { key: 'issuerequests.approve.aboveRequested', params: { n } };
    default:
      return { key: 'issuerequests.approve.allZero' };
  }
}

function History({ request }: { request: IssueRequest }) {
  if (request.approvals.length === 0 && request.status === 'pending') return null;
  return (
    <View className="sf-section" id="ir-history">
      <View className="sf-section__head">
        <Text className="sf-section__title">{t('issuerequests.history.title')}</Text>
      </View>
      {request.approvals.length === 0 ? (
        <Text className="sf-empty">{t('issuerequests.history.empty')}</Text>
      ) : null}
      {request.approvals.map((approval) => (
        <View key={`${approval.approver}:${approval.at}`} className="sf-row sf-issue-requests-approval">
          <View className="sf-row__main">
            <Text className="sf-row__title">{approval.approverName ?? approval.approver}</Text>
            <Text className="sf-row__sub">
              {shortTime(approval.at)}
              {approval.lines.length > 0
                ? ` · ${t('issuerequests.history.lines', { n: approval.lines.filter((l) => l.qty > 0).length })}`
                : ''}
            </Text>
            {approval.comment ? (
              <Text className="sf-issue-requests-approval__comment">“{approval.comment}”</Text>
            ) : null}
          </View>
          <StatusBadge status={approval.decision} />
        </View>
      ))}
    </View>
  );
}

/** 撤回: the requester takes back a pending request; a second tap confirms. */
function Withdraw({ request, onChange }: { request: IssueRequest; onChange(next: IssueRequest): void }) {
  const { client } = useServices();
  const [armed, setArmed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const withdraw = async () => {
    if (!armed) {
      setArmed(true);
      return;
    }
    setBusy(true);
    setFailure(undefined);
    try {
      // No SDK method yet: the client's typed low-level request, validated like the others.
      const next = await client.request({
        method: 'POST',
        path: `/issue-requests/${encodeURIComponent(request.id)}/cancel`,
        idempotencyKey: randomUuid(),
        schema: IssueRequestSchema,
      });
      notifyChanged('issue-requests');
      onChange(next);
    } catch (error) {
      setFailure(error);
      setArmed(false);
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className="sf-issue-requests-withdraw">
      {failure ? (
        <View className="sf-issue-requests-alert" id="ir-error">
          <Text className="sf-issue-requests-alert__detail">{errorMessage(failure)}</Text>
        </View>
      ) : null}
      <Button
        id="ir-cancel"
        className={`sf-button sf-issue-requests-reject${armed ? ' is-armed' : ''}`}
        disabled={busy}
        onClick={() => void withdraw()}
      >
        {busy
          ? t('issuerequests.approve.working')
          : armed
            ? t('issuerequests.cancelConfirm')
            : t('issuerequests.cancel')}
      </Button>
    </View>
  );
}
