import { notFound } from '../../http/problem.js';
import type { Db } from '../../http/route.js';
import type { Connector } from './connectors/types.js';

/** A connector of the org that is not deleted, as drivers see it, with its enabled flag; 404 otherwise. */
export async function findConnector(
  db: Db,
  orgId: string,
  id: string,
): Promise<Connector & { enabled: boolean }> {
  const row = await db
    .selectFrom('sync_connectors')
    .select(['id', 'org_id', 'kind', 'name', 'config', 'enabled'])
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw notFound(`no sync connector '${id}'`, 'not-found', { connectorId: id });
  return {
    id: row.id,
    orgId: row.org_id,
    kind: row.kind,
    name: row.name,
    config: row.config,
    enabled: row.enabled,
  };
}
