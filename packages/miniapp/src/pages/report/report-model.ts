import type {
  DeadLetter,
  OperationReportInput,
  OutboxEntry,
  OutboxFailure,
  OutboxState,
  WorkOrder,
  WorkOrderOperation,
} from '@shopfloor/sdk';
import { localProblemText } from '../../i18n/problems';
import { shanghaiDate } from '../../shared/shanghai-time';

/** The numbers an operator needs before reporting one operation of a work order. */
export interface OperationFigures {
  op: WorkOrderOperation;
  /** The operation before this one; undefined for the first. */
  previous?: WorkOrderOperation;
  target: number;
  /** Reported so far, the server's figures plus this phone's reports not yet sent. */
  good: number;
  scrap: number;
  pendingGood: number;
  pendingScrap: number;
  /** What may still be reported: the previous operation's good output (or the target) minus what is reported. */
  available: number;
}

/** The figures of operation `seq`, counting the reports still waiting in the outbox. */
export function operationFigures(
  order: WorkOrder,
  seq: number,
  pending: readonly OutboxEntry[] = [],
): OperationFigures | undefined {
  const index = order.operations.findIndex((op) => op.seq === seq);
  if (index < 0) return undefined;
  const op = order.operations[index]!;
  const previous = index > 0 ? order.operations[index - 1] : undefined;
  const path = reportPath(order.no, seq);
  let pendingGood = 0;
  let pendingScrap = 0;
  for (const entry of pending) {
    if (entry.path !== path) continue;
    const body = entry.body as Partial<OperationReportInput> | undefined;
    pendingGood += Number(body?.goodQty ?? 0);
    pendingScrap += Number(body?.scrapQty ?? 0);
  }
  const good = round(op.goodQty + pendingGood);
  const scrap = round(op.scrapQty + pendingScrap);
  // The previous operation's good output is what reached this one; the first operation starts from the order.
  const reached = previous ? previous.goodQty : order.qty;
  return {
    op,
    previous,
    target: order.qty,
    good,
    scrap,
    pendingGood,
    pendingScrap,
    available: Math.max(0, round(reached - good - scrap)),
  };
}

export const reportPath = (workOrderNo: string, seq: number) =>
  `/work-orders/${encodeURIComponent(workOrderNo)}/operations/${seq}/reports`;

export interface ConsumedLotDraft {
  lot: string;
  item: string;
  qty: number;
}

export interface ReportDraft {
  good: string;
  scrap: string;
  scrapReason: string;
  consumedLots: ConsumedLotDraft[];
  producedLot: string;
}

export type DraftField = 'good' | 'scrap' | 'scrapReason' | 'consumedLots' | 'producedLot';
export type DraftProblems = Partial<Record<DraftField, string>>;

/** Problem keys, translated by the page: the model stays free of the i18n module. */
export type ProblemCode =
  | 'notANumber'
  | 'negative'
  | 'nothingReported'
  | 'reasonRequired'
  | 'lotQty'
  | 'tooManyDecimals'
  | 'tooFine'
  | 'overAvailable'
  | 'outOfSequence';

/** What the phone knows of the operation: the server refuses a report beyond these. */
export interface DraftLimits {
  /** 可报: what may still be reported; 0 = the previous operation has not delivered (out of sequence). */
  available?: number;
  /** Decimals the item's unit allows (0 = whole pieces). */
  precision?: number;
}

/** Why an operation cannot be reported by this user at all, before anything is typed. */
export type Refusal = { kind: 'notYours'; workshop: string; mine: readonly string[] };

/** An operator reports only operations of his workshops (admins everywhere), as the server checks. */
export function refusalFor(
  user: { roles: readonly string[]; scopes?: { workshops: readonly string[] } } | undefined,
  op: { workshop: string },
): Refusal | undefined {
  if (!user || user.roles.includes('admin')) return undefined;
  const mine = user.scopes?.workshops ?? [];
  return mine.includes(op.workshop) ? undefined : { kind: 'notYours', workshop: op.workshop, mine };
}

/**
 * Checks a draft the way the server will, so the operator hears about a typo before walking away;
 * the server still has the last word (sequence, scope, quantities available).
 */
