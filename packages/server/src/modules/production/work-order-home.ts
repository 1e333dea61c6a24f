import type { WorkOrder, WorkOrderQuery } from '@shopfloor/sdk';
import type { Context } from 'hono';
import type { OperationStatus, WorkOrderStatus } from '../../db/schema.js';
import type { AppDeps } from '../../deps.js';
import { badRequest } from '../../http/problem.js';
import type { Db } from '../../http/route.js';
import type { Principal } from '../../http/session.js';
import { sendSharedAnswer } from '../../http/shared-answer-cache.js';
import { type Readiness, readinessOf } from './readiness.js';
import { checkSharedPage } from './work-order-board-cache.js';
import { type HomeRead, homeAnswers, parseSnapshot, sameData } from './work-order-home-cache.js';
import { firstOfEachStatus, type HomeOrder, homeOrdersShown } from './work-order-store.js';
import { displayStatus, toWorkOrderShown } from './work-order-view.js';

/** The home page lists operations planned to start within this long (the app's 今日工序 horizon). */
export const HOME_HORIZON_MS = 7 * 24 * 3600_000;

/** The orders whose operations the home lists; on hold too, so the operator sees 暂停 on them. */
export const HOME_STATUSES = ['in-progress', 'released', 'on-hold'] as const;

/** At most this many operations a `view=home` answer: the home shows 10, then 10 more a tap. */
export const HOME_OPERATIONS = 30;

/**
 * `view=home`: of one page (the first `limit` by due) of each of HOME_STATUSES — or of `status` —
 * the first HOME_OPERATIONS operations the home page lists, in its order, each order carrying only
 * those; orders left without are left out, and there is no cursor. The home page asked three pages
 * of 50 orders with ~1,000 operations (400 kB) to show 10: their rows, JSON and GC were its server
 * CPU under load. Which operations are listed is judged in SQL (firstOfEachStatus); 齐套 first only
 * for orders whose first operation it can move (startable), then for those sent; progress on all.
 * Callers asking the same (org, status, workshop, limit, the caller's workshops, today) share an
 * answer while the database holds the same data and no planned start crosses the horizon
 * (work-order-home-cache.ts): a home the plant's data has not moved since is one cheap statement.
 */
export async function homeWorkOrders(
  c: Context,
  db: Db,
  deps: AppDeps,
  user: Principal,
  query: WorkOrderQuery,
  scope: readonly string[] | null,
  today: string,
): Promise<Response> {
  if (query.cursor || query.item || query.dueBefore)
    throw badRequest('view=home takes status, workshop and limit only', [{ path: 'view', message: 'home' }]);
  const horizon = deps.clock.now().getTime() + HOME_HORIZON_MS;
  // Everything the answer depends on besides the data and the horizon: not the caller himself.
  const key = JSON.stringify([
    user.orgId,
    query.status ?? null,
    query.workshop ?? null,
    query.limit ?? 50,
    scope ? [...scope].sort() : null,
    today,
  ]);
  const answer = await homeAnswers(deps).answer(db, key, horizon, async () => {
    const read = await readHome(db, deps, user.orgId, query, scope, today, horizon);
    checkSharedPage(deps, '/work-orders?view=home', read.page);
    return read;
  });
  // As the board's: the JSON and its gzip made once, an ETag (If-None-Match: 304).
  return sendSharedAnswer(c, answer);
}

