import { type BomDocument, type BomIssue, validateBom } from '@shopfloor/bom-engine';
import type { LoadedBom } from '@shopfloor/bom-io';
import type { BomImportResult } from '@shopfloor/sdk';
import type { Db } from '../../http/route.js';
import type { Principal } from '../../http/session.js';
import { audit } from '../../shared/audit.js';
import { emitEvent } from '../../shared/events.js';
import { type MergedBom, mergeFile } from './bom-merge.js';
import { bomProblem, describeIssue, type ListName, type RecordMap } from './bom-problems.js';
import type { BomService } from './bom-service.js';
import { loadBomDocument, replaceLines } from './bom-store.js';

const CHUNK = 2_000;

/**
 * Applies a BOM file to the org in the caller's transaction: the resulting whole BOM is validated
 * by the engine first, so a bad file changes nothing.
 */
export async function importBomFile(
  db: Db,
  boms: BomService,
  user: Principal,
  at: Date,
  file: { loaded: LoadedBom; document: BomDocument },
): Promise<BomImportResult> {
  const orgId = user.orgId;
  // Bumping first takes the org's BOM lock: two imports cannot validate against the same old state.
  const revision = await boms.bumpRevision(db, orgId);
  const stored = await loadBomDocument(db, orgId);
  const merged = mergeFile(stored, file.document);
  const map = fileRecords(merged, file.loaded);
  const issues = validateBom(merged.document);
  const errors = issues.filter((issue) => issue.severity === 'error');
  if (errors.length > 0) throw bomProblem(errors, merged.document, map, 'bomLines');

  const storedCodes = new Set(stored.items.map((item) => item.code));
  const created = file.document.items.filter((item) => !storedCodes.has(item.code)).length;
  await upsertItems(db, orgId, file.document, at);
  const parents = [...new Set(file.document.bomLines.map((line) => line.parent))];
  await replaceLines(db, orgId, parents, file.document.bomLines);
  await replaceConversions(db, orgId, merged);

  const result: BomImportResult = {
    items: { created, updated: file.document.items.length - created },
    bomLines: file.document.bomLines.length,
    parents: parents.length,
    warnings: issues
      .filter((issue) => issue.severity === 'warning' && concernsFile(issue, map, file.document))
      .map((issue) => ({ ...issue, message: describeIssue(issue, map) })),
  };
  await emitEvent(db, {
    orgId,
    topic: 'bom.imported',
    aggregateType: 'bom',
    aggregateId: orgId,
    payload: { revision, parents, items: result.items, bomLines: result.bomLines },
  });
  await audit(db, {
    orgId,
    actor: user.userId,
    action: 'bom.import',
    subjectType: 'bom',
    subjectId: file.loaded.file,
    after: { revision, items: result.items, bomLines: result.bomLines, parents },
  });
  return result;
}

/** Records of the file are named as the file names them (a row for spreadsheets); the rest were stored. */
function fileRecords(merged: MergedBom, loaded: LoadedBom): RecordMap {
  const fromFile = (list: ListName, index: number) => index < merged.counts[list];
  return {
    path: (list, index) => (fromFile(list, index) ? `${list}.${index}` : undefined),
    label: (list, index) => {
      if (!fromFile(list, index)) return list === 'items' ? 'stored item' : 'stored line';
      return loaded.locate(list, index) ?? `${list}[${index}]`;
    },
  };
}

function concernsFile(issue: BomIssue, map: RecordMap, file: BomDocument): boolean {
  if (issue.line !== undefined) return map.path('bomLines', issue.line) !== undefined;
  return issue.item !== undefined && file.items.some((item) => item.code === issue.item);
}

/** Creates new items and updates the fields the file gives for known ones. */
async function upsertItems(db: Db, orgId: string, file: BomDocument, at: Date): Promise<void> {
  // One statement per set of given fields, so a field the file leaves out keeps its stored value.
  const groups = new Map<string, BomDocument['items']>();
  for (const item of file.items) {
    const key = ['name', 'leadTime', 'cost', 'precision']
      .filter((f) => item[f as 'name'] !== undefined)
      .join();
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  for (const items of groups.values()) {
    const sample = items[0]!;
    for (let i = 0; i < items.length; i += CHUNK) {
      await db
        .insertInto('items')
        .values(
          items.slice(i, i + CHUNK).map((item) => ({
            org_id: orgId,
            code: item.code,
            name: item.name ?? item.code,
            uom: item.uom,
            type: item.type,
            lead_time: item.leadTime ?? 0,
            cost: item.cost ?? null,
            precision: item.precision ?? 6,
            created_at: at,
            updated_at: at,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['org_id', 'code']).doUpdateSet((eb) => ({
            uom: eb.ref('excluded.uom'),
            type: eb.ref('excluded.type'),
            updated_at: eb.ref('excluded.updated_at'),
            ...(sample.name !== undefined ? { name: eb.ref('excluded.name') } : {}),
            ...(sample.leadTime !== undefined ? { lead_time: eb.ref('excluded.lead_time') } : {}),
            ...(sample.cost !== undefined ? { cost: eb.ref('excluded.cost') } : {}),
            ...(sample.precision !== undefined ? { precision: eb.ref('excluded.precision') } : {}),
          })),
        )
        .execute();
    }
  }
}

/** The merged list is the org's list: stored conversions the file did not replace are kept. */
async function replaceConversions(db: Db, orgId: string, merged: MergedBom): Promise<void> {
  if (merged.counts.uomConversions === 0) return;
  await db.deleteFrom('uom_conversions').where('org_id', '=', orgId).execute();
  const rows = (merged.document.uomConversions ?? []).map((c) => ({
    org_id: orgId,
    from_uom: c.from,
    to_uom: c.to,
    factor: c.factor,
    item: c.item ?? null,
  }));
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto('uom_conversions')
      .values(rows.slice(i, i + CHUNK))
      .execute();
  }
}
