import { type MessageKey, t } from '../../i18n/i18n';
import { errorText, problemKind } from '../../shared/errors';

// Every code the console words, spelled out: a key typo does not compile, and no key goes unused.
const COUNT_STATUS: Record<string, MessageKey> = {
  open: 'count.status.open',
  'pending-approval': 'count.status.pending-approval',
  done: 'count.status.done',
  rejected: 'count.status.rejected',
};
const TRANSFER_STATUS: Record<string, MessageKey> = {
  pending: 'transfer.status.pending',
  posted: 'transfer.status.posted',
  rejected: 'transfer.status.rejected',
};
const SUSPECT: Record<string, MessageKey> = {
  'unwritten-scrap': 'count.suspect.unwritten-scrap',
  'unbooked-return': 'count.suspect.unbooked-return',
  'unapproved-emergency': 'count.suspect.unapproved-emergency',
  'backflush-and-issue': 'count.suspect.backflush-and-issue',
};
const MOVEMENT_KIND: Record<string, MessageKey> = {
  receipt: 'count.kind.receipt',
  issue: 'count.kind.issue',
  return: 'count.kind.return',
  adjustment: 'count.kind.adjustment',
  scrap: 'count.kind.scrap',
  transfer: 'count.kind.transfer',
  'production-receipt': 'count.kind.production-receipt',
  opening: 'count.kind.opening',
};
// The refusals of counts and transfers the console words itself: the server's detail is English.
const REFUSAL: Record<string, MessageKey> = {
  'count-not-found': 'problem.count-not-found',
  'count-not-open': 'problem.count-not-open',
  'count-not-pending': 'problem.count-not-pending',
  'count-not-counted': 'problem.count-not-counted',
  'own-count': 'problem.own-count',
  'count-already-open': 'problem.count-already-open',
  'count-plan-exists': 'problem.count-plan-exists',
  'transfer-not-found': 'problem.transfer-not-found',
  'transfer-not-pending': 'problem.transfer-not-pending',
  'insufficient-stock': 'problem.insufficient-stock',
  'unknown-warehouse': 'problem.unknown-warehouse',
  'warehouse-out-of-scope': 'problem.warehouse-out-of-scope',
};

const word = (keys: Record<string, MessageKey>, code: string) => {
  const key = keys[code];
  return key ? t(key) : code;
};

export const countStatusLabel = (status: string) => word(COUNT_STATUS, status);
export const transferStatusLabel = (status: string) => word(TRANSFER_STATUS, status);
export const suspectLabel = (suspect: string) => word(SUSPECT, suspect);
/** A movement kind the console has no word for yet shows as its code. */
export const movementKindLabel = (kind: string) => word(MOVEMENT_KIND, kind);

export const COUNT_STATUS_COLORS: Record<string, string> = {
  open: 'blue',
  'pending-approval': 'orange',
  done: 'green',
  rejected: 'default',
};
export const TRANSFER_STATUS_COLORS: Record<string, string> = {
  pending: 'orange',
  posted: 'green',
  rejected: 'default',
};

/** The refusal in the reader's language, from its code and params; other errors as the server said. */
export function refusalText(error: unknown): string {
  const kind = problemKind(error);
  const key = kind ? REFUSAL[kind] : undefined;
  if (!key) return errorText(error);
  const params = (error as { problem?: { params?: Record<string, unknown> } }).problem?.params ?? {};
  const shown: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(params)) {
    const text = String(value);
    shown[name] =
      name === 'status' ? (COUNT_STATUS[text] ? countStatusLabel(text) : transferStatusLabel(text)) : text;
  }
  return t(key, shown);
}
