import {
  type IssueRequestInput,
  IssueRequestInput as IssueRequestInputSchema,
  PlatformError,
  parseOperationQr,
  type StockBalance,
  validate,
  type WorkOrder,
} from '@shopfloor/sdk';
import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useMemo, useRef, useState } from 'react';
import { errorMessage } from '../../components/error-message';
import { LoadError } from '../../components/Screen';
import { useQuery } from '../../hooks/use-query';
import { useScanWedge } from '../../hooks/use-scan-wedge';
import { useWorkshops } from '../../hooks/use-workshop-names';
import { type MessageKey, t } from '../../i18n/i18n';
import { useOnline, useOutboxState, useServices, useSession } from '../../services/services-context';
import {
  buildRequestLines,
  checkRows,
  defaultWarehouse,
  formatQty,
  type MaterialRow,
  mapLineErrors,
  materialRows,
  mayPostEmergency,
  onHandIn,
  type ProblemCode,
  parseQty,
  type RowInput,
  type RowProblems,
  warehouseCounts,
} from './logic';
import { Figure, openPage, PageHeader, uomLabel } from './parts';

/** 新建领料: pick (or scan) a work order, then the prefilled form. */
export function CreateRequest({ workOrderNo }: { workOrderNo?: string }) {
  const [chosen, setChosen] = useState(workOrderNo);
  return (
    <View className="sf-issue-requests">
      <PageHeader title={t('issuerequests.create.title')} />
      {chosen ? (
        <RequestForm key={chosen} workOrderNo={chosen} onChangeOrder={() => setChosen(undefined)} />
      ) : (
        <PickWorkOrder onPick={setChosen} />
      )}
    </View>
  );
}

// ─── the work order ──────────────────────────────────────────────────────────────────────────

function PickWorkOrder({ onPick }: { onPick(no: string): void }) {
  const { client, platform } = useServices();
  const session = useSession();
  // Operators see the work orders of their workshops (the server refuses the others' materials).
  const workshops =
    session?.user.roles.includes('operator') &&
    !session.user.roles.some((role) => role === 'planner' || role === 'storekeeper')
      ? (session.user.scopes?.workshops ?? [])
      : [];
  const query = useQuery(`ir-orders:${workshops.join(',')}`, async () => {
    const scopes = workshops.length > 0 ? workshops : [undefined];
    const pages = await Promise.all(
      scopes.flatMap((workshop) =>
        (['in-progress', 'released'] as const).map((status) =>
          client.workOrders.listPage({ status, workshop, limit: 100 }),
        ),
      ),
    );
    const byNo = new Map<string, WorkOrder>();
    for (const order of pages.flatMap((page) => page.items)) byNo.set(order.no, order);
    return [...byNo.values()].sort((a, b) => a.due.localeCompare(b.due) || a.no.localeCompare(b.no));
  });

  // A PDA's scanner types the operation code and Enter: the work order is picked without the tap.
  useScanWedge((code) => {
    try {
      onPick(parseOperationQr(code).workOrderNo);
    } catch (error) {
      platform.toast(errorMessage(error), 'error');
    }
  });
  const scan = async () => {
    try {
      const { workOrderNo } = parseOperationQr(await platform.scan());
      onPick(workOrderNo);
    } catch (error) {
      if (error instanceof PlatformError && error.code === 'CANCELLED') return;
      platform.toast(errorMessage(error), 'error');
    }
  };

  const orders = query.data;
  return (
    <>
      <Button id="ir-scan" className="sf-button sf-button--scan" onClick={() => void scan()}>
        <Text className="sf-button__icon">扫</Text>
        <View className="sf-button__text">
          <Text className="sf-button__main">{t('issuerequests.create.scan')}</Text>
          <Text className="sf-button__sub">{t('issuerequests.create.scanHint')}</Text>
        </View>
      </Button>
      <View className="sf-section" id="ir-orders">
        <View className="sf-section__head">
          <Text className="sf-section__title">{t('issuerequests.create.pickWorkOrder')}</Text>
          {orders ? <Text className="sf-section__count">{orders.length}</Text> : null}
        </View>
        {query.error ? <LoadError error={query.error} onRetry={query.reload} /> : null}
        {!orders && query.loading ? <Text className="sf-muted">{t('common.loading')}</Text> : null}
        {orders && orders.length === 0 ? (
          <Text className="sf-empty">{t('issuerequests.create.noWorkOrders')}</Text>
        ) : null}
        {orders?.map((order) => (
          <View key={order.no} id={`ir-wo-${order.no}`} className="sf-row" onClick={() => onPick(order.no)}>
            <View className="sf-row__main">
              <Text className="sf-row__title">{order.no}</Text>
              <Text className="sf-row__sub">
                {t('issuerequests.create.orderItem', { item: order.item, qty: order.qty })} ·{' '}
                <Text className="sf-issue-requests-nowrap">{t('home.due', { date: order.due })}</Text>
              </Text>
            </View>
            <Text
              className={`sf-badge sf-badge--${order.status === 'in-progress' ? 'in-progress' : 'ready'}`}
            >
              {t(
                order.status === 'in-progress' ? 'issuerequests.wo.in-progress' : 'issuerequests.wo.released',
              )}
            </Text>
            <Text className="sf-row__chevron">›</Text>
          </View>
        ))}
      </View>
    </>
  );
}

