import { Page } from '@shopfloor/sdk';
import { badRequest, notFound } from '../../../http/problem.js';
import { type AnyRoute, defineRoute, z } from '../../../http/route.js';
import { audit } from '../../../shared/audit.js';
import { decodeCursor, page } from '../../../shared/cursor.js';
import { isoShanghai } from '../../../shared/time.js';
import { userNames } from '../../../shared/user-names.js';
import { isMessageKind } from '../connector-config.js';
import { findConnector } from '../find-connector.js';
import { MappingDocument } from './document.js';
import { findMapping, listVersions, type StoredMapping, saveMapping } from './store.js';
import { findTemplate, MAPPING_TEMPLATES } from './templates.js';

const ConnectorParams = z.object({ id: z.string().min(1).max(64) });

const MappingAnswer = z.object({
  connectorId: z.string(),
  version: z.number().int(),
  updatedAt: z.string(),
  updatedBy: z.string(),
  updatedByName: z.string().optional(),
  mapping: MappingDocument,
});

const MappingVersion = z.object({
  version: z.number().int(),
  updatedAt: z.string(),
  updatedBy: z.string(),
  updatedByName: z.string().optional(),
});

const answer = (m: StoredMapping, names: ReadonlyMap<string, string>) => ({
  connectorId: m.connectorId,
  version: m.version,
  updatedAt: isoShanghai(m.createdAt)!,
  updatedBy: m.createdBy,
  ...(names.has(m.createdBy) ? { updatedByName: names.get(m.createdBy) } : {}),
  mapping: m.document,
});

const getMapping = defineRoute({
  method: 'get',
  path: '/sync/connectors/{id}/mapping',
  summary: "A connector's field mapping (字段映射), the current version or ?version=N (admin, planner)",
  description:
    'The answer `mapping` is the mapping document: save it as a file to export; PUT it back to import. 404 when the connector has no mapping yet.',
  tags: ['sync'],
  auth: ['planner'],
  params: ConnectorParams,
  query: z.object({ version: z.number().int().min(1).max(1_000_000).optional() }),
  response: MappingAnswer,
  errors: [404],
  async handler({ params, query, user, db }) {
    await findConnector(db, user.orgId, params.id);
    const found = await findMapping(db, user.orgId, params.id, query.version);
    if (!found) {
      throw notFound(
        query.version === undefined
          ? `connector '${params.id}' has no mapping yet; PUT one (GET /sync/mapping-templates lists starting points)`
          : `connector '${params.id}' has no mapping version ${query.version}`,
      );
    }
    return answer(found, await userNames(db, user.orgId, [found.createdBy]));
  },
});

const putMapping = defineRoute({
  method: 'put',
  path: '/sync/connectors/{id}/mapping',
  summary:
    "Import a connector's field mapping (admin): the body is the mapping document; it becomes the next version",
  description:
    'format "shopfloor-mapping/1": per record kind (item, bomLine, workOrder, purchaseReceipt, stockSnapshot) field rules ' +
    '{ours, theirs, required?, default?, const?, transform?, values?}, named valueMaps, outbound rules per event topic. ' +
    'A document that does not fit is refused with 400 and the path of each problem (entities.item.fields.2.transform.0.format). ' +
    'Inbound records and outbound events use the new version from now on. See docs/sync-mapping.md.',
  tags: ['sync'],
  auth: ['admin'],
  params: ConnectorParams,
  body: MappingDocument,
  response: MappingAnswer,
  status: 200,
  errors: [404],
  async handler({ params, body, user, db, deps }) {
    const connector = await findConnector(db, user.orgId, params.id);
    if (isMessageKind(connector.kind)) {
      throw badRequest(
        `connector '${connector.id}' is a ${connector.kind} connector: it sends alert messages, not records, so it takes no mapping`,
        [{ path: 'id', message: 'a message connector takes no mapping' }],
        'validation',
        { kind: connector.kind },
      );
    }
    const before = await findMapping(db, user.orgId, connector.id);
    const saved = await saveMapping(db, {
      orgId: user.orgId,
      connectorId: connector.id,
      document: body,
      by: user.userId,
      at: deps.clock.now(),
    });
    await audit(db, {
      orgId: user.orgId,
      actor: user.userId,
      action: 'sync-mapping.updated',
      subjectType: 'sync-connector',
      subjectId: connector.id,
      ...(before ? { before: { version: before.version, name: before.document.name } } : {}),
      after: { version: saved.version, name: saved.document.name },
    });
    return answer(saved, await userNames(db, user.orgId, [saved.createdBy]));
  },
});

const listMappingVersions = defineRoute({
  method: 'get',
  path: '/sync/connectors/{id}/mapping/versions',
  summary: "Versions of a connector's mapping, newest first (admin, planner)",
  tags: ['sync'],
  auth: ['planner'],
  params: ConnectorParams,
  query: z.object({ cursor: z.string().optional(), limit: z.number().int().min(1).max(500).optional() }),
  response: Page(MappingVersion),
  errors: [404],
  async handler({ params, query, user, db }) {
    await findConnector(db, user.orgId, params.id);
    const limit = query.limit ?? 50;
    const after = decodeCursor(query.cursor, 1);
    const rows = await listVersions(db, user.orgId, params.id, after ? Number(after[0]) : null, limit + 1);
    const shown = page(rows, limit, (r) => [r.version]);
    const names = await userNames(
      db,
      user.orgId,
      shown.rows.map((r) => r.created_by),
    );
    return {
      items: shown.rows.map((r) => ({
        version: r.version,
        updatedAt: isoShanghai(r.created_at)!,
        updatedBy: r.created_by,
        ...(names.has(r.created_by) ? { updatedByName: names.get(r.created_by) } : {}),
      })),
      nextCursor: shown.nextCursor,
    };
  },
});

const listTemplates = defineRoute({
  method: 'get',
  path: '/sync/mapping-templates',
  summary:
    'Mapping templates shipped with the server: generic JSON, Kingdee K/3 Cloud, Yonyou U8 (admin, planner)',
  tags: ['sync'],
  auth: ['planner'],
  response: z.object({
    items: z.array(z.object({ name: z.string(), title: z.string(), system: z.string() })),
  }),
  async handler() {
    return { items: MAPPING_TEMPLATES.map(({ name, title, system }) => ({ name, title, system })) };
  },
});

const getTemplate = defineRoute({
  method: 'get',
  path: '/sync/mapping-templates/{name}',
  summary: 'One mapping template, a mapping document to edit and PUT on a connector (admin, planner)',
  tags: ['sync'],
  auth: ['planner'],
  params: z.object({ name: z.string().min(1).max(64) }),
  response: MappingDocument,
  errors: [404],
  async handler({ params }) {
    const template = findTemplate(params.name);
    if (!template) {
      throw notFound(
        `no mapping template '${params.name}'; there are ${MAPPING_TEMPLATES.map((t) => t.name).join(', ')}`,
      );
    }
    return template.document;
  },
});

export const mappingRoutes: AnyRoute[] = [
  getMapping,
  putMapping,
  listMappingVersions,
  listTemplates,
  getTemplate,
];
