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

const OWNER_ROLE: Record<string, MessageKey> = {
  storekeeper: 'recon.ownerRole.storekeeper',
  lastMover: 'recon.ownerRole.lastMover',
  creator: 'recon.ownerRole.creator',
  supervisor: 'recon.ownerRole.supervisor',
};
const FIELD: Record<string, MessageKey> = {
  qty: 'recon.field.qty',
  item: 'recon.field.item',
  status: 'recon.field.status',
};

/** An owner as a desk reads it: 孙仓管（仓管）. */
export function ownerText(owner: Owner): string {
  const role = OWNER_ROLE[owner.role];
  return role ? `${owner.name}（${t(role)}）` : owner.name;
}

/** A row's owners, each person once with all their roles: 孙仓管（仓管、最后经手）、李主任（车间主任）. */
export function ownersText(owners: Owner[] | undefined): string {
  if (!owners?.length) return '—';
  const byUser = new Map<string, { name: string; roles: string[] }>();
  for (const o of owners) {
    const entry = byUser.get(o.userId) ?? { name: o.name, roles: [] };
    const role = OWNER_ROLE[o.role];
    if (role && !entry.roles.includes(t(role))) entry.roles.push(t(role));
    byUser.set(o.userId, entry);
  }
  return [...byUser.values()]
    .map((e) => (e.roles.length ? `${e.name}（${e.roles.join('、')}）` : e.name))
    .join('、');
}
export const fieldLabel = (field: string) => (FIELD[field] ? t(FIELD[field]) : field);

/** The last `count` months as `YYYY-MM`, this one (Asia/Shanghai) first. */
export function lastMonths(today: string, count = 12): string[] {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const index = y * 12 + (m - 1) - i;
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
}

/** A record's fields as one short line, `qty 12 · status released`; `—` for none. */
export function recordText(
  record: Record<string, unknown> | null | undefined,
  word: (field: string, value: unknown) => string = (k, v) => `${k} ${String(v)}`,
): string {
  if (!record) return '—';
  const parts = Object.entries(record)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => word(k, v));
  return parts.length ? parts.join(' · ') : '—';
}

/** A row's key as one line: `RM-STEEL @ RM-A01 · L2026` for stock, the number for work orders. */
export function keyText(key: Record<string, string | undefined>): string {
  if (key.no !== undefined) return key.no;
  return `${key.item ?? ''} @ ${key.location ?? ''}${key.lot ? ` · ${key.lot}` : ''}`;
}
