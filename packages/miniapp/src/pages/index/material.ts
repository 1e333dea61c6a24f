import type { WorkOrderOperation } from '@shopfloor/sdk';
import { t } from '../../i18n/i18n';
import { uomLabel } from '../../i18n/uom';

/** 待齐套: the server found a component of the operation not issued (or not line-side) yet. */
export function waitsForMaterial(op: Pick<WorkOrderOperation, 'material'>): boolean {
  return op.material === 'waiting';
}

/**
 * The words a waiting operation shows: the badge and the first missing component with its short
 * quantity ("缺 柜门 10 件", "等 2 项" when more are short); undefined when nothing is waited for.
 */
export function materialNote(
  op: Pick<WorkOrderOperation, 'material' | 'missing'>,
): { badge: string; missing?: string } | undefined {
  if (!waitsForMaterial(op)) return undefined;
  const [first, ...rest] = op.missing ?? [];
  if (!first) return { badge: t('material.waiting') };
  const what = t('material.missing', {
    name: first.name ?? first.item,
    qty: `${first.short} ${uomLabel(first.uom)}`.trim(),
  });
  return {
    badge: t('material.waiting'),
    missing: rest.length > 0 ? `${what} ${t('material.more', { n: rest.length })}` : what,
  };
}
