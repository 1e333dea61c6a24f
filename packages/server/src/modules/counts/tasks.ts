import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { AbcClass, CountDb, CountRow } from './tables.js';

export interface NewTask {
  orgId: string;
  planId: string | null;
  item: string;
  location: string;
  warehouse: string;
  lot: string;
  abcClass: AbcClass;
  blind: boolean;
  tolerancePct: number;
  by: string;
  at: Date;
}

/**
 * Opens a count task, or answers null when the balance already has one open or waiting for
 * approval (one live count per balance: the partial unique index decides between racing callers).
 */
export async function openTask(db: CountDb, t: NewTask): Promise<CountRow | null> {
  const r = await sql<CountRow>`
    insert into cycle_counts (id, org_id, plan_id, item, location, warehouse, lot, abc_class, blind,
      status, tolerance_pct, created_by, created_at)
    values (${randomUUID()}, ${t.orgId}, ${t.planId}, ${t.item}, ${t.location}, ${t.warehouse}, ${t.lot},
      ${t.abcClass}, ${t.blind}, 'open', ${t.tolerancePct}, ${t.by}, ${t.at})
    on conflict (org_id, item, location, lot) where status in ('open', 'pending-approval') do nothing
    returning *`.execute(db);
  return r.rows[0] ?? null;
}
