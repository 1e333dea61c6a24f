import { roundQty } from '@shopfloor/bom-engine';
import type { OperationStatus, WorkOrderStatus } from '../../db/schema.js';
import { STOPPED_STATUSES } from './lifecycle-rules.js';

/** What the sequence rule needs to know about an operation and the one before it. */
export interface SequenceState {
  seq: number;
  /** The work order's quantity: the first operation's input. */
  orderQty: number;
  reportedGood: number;
  reportedScrap: number;
  previous: { seq: number; good: number; status: OperationStatus } | null;
}

const exact = (n: number) => roundQty(n, 9);

export interface SequenceViolation {
  message: string;
  /** The numbers of the message: `previousSeq`/`previousGood` for a later operation, `orderQty` for the first. */
  params: Record<string, number>;
}

/**
 * Why a report of `good` + `scrap` would break the sequence, or null when it fits: an operation
 * processes at most what the previous one put out as good, and the first at most the order quantity.
 */
export function sequenceViolation(
  state: SequenceState,
  good: number,
  scrap: number,
): SequenceViolation | null {
  const asked = exact(good + scrap);
  const done = exact(state.reportedGood + state.reportedScrap);
  if (state.previous === null) {
    if (exact(done + asked) <= exact(state.orderQty)) return null;
    const orderQty = exact(state.orderQty);
    return {
      message: `operation ${state.seq} cannot report ${asked}: the work order is for ${orderQty} and operation ${state.seq} has reported ${done} so far`,
      params: { seq: state.seq, asked, reported: done, orderQty },
    };
  }
  const input = exact(state.previous.good);
  if (exact(done + asked) <= input) return null;
  const already = done > 0 ? ` and operation ${state.seq} has reported ${done} of it` : '';
  return {
    message: `operation ${state.seq} cannot report ${asked}: operation ${state.previous.seq} has output ${input} so far${already}`,
    params: { seq: state.seq, asked, reported: done, previousSeq: state.previous.seq, previousGood: input },
  };
}

/**
 * Status after the report: done once everything that can reach the operation was processed — the
 * order quantity at the first operation, the previous operation's good output once it is done.
 */
export function statusAfter(state: SequenceState, good: number, scrap: number): OperationStatus {
  const processed = exact(state.reportedGood + state.reportedScrap + good + scrap);
  const finished =
    state.previous === null
      ? processed >= exact(state.orderQty)
      : state.previous.status === 'done' && processed >= exact(state.previous.good);
  return finished ? 'done' : 'in-progress';
}

/**
 * The status that stops reports on the work order (on-hold, cancelled, closed), or null. The
 * locking read sees the work order as it was before it waited for the operation rows, so on
 * PostgreSQL the report's write statement reads the status again (recordReport): a hold, cancel or
 * close may have committed meanwhile (they lock the operation rows too). PGlite runs one
 * transaction at a time: there the first read holds.
 */
export function stoppedStatus(status: WorkOrderStatus): WorkOrderStatus | null {
  return STOPPED_STATUSES.includes(status) ? status : null;
}

const STOPPED_WORDS: Partial<Record<WorkOrderStatus, string>> = {
  'on-hold': 'is on hold: reports are taken again once a planner resumes it',
  cancelled: 'was cancelled: nothing more is reported on it',
  closed: 'is closed: nothing more is reported on it',
};

export function stoppedMessage(no: string, status: WorkOrderStatus): string {
  return `work order ${no} ${STOPPED_WORDS[status] ?? `is ${status}`}`;
}
