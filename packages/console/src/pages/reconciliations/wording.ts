import { type MessageKey, t } from '../../i18n/i18n';
import type { Owner, ReconKind, RowStatus } from './api';

const STATUS: Record<RowStatus, MessageKey> = {
  matched: 'recon.status.matched',
  missingHere: 'recon.status.missingHere',
  missingThere: 'recon.status.missingThere',
  differing: 'recon.status.differing',
};
const KIND: Record<ReconKind, MessageKey> = {
  stock: 'recon.kind.stock',
  workOrders: 'recon.kind.workOrders',
};
const SOURCE: Record<string, MessageKey> = {
  upload: 'recon.source.upload',
  connector: 'recon.source.connector',
  schedule: 'recon.source.schedule',
};

export const ROW_STATUSES = Object.keys(STATUS) as RowStatus[];
export const RECON_KINDS = Object.keys(KIND) as ReconKind[];
export const rowStatusLabel = (s: string) => (STATUS[s as RowStatus] ? t(STATUS[s as RowStatus]) : s);
export const reconKindLabel = (k: string) => (KIND[k as ReconKind] ? t(KIND[k as ReconKind]) : k);
export const sourceLabel = (s: string) => (SOURCE[s] ? t(SOURCE[s]) : s);
export const ROW_STATUS_COLORS: Record<string, string> = {
  matched: 'green',
  missingHere: 'orange',
  missingThere: 'purple',
  differing: 'red',
};

/** An owner as a desk reads it: the name, else the user id. */
export function ownerText(owner: Owner): string {
  if (typeof owner === 'string') return owner;
  return owner.name ?? owner.userId ?? '—';
}

/** The last `count` months as `YYYY-MM`, this one (Asia/Shanghai) first. */
export function lastMonths(today: string, count = 12): string[] {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const index = y * 12 + (m - 1) - i;
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
}

/** A record's fields as one short line, `qty 12 · status released`; `—` for none. */
export function recordText(record: Record<string, unknown> | null | undefined, skip: string[] = []): string {
  if (!record) return '—';
  const parts = Object.entries(record)
    .filter(([k, v]) => !skip.includes(k) && v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${k} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
  return parts.length ? parts.join(' · ') : '—';
}