// ─── the form ────────────────────────────────────────────────────────────────────────────────

type Phase =
  | { kind: 'editing' }
  | { kind: 'saving' }
  | { kind: 'waiting'; entryId: string; since: number }
  | { kind: 'sent' }
  | { kind: 'queued' }
  | { kind: 'refused'; entryId: string; detail: string; general: string[]; onRows: boolean };

interface StockState {
  warehouse: string;
  balances?: Map<string, StockBalance[]>;
  error?: unknown;
}

function RequestForm({ workOrderNo, onChangeOrder }: { workOrderNo: string; onChangeOrder(): void }) {
  const { client, outbox } = useServices();
  const session = useSession();
  const online = useOnline();
  const outboxState = useOutboxState();
  const materials = useQuery(`ir-materials:${workOrderNo}`, () => client.workOrders.materials(workOrderNo));
  const names = useQuery('ir-warehouses', async () => {
    // Reference data without an SDK method: names for the warehouse buttons, optional.
    const answer = (await client.request({ method: 'GET', path: '/warehouses' })) as {
      items?: { code: string; name: string }[];
    };
    return new Map((answer.items ?? []).map((house) => [house.code, house.name]));
  });

  // Requests for this work order still waiting for approval: their material is not "issued" yet,
  // so the prefill would ask for it again.
  const waiting = useQuery(`ir-waiting:${workOrderNo}`, async () => {
    const page = await client.issueRequests.listPage({ workOrderNo, status: 'pending', limit: 50 });
    return page.items.length;
  });
  const rows = useMemo(() => materialRows(materials.data?.lines ?? []), [materials.data]);
  const [inputs, setInputs] = useState<RowInput[]>();
  const [warehouse, setWarehouse] = useState<string>();
  // 紧急领料: only where this user may post one (a storekeeper of the warehouse, an admin, a
  // supervisor of a workshop the work order runs through).
  const [emergencyAsked, setEmergency] = useState(false);
  const workshops = useWorkshops(client);
  const order = useQuery(`ir-order:${workOrderNo}`, () => client.workOrders.get(workOrderNo));
  const supervisors = (order.data?.operations ?? []).map((op) => workshops.get(op.workshop)?.supervisor);
  const mayEmergency = mayPostEmergency(session?.user, warehouse, supervisors);
  const emergency = emergencyAsked && mayEmergency;
  const [stock, setStock] = useState<StockState>();
  const [phase, setPhase] = useState<Phase>({ kind: 'editing' });
  const [localProblems, setLocalProblems] = useState<Map<number, RowProblems>>(new Map());
  const [serverProblems, setServerProblems] = useState<Map<number, RowProblems>>(new Map());
  const [notice, setNotice] = useState<MessageKey | string>();
  const lineToRow = useRef<number[]>([]);

  // Prefill once the materials are in: remaining qty, nothing ticked (a tap per line wanted, or
  // 全选剩余 once), the warehouse holding most of the bought parts.
  useEffect(() => {
    if (!materials.data || inputs) return;
    setInputs(rows.map((row) => ({ include: false, qtyText: String(row.remaining), reason: '' })));
    setWarehouse(defaultWarehouse(rows));
  }, [materials.data, inputs, rows]);

  // Where each line is taken from: the balances (location, lot) of the chosen warehouse, read now
  // so that the request can still be saved when the network drops before "submit".
  useEffect(() => {
    if (!warehouse) return;
    let live = true;
    setStock({ warehouse });
    const held = rows.filter((row) => onHandIn(row, warehouse) > 0);
    Promise.all(
      held.map(
        async (row) =>
          [
            row.item,
            (await client.stock.balancesPage({ item: row.item, warehouse, limit: 500 })).items,
          ] as const,
      ),
    ).then(
      (pairs) => live && setStock({ warehouse, balances: new Map(pairs) }),
      (error: unknown) => live && setStock({ warehouse, error }),
    );
    return () => {
      live = false;
    };
  }, [warehouse, rows, client]);

  // The outcome of the saved request, from the outbox: sent, still waiting (offline), or refused.
  useEffect(() => {
    if (phase.kind !== 'waiting') return;
    let live = true;
    const refused = outboxState.deadLetters.find((entry) => entry.id === phase.entryId);
    if (refused) {
      const mapped = mapLineErrors(refused.reason.errors, lineToRow.current);
      setServerProblems(mapped.rows);
      if (mapped.rows.size > 0) showRow(Math.min(...mapped.rows.keys()));
      setPhase({
        kind: 'refused',
        entryId: refused.id,
        detail: refused.reason.detail ?? refused.reason.title ?? refused.reason.message,
        general: mapped.general,
        onRows: mapped.rows.size > 0,
      });
      return;
    }
    void outbox.list().then((entries) => {
      if (!live) return;
      const mine = entries.find((entry) => entry.id === phase.entryId);
      if (!mine) setPhase({ kind: 'sent' });
      else if (!online || mine.lastError || Date.now() - phase.since > 4000) setPhase({ kind: 'queued' });
    });
    // Re-check after a while even if the outbox stays quiet (a slow network).
    const timer = setTimeout(() => live && setPhase((p) => (p.kind === 'waiting' ? { ...p } : p)), 4200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [phase, outboxState, outbox, online]);

  // Saved: on to the list (after the person has seen which of the two it was).
  useEffect(() => {
    if (phase.kind !== 'sent' && phase.kind !== 'queued') return;
    const timer = setTimeout(() => openPage({ tab: 'mine' }), phase.kind === 'sent' ? 1200 : 1800);
    return () => clearTimeout(timer);
  }, [phase.kind]);

  if (!materials.data || !inputs) {
    return (
      <>
        <OrderCard workOrderNo={workOrderNo} onChange={onChangeOrder} />
        {materials.error ? <LoadError error={materials.error} onRetry={materials.reload} /> : null}
        {materials.loading ? <Text className="sf-muted">{t('common.loading')}</Text> : null}
      </>
    );
  }

  const hasStock = (n: number) => onHandIn(rows[n]!, warehouse) > 0;
  const effective = inputs.map((input, n) => ({ ...input, include: input.include && hasStock(n) }));
  const count = effective.filter((input) => input.include).length;
  const locked =
    phase.kind === 'saving' || phase.kind === 'waiting' || phase.kind === 'sent' || phase.kind === 'queued';
  const houses = warehouseCounts(rows, () => true);

  const edit = (n: number, change: Partial<RowInput>) => {
    setInputs(inputs.map((input, k) => (k === n ? { ...input, ...change } : input)));
    // A changed row is the person's answer to its problems: clear them.
    const clear = (map: Map<number, RowProblems>) => {
      if (!map.has(n)) return map;
      const next = new Map(map);
      next.delete(n);
      return next;
    };
    setLocalProblems(clear);
    setServerProblems(clear);
  };

  const submit = async () => {
    setNotice(undefined);
    setServerProblems(new Map());
    if (!warehouse) return;
    if (count === 0) {
      setNotice('issuerequests.create.nothingIncluded');
      return;
    }
    const checked = checkRows(rows, effective, warehouse);
    const problems = new Map<number, RowProblems>();
    for (const [n, problem] of checked) {
      problems.set(n, {
        ...(problem.qty ? { qty: t(problemText(problem.qty)) } : {}),
        ...(problem.reason ? { reason: t(problemText(problem.reason)) } : {}),
      });
    }
    setLocalProblems(problems);
    if (problems.size > 0) {
      setNotice('issuerequests.create.fix');
      showRow(Math.min(...problems.keys()));
      return;
    }
    if (!stock?.balances || stock.warehouse !== warehouse) {
      setNotice(
        stock?.error
          ? t('issuerequests.create.stockFailed', { detail: errorMessage(stock.error) })
          : 'issuerequests.create.stockLoading',
      );
      return;
    }
    const built = buildRequestLines(rows, effective, stock.balances);
    if (built.unplaced.length > 0) {
      setLocalProblems(
        new Map(built.unplaced.map((n) => [n, { qty: t('issuerequests.create.noStockError') }])),
      );
      setNotice('issuerequests.create.fix');
      return;
    }
    let body: IssueRequestInput;
    try {
      body = validate(
        IssueRequestInputSchema,
        { kind: 'issue', warehouse, workOrderNo, lines: built.lines, ...(emergency ? { emergency } : {}) },
        '领料',
      );
    } catch (error) {
      setNotice(errorMessage(error));
      return;
    }
    lineToRow.current = built.lineToRow;
    setPhase({ kind: 'saving' });
    try {
      // A refused request is corrected in place: the outbox resends it (a new key for a new body).
      const entry =
        phase.kind === 'refused'
          ? await outbox.resend(phase.entryId, body)
          : await outbox.enqueue({
              kind: 'issue-request',
              method: 'POST',
              path: '/issue-requests',
              body,
              orderKey: workOrderNo,
              owner: session?.user.id,
              label: `${emergency ? '紧急领料' : '领料'} ${workOrderNo}`,
            });
      setPhase({ kind: 'waiting', entryId: entry.id, since: Date.now() });
    } catch (error) {
      setPhase({ kind: 'editing' });
      setNotice(errorMessage(error));
    }
  };

  return (
    <>
      <OrderCard
        workOrderNo={workOrderNo}
        detail={t('issuerequests.create.orderItem', { item: materials.data.item, qty: materials.data.qty })}
        onChange={locked ? undefined : onChangeOrder}
      />

      {waiting.data ? (
        <Text className="sf-issue-requests-warning sf-issue-requests-waiting" id="ir-waiting">
          {t('issuerequests.create.waiting', { n: waiting.data })}
        </Text>
      ) : null}

      {rows.length === 0 ? (
        <Text className="sf-empty sf-section" id="ir-nothing-left">
          {t('issuerequests.create.nothingLeft')}
        </Text>
      ) : (
        <>
          <View className="sf-section sf-issue-requests-houses">
            <View className="sf-section__head">
              <Text className="sf-section__title">{t('issuerequests.create.warehouse')}</Text>
            </View>
            {houses.length === 0 ? (
              <Text className="sf-empty">{t('issuerequests.create.warehouseNone')}</Text>
            ) : (
              <View className="sf-issue-requests-house-list">
                {houses.map((house) => (
                  <View
                    key={house.warehouse}
                    id={`ir-wh-${house.warehouse}`}
                    className={`sf-issue-requests-house${house.warehouse === warehouse ? ' is-active' : ''}`}
                    onClick={() => !locked && setWarehouse(house.warehouse)}
                  >
                    <Text className="sf-issue-requests-house__code">{house.warehouse}</Text>
                    <Text className="sf-issue-requests-house__name">
                      {names.data?.get(house.warehouse) ?? ''}
                    </Text>
                    <Text className="sf-issue-requests-house__count">
                      {t('issuerequests.create.warehouseHolds', { n: house.lines })}
                    </Text>
                  </View>
                ))}
              </View>
            )}
          </View>

          <View className="sf-section" id="ir-materials">
            <View className="sf-section__head">
              <Text className="sf-section__title">{t('issuerequests.create.materials')}</Text>
              <Text className="sf-section__count">{count}</Text>
              {locked ? null : (
                <Text
                  id="ir-all"
                  className="sf-link sf-issue-requests-all"
                  onClick={() => {
                    const all = count < rows.filter((_, n) => hasStock(n)).length;
                    setInputs(inputs.map((input, n) => ({ ...input, include: all && hasStock(n) })));
                  }}
                >
                  {count < rows.filter((_, n) => hasStock(n)).length
                    ? t('issuerequests.create.all')
                    : t('issuerequests.create.none')}
                </Text>
              )}
            </View>
            <Text className="sf-issue-requests-hint sf-issue-requests-hint--pad">
              {t('issuerequests.create.materialsHint')}
            </Text>
            {rows.map((row, n) => (
              <MaterialLine
                key={row.item}
                n={n}
                row={row}
                input={inputs[n]!}
                included={effective[n]!.include}
                onHand={onHandIn(row, warehouse)}
                problems={{ ...localProblems.get(n), ...serverProblems.get(n) }}
                locked={locked}
                onEdit={(change) => edit(n, change)}
              />
            ))}
          </View>
        </>
      )}

      {mayEmergency && rows.length > 0 ? (
        <View
          id="ir-emergency"
          className={`sf-section sf-issue-requests-emergency${emergency ? ' is-on' : ''}`}
          onClick={() => !locked && setEmergency(!emergencyAsked)}
        >
          <View className="sf-issue-requests-emergency__text">
            <Text className="sf-issue-requests-emergency__title">{t('issuerequests.emergency.switch')}</Text>
            <Text className="sf-issue-requests-hint">{t('issuerequests.emergency.switchHint')}</Text>
          </View>
          <View className="sf-issue-requests-toggle">
            <View className="sf-issue-requests-toggle__knob" />
          </View>
        </View>
      ) : null}

      <View className="sf-issue-requests-submitbar">
        <SubmitStatus phase={phase} notice={notice} pending={outboxState.pending} />
        {rows.length > 0 ? (
          <Button
            id="ir-submit"
            className="sf-button sf-button--primary sf-issue-requests-submit"
            disabled={locked || count === 0}
            onClick={() => void submit()}
          >
            {phase.kind === 'saving'
              ? t('issuerequests.create.saving')
              : t(emergency ? 'issuerequests.emergency.submit' : 'issuerequests.create.submit', { n: count })}
          </Button>
        ) : null}
      </View>
    </>
  );
}

/** Brings a row the person has to fix into view (above the sticky submit bar). */
function showRow(n: number) {
  setTimeout(() => {
    void Taro.pageScrollTo({ selector: `#ir-line-${n}`, duration: 200, offsetTop: -120 }).catch(
      () => undefined,
    );
  }, 50);
}

function problemText(code: ProblemCode): MessageKey {
  switch (code) {
    case 'qty-invalid':
      return 'issuerequests.create.qtyInvalid';
    case 'reason-required':
      return 'issuerequests.create.reasonRequired';
    default:
      return 'issuerequests.create.noStockError';
  }
}

function OrderCard({
  workOrderNo,
  detail,
  onChange,
}: {
  workOrderNo: string;
  detail?: string;
  onChange?: () => void;
}) {
  return (
    <View className="sf-section sf-issue-requests-order" id="ir-order">
      <View className="sf-row__main">
        <Text className="sf-issue-requests-head__label">{t('issuerequests.detail.workOrder')}</Text>
        <Text className="sf-issue-requests-head__wo">{workOrderNo}</Text>
        {detail ? <Text className="sf-row__sub">{detail}</Text> : null}
      </View>
      {onChange ? (
        <Button id="ir-change-wo" className="sf-button sf-button--small" onClick={onChange}>
          {t('issuerequests.create.change')}
        </Button>
      ) : null}
    </View>
  );
}

function MaterialLine({
  n,
  row,
  input,
  included,
  onHand,
  problems,
  locked,
  onEdit,
}: {
  n: number;
  row: MaterialRow;
  input: RowInput;
  included: boolean;
  onHand: number;
  problems: RowProblems;
  locked: boolean;
  onEdit(change: Partial<RowInput>): void;
}) {
  const noStock = onHand <= 0;
  const qty = parseQty(input.qtyText);
  const above = qty !== undefined && qty > row.remaining + 1e-9;
  const short = !noStock && qty !== undefined && qty > onHand;
  const invalid = Boolean(problems.qty || problems.reason || problems.other);
  const toggle = () => {
    if (!locked && !noStock) onEdit({ include: !input.include });
  };
  return (
    <View
      id={`ir-line-${n}`}
      className={`sf-issue-requests-mat${included ? '' : ' is-off'}${invalid ? ' is-invalid' : ''}`}
    >
      <View className="sf-issue-requests-mat__head">
        <View
          id={`ir-include-${n}`}
          className={`sf-issue-requests-check${included ? ' is-on' : ''}${noStock ? ' is-disabled' : ''}`}
          onClick={toggle}
        >
          {included ? '✓' : ''}
        </View>
        <View className="sf-issue-requests-line__names" onClick={toggle}>
          <Text className="sf-issue-requests-line__name">{row.name}</Text>
          <Text className="sf-issue-requests-line__code">
            {row.item}{' '}
            <Text className={`sf-issue-requests-type sf-issue-requests-type--${row.type}`}>
              {t(row.type === 'buy' ? 'issuerequests.create.type.buy' : 'issuerequests.create.type.make')}
            </Text>
          </Text>
        </View>
        {included ? (
          <View className={`sf-issue-requests-qty${problems.qty ? ' is-invalid' : ''}`}>
            <Input
              id={`ir-qty-${n}`}
              className="sf-issue-requests-qty__input"
              type="digit"
              value={input.qtyText}
              disabled={locked}
              onInput={(event) => onEdit({ qtyText: event.detail.value })}
            />
            <Text className="sf-issue-requests-qty__uom">{uomLabel(row.uom)}</Text>
          </View>
        ) : null}
      </View>
      <View className="sf-issue-requests-figures">
        <Figure label={t('issuerequests.col.required')} value={row.required} uom={row.uom} />
        <Figure label={t('issuerequests.col.issued')} value={row.issued} uom={row.uom} />
        <Figure label={t('issuerequests.col.remaining')} value={row.remaining} uom={row.uom} tone="strong" />
        <Figure
          label={t('issuerequests.col.onHand')}
          value={onHand}
          uom={row.uom}
          tone={noStock || onHand < row.remaining ? 'short' : undefined}
        />
      </View>
      <View className="sf-issue-requests-mat__notes">
        {noStock ? (
          <Text className="sf-issue-requests-hint sf-issue-requests-hint--line">
            {t('issuerequests.create.noStock')}
          </Text>
        ) : null}
        {included && problems.qty ? <RowError id={`ir-qty-error-${n}`} text={problems.qty} /> : null}
        {included && problems.other ? <RowError id={`ir-line-error-${n}`} text={problems.other} /> : null}
        {included && short ? (
          <Text className="sf-issue-requests-warning">
            {t('issuerequests.create.short', { qty: `${formatQty(onHand)} ${uomLabel(row.uom)}` })}
          </Text>
        ) : null}
        {included && (above || problems.reason || input.reason) ? (
          <View className="sf-issue-requests-reason">
            <Text className="sf-issue-requests-approve__label">{t('issuerequests.create.reason')}</Text>
            <Input
              id={`ir-reason-${n}`}
              className={`sf-input sf-issue-requests-reason__input${problems.reason ? ' is-invalid' : ''}`}
              value={input.reason}
              maxlength={200}
              disabled={locked}
              placeholder={t('issuerequests.create.reasonPlaceholder')}
              onInput={(event) => onEdit({ reason: event.detail.value })}
            />
            {problems.reason ? <RowError id={`ir-reason-error-${n}`} text={problems.reason} /> : null}
          </View>
        ) : null}
      </View>
    </View>
  );
}

function RowError({ id, text }: { id: string; text: string }) {
  return (
    <Text id={id} className="sf-issue-requests-row-error">
      {text}
    </Text>
  );
}

function SubmitStatus({
  phase,
  notice,
  pending,
}: {
  phase: Phase;
  notice: MessageKey | string | undefined;
  pending: number;
}) {
  const text = (value: string) => (value.startsWith('issuerequests.') ? t(value as MessageKey) : value);
  switch (phase.kind) {
    case 'saving':
    case 'waiting':
      return (
        <Text className="sf-issue-requests-status sf-issue-requests-status--pending" id="ir-submit-status">
          {t('issuerequests.create.saving')}
        </Text>
      );
    case 'queued':
      return (
        <View className="sf-issue-requests-status sf-issue-requests-status--pending" id="ir-submit-status">
          <Text className="sf-issue-requests-status__main">{t('issuerequests.create.saved')}</Text>
          <Text className="sf-issue-requests-status__sub">
            {t('issuerequests.create.savedHint')} · {t('status.pending', { n: pending })}
          </Text>
        </View>
      );
    case 'sent':
      return (
        <View className="sf-issue-requests-status sf-issue-requests-status--sent" id="ir-submit-status">
          <Text className="sf-issue-requests-status__main">{t('issuerequests.create.sent')}</Text>
          <Text className="sf-issue-requests-status__sub">{t('issuerequests.create.sentHint')}</Text>
        </View>
      );
    case 'refused':
      return (
        <View className="sf-issue-requests-alert" id="ir-error">
          <Text className="sf-issue-requests-alert__title">{t('issuerequests.create.refusedTitle')}</Text>
          <Text className="sf-issue-requests-alert__detail">
            {phase.general.length > 0
              ? phase.general.join('；')
              : phase.onRows
                ? t('issuerequests.create.fix')
                : phase.detail}
          </Text>
        </View>
      );
    default:
      return notice ? (
        <Text className="sf-issue-requests-alert sf-issue-requests-alert__detail" id="ir-notice">
          {text(notice)}
        </Text>
      ) : null;
  }
}
