import type { Db } from '../http/route.js';

/** The display names of the org's users among `ids`, in one query; ids with no user are left out. */
export async function userNames(db: Db, orgId: string, ids: Iterable<string>): Promise<Map<string, string>> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('org_id', '=', orgId)
    .where('id', 'in', wanted)
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