/** The home answer read from the database, with the snapshot and horizons it holds for. */
export async function readHome(
  db: Db,
  deps: AppDeps,
  orgId: string,
  query: WorkOrderQuery,
  scope: readonly string[] | null,
  today: string,
  horizonMs: number,
): Promise<HomeRead> {
  // Without a status, the three the home lists, each its own page (as three requests had them).
  const statuses = query.status ? [query.status] : HOME_STATUSES;
  const scopes = [query.workshop ? [query.workshop] : null, scope].filter((s) => s !== null);
  const horizon = new Date(horizonMs);
  const { orders, issued, bomRevision, snapshot, lastStart, nextStart } = await firstOfEachStatus(
    db,
    orgId,
    statuses,
    query.limit ?? 50,
    scopes,
    scope,
    horizon,
  );
  // The first operation is listed when the first listed has none before it (good_qty is not null).
  const firstListed = (order: HomeOrder) => order.listed[0]?.previous_good === null;
  // 齐套 sits on the first operation and moves it from group 0 to 1 only when it is startable:
  // judged first for those alone (their issues came with the listing), then for the orders sent
  // whose first operation is sent too (held ones: a statement of their own, when any).
  const startable = (order: HomeOrder) =>
    firstListed(order) &&
    homeRank(order.wo.status, displayStatus(order.wo.status, order.listed[0]!, undefined), undefined) === 0;
  const judged = (some: HomeOrder[]) =>
    some.map(({ wo, listed, lastGood }) => ({ wo, first: listed[0]!, reported: lastGood }));
  const bom = orders.some(firstListed)
    ? await deps.services.boms.compiled(db, orgId, bomRevision)
    : undefined;
  const ready = bom
    ? await readinessOf(db, bom, orgId, judged(orders.filter(startable)), today, issued)
    : new Map<string, Readiness>();
  const candidates: Candidate[] = [];
  orders.forEach(({ wo, listed }, order) => {
    const readiness = ready.get(wo.no);
    for (const op of listed) {
      candidates.push({
        order,
        seq: op.seq,
        rank: homeRank(
          wo.status,
          displayStatus(
            wo.status,
            op,
            op.previous_good === null ? undefined : { good_qty: op.previous_good },
          ),
          readiness?.seq === op.seq ? readiness.material : undefined,
        ),
        key: op.planned_start ?? `${wo.due}T99`,
      });
    }
  });
  // Plain code-unit order, not localeCompare (ICU, per comparison): the keys are one format (ISO date-times at +08:00, or a due day + 'T99'), so two keys first differ at a digit,
  // where both orders agree. The sort is stable: ties keep the pages' order, as the app's do.
  const chosen = candidates
    .sort((a, b) => a.rank - b.rank || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) || a.seq - b.seq)
    .slice(0, HOME_OPERATIONS);
  // The seqs shown of each order sent; the orders in the pages' order (the answer's order).
  const seqs = new Map<number, number[]>();
  for (const { order, seq } of chosen) {
    const some = seqs.get(order);
    if (some) some.push(seq);
    else seqs.set(order, [seq]);
  }
  const sent = [...seqs.keys()].sort((a, b) => a - b);
  const later = sent
    .map((order) => orders[order]!)
    .filter(
      (order, i) =>
        firstListed(order) && seqs.get(sent[i]!)!.includes(order.listed[0]!.seq) && !ready.has(order.wo.no),
    );
  if (bom && later.length > 0)
    for (const [no, readiness] of await readinessOf(db, bom, orgId, judged(later), today))
      ready.set(no, readiness);
  // Only the orders sent are read whole, names and times included, with only the operations shown.
  const { byNo: whole, snapshot: last } = await homeOrdersShown(
    db,
    orgId,
    new Map(sent.map((order) => [orders[order]!.wo.no, seqs.get(order)!.sort((a, b) => a - b)])),
  );
  const items: WorkOrder[] = [];
  for (const order of sent) {
    const no = orders[order]!.wo.no;
    const read = whole.get(no);
    // An order gone between the two statements (deleted) is left out rather than sent half.
    if (read) items.push(toWorkOrderShown(read.wo, read.shown, read, ready.get(no)));
  }
  // Kept only when the last statement saw the data the first did (then every one between did too:
  // a later snapshot sees at least what an earlier one saw finished).
  const same = snapshot !== null && (last === null || sameData(parseSnapshot(snapshot), parseSnapshot(last)));
  return {
    page: { items, nextCursor: null },
    snapshot: same ? snapshot : null,
    from: lastStart ?? Number.NEGATIVE_INFINITY,
    until: nextStart ?? Number.POSITIVE_INFINITY,
  };
}

interface Candidate {
  /** Index of its order among the listed orders. */
  order: number;
  seq: number;
  rank: number;
  /** Planned start as the API shows it, or the due day after any time of it. */
  key: string;
}

/**
 * The home's groups (the app's openOperations): 0 startable (ready or running, not held), 1 startable
 * but waiting for material (待齐套), 2 waiting on an earlier operation or held.
 */
export function homeRank(
  orderStatus: WorkOrderStatus,
  opStatus: OperationStatus,
  material: 'ready' | 'waiting' | undefined,
): number {
  if (orderStatus === 'on-hold' || (opStatus !== 'ready' && opStatus !== 'in-progress')) return 2;
  return material === 'waiting' ? 1 : 0;
}
