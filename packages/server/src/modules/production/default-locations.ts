import { sql } from 'kysely';
import type { Db } from '../../http/route.js';

/**
 * The org's default location of a kind of warehouse: the first location (by code) of the first
 * warehouse whose code carries the marker (FG, RM) or whose name says it (成品, 原材料).
 * Resolved when a work order is created, so the report hot path never looks it up.
 */
export async function defaultLocation(db: Db, orgId: string, kind: 'finished' | 'material') {
  const [marker, name] = kind === 'finished' ? ['%FG%', '%成品%'] : ['%RM%', '%原材料%'];
  const r = await sql<{ code: string }>`
    select l.code from locations l join warehouses w on w.org_id = l.org_id and w.code = l.warehouse
    where l.org_id = ${orgId} and (upper(w.code) like ${marker} or w.name like ${name})
    order by w.code, l.code limit 1`.execute(db);
  return r.rows[0]?.code ?? null;
}