export function checkDraft(
  draft: ReportDraft,
  limits: DraftLimits = {},
): { problems: Partial<Record<DraftField, ProblemCode>> } {
  const problems: Partial<Record<DraftField, ProblemCode>> = {};
  const good = parseQty(draft.good, limits.precision);
  const scrap = parseQty(draft.scrap, limits.precision);
  if (typeof good === 'string') problems.good = good;
  if (typeof scrap === 'string') problems.scrap = scrap;
  if (typeof good === 'number' && typeof scrap === 'number') {
    if (good + scrap <= 0) problems.good = 'nothingReported';
    else if (limits.available !== undefined && round(good + scrap) > limits.available)
      problems.good = limits.available <= 0 ? 'outOfSequence' : 'overAvailable';
    if (scrap > 0 && draft.scrapReason.trim() === '') problems.scrapReason = 'reasonRequired';
  }
  if (draft.consumedLots.some((lot) => !(lot.qty > 0))) problems.consumedLots = 'lotQty';
  return { problems };
}

/** The request body of a checked draft; `now` is the device clock at the tap. */
export function toReportBody(draft: ReportDraft, now: Date): OperationReportInput {
  const scrapQty = Number(parseQty(draft.scrap));
  const body: OperationReportInput = {
    goodQty: Number(parseQty(draft.good)),
    scrapQty,
    deviceTime: now.toISOString(),
  };
  if (scrapQty > 0) body.scrapReason = draft.scrapReason.trim();
  if (draft.consumedLots.length > 0) body.consumedLots = draft.consumedLots.map((l) => ({ ...l }));
  if (draft.producedLot.trim() !== '') body.producedLot = draft.producedLot.trim();
  return body;
}

/** A stored report body back into a draft (to correct a report the server rejected). */
export function draftFromBody(body: unknown): ReportDraft {
  const b = (body ?? {}) as Partial<OperationReportInput>;
  return {
    good: String(b.goodQty ?? 0),
    scrap: String(b.scrapQty ?? 0),
    scrapReason: b.scrapReason ?? '',
    consumedLots: (b.consumedLots ?? []).map((l) => ({ ...l })),
    producedLot: b.producedLot ?? '',
  };
}

/**
 * A typed quantity: a number ≥ 0 with at most 6 decimals (or the item's `precision`), or the reason
 * it is not one.
 */
export function parseQty(text: string, precision?: number): number | ProblemCode {
  const trimmed = text.trim();
  if (trimmed === '') return 0;
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return /^[-−]/.test(trimmed) ? 'negative' : 'notANumber';
  const decimals = trimmed.split('.')[1]?.replace(/0+$/, '').length ?? 0;
  if (precision !== undefined && precision < 6 && decimals > precision) return 'tooFine';
  if (decimals > 6) return 'tooManyDecimals';
  return Number(trimmed);
}

/** Steps a typed quantity by `delta`, never below 0, without binary artifacts (0.1 + 0.2). */
export function stepQty(text: string, delta: number): string {
  const value = parseQty(text);
  const base = typeof value === 'number' ? value : 0;
  return String(Math.max(0, round(base + delta)));
}

const round = (n: number) => Math.round(n * 1e6) / 1e6;

export type Submission =
  | { state: 'pending' | 'sending' | 'sent' }
  | { state: 'rejected'; reason: string; entry: DeadLetter };

/** Where a submitted report is: waiting, on its way, delivered, or refused by the server. */
export function submissionStatus(
  id: string,
  entries: readonly OutboxEntry[] | undefined,
  outbox: Pick<OutboxState, 'sending' | 'deadLetters'>,
): Submission {
  const dead = outbox.deadLetters.find((letter) => letter.id === id);
  if (dead) return { state: 'rejected', reason: failureText(dead.reason), entry: dead };
  if (!entries || entries.some((entry) => entry.id === id))
    return { state: outbox.sending ? 'sending' : 'pending' };
  return { state: 'sent' };
}

/** Why the server refused: in the reader's language when the problem is a known one, then the field messages. */
export function failureText(failure: OutboxFailure): string {
  const local = localProblemText(failure.type, failure.params);
  if (local) return local; // the code says it all; the field messages are the server's English
  const fields = (failure.errors ?? []).map((e) => e.message).filter((m) => m && m !== failure.detail);
  const headline = failure.detail ?? failure.title ?? failure.message;
  return [headline, ...fields].join('；');
}

/** Today's date in Asia/Shanghai (UTC+8, no daylight saving), whatever the phone's zone. */
export function todayInShanghai(now: number = Date.now()): string {
  return shanghaiDate(now);
}
