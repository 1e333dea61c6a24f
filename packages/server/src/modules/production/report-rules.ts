import { roundQty } from '@shopfloor/bom-engine';
import type { OperationStatus } from '../../db/schema.js';

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
