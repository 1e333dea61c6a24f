import {
  BomError,
  type BomLineInput,
  type CompiledBom,
  type TreeRow,
  validateBom,
} from '@shopfloor/bom-engine';
import { Bom, type BomComponent, BomImportResult, BomInput, Explosion, ExplosionTree } from '@shopfloor/sdk';
import { z } from 'zod';
import { badRequest, notFound } from '../../http/problem.js';
import { type AnyRoute, defineRoute } from '../../http/route.js';
import { audit } from '../../shared/audit.js';
import { emitEvent } from '../../shared/events.js';
import { dateShanghai } from '../../shared/time.js';
import { importBomFile } from './bom-import.js';
import { mergeLines } from './bom-merge.js';
import { bomProblem, type RecordMap } from './bom-problems.js';
import { linesOf, loadBomDocument, readRevision, replaceLines } from './bom-store.js';
import { readImportRequest } from './import-request.js';
import { findItem } from './item-store.js';

/** Tree answers stop here: a deep, wide BOM has millions of paths; the CLI streams them instead. */
export const MAX_TREE_ROWS = 100_000;

const ParentParams = z.object({ parentCode: z.string().trim().min(1).max(64) });
const CodeParams = z.object({ code: z.string().trim().min(1).max(64) });

const ExplosionParams = z.object({
  qty: z.number().positive(),
  date: z.iso.date().optional(),
  tree: z.boolean().optional(),
  maxDepth: z.int().min(1).max(1_000).optional(),
});

function component(line: BomLineInput): BomComponent {
  const { parent: _parent, ...rest } = line;
  return rest;
}

/** Explode and where-used need an item the compiled BOM knows; an unknown one is a 404, not a 400. */
export function requireItem(bom: CompiledBom, code: string): void {
  if (!bom.hasItem(code)) throw notFound(`no item '${code}'`);
}

/** Engine errors on a request (a bad option, a bad date) as 400 with the engine's message. */
export function engineCall<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof BomError) throw badRequest(error.message);
    throw error;
  }
}

const putBom = defineRoute({
  method: 'put',
  path: '/boms/{parentCode}',
  summary: "Replace one parent's BOM lines (物料清单), validated as part of the whole BOM",
  description:
    'The resulting BOM of the organisation is checked by the engine before anything is stored: a cycle, an unknown child or a unit without conversion is a 400 naming the line (`lines.2.child`).',
  tags: ['boms'],
  auth: ['planner'],
  params: ParentParams,
  body: BomInput,
  response: Bom,
  errors: [404],
  async handler({ params, body, user, db, deps }) {
    const parent = params.parentCode;
    if (!(await findItem(db, user.orgId, parent))) throw notFound(`no item '${parent}'`);
    const revision = await deps.services.boms.bumpRevision(db, user.orgId);
    const stored = await loadBomDocument(db, user.orgId);
    const before = stored.bomLines.filter((line) => line.parent === parent).map(component);
    const lines = body.lines.map((line) => ({ parent, ...line }));
    const merged = mergeLines(stored, lines, new Set([parent]));
    const requestLines: RecordMap = {
      path: (list, index) => (list === 'bomLines' && index < lines.length ? `lines.${index}` : undefined),
      label: (list, index) =>
        list === 'bomLines' && index < lines.length
          ? `lines[${index}]`
          : list === 'items'
            ? 'stored item'
            : 'stored line',
    };
    const errors = validateBom(merged.document).filter((issue) => issue.severity === 'error');
    if (errors.length > 0) throw bomProblem(errors, merged.document, requestLines, 'lines');

    await replaceLines(db, user.orgId, [parent], lines);
    const after = lines.map(component);
    await emitEvent(db, {
      orgId: user.orgId,
      topic: 'bom.changed',
      aggregateType: 'bom',
      aggregateId: parent,
      payload: { parent, revision, lines: after },
    });
    await audit(db, {
      orgId: user.orgId,
      actor: user.userId,
      action: 'bom.replace',
      subjectType: 'bom',
      subjectId: parent,
      before,
      after,
    });
    return { parent, lines: after, revision };
  },
});

const importBom = defineRoute({
  method: 'post',
  path: '/boms/import',
  summary:
    'Import a BOM file (JSON, CSV or XLSX): items upserted, lines of every parent in the file replaced',
  description:
    'Body: a BomDocument as application/json; or an .xlsx workbook (application/vnd.openxmlformats-officedocument.spreadsheetml.sheet); ' +
    'or multipart/form-data with a `file` field (.xlsx or .json) or the CSV fields `items`, `bomLines` and optionally `uomConversions`. ' +
    'Sheet and column names may be Chinese (物料, 物料清单, 单位换算; 料号, 父项, 子项, 用量 …). ' +
    'The whole resulting BOM is validated first and everything happens in one transaction: a bad file changes nothing.',
  tags: ['boms'],
  auth: ['planner'],
  response: BomImportResult,
  status: 200,
  errors: [413, 415],
  async handler({ c, user, db, deps }) {
    const file = await readImportRequest(c);
    return importBomFile(db, deps.services.boms, user, deps.clock.now(), file);
  },
});

const getBom = defineRoute({
  method: 'get',
  path: '/boms/{code}',
  summary: 'The direct lines of a parent, in their stored order',
  tags: ['boms'],
  auth: 'any',
  params: CodeParams,
  response: Bom,
  errors: [404],
  async handler({ params, user, db }) {
    if (!(await findItem(db, user.orgId, params.code))) throw notFound(`no item '${params.code}'`);
    const [lines, { revision }] = await Promise.all([
      linesOf(db, user.orgId, params.code),
      readRevision(db, user.orgId),
    ]);
    return { parent: params.code, lines: lines.map(component), ...(revision > 0 ? { revision } : {}) };
  },
});

const explosion = defineRoute({
  method: 'get',
  path: '/boms/{code}/explosion',
  summary: 'Gross requirements to make qty of an item (BOM explosion), or the indented tree',
  description: `tree=true answers one row per path, depth-first, at most ${MAX_TREE_ROWS} rows: limit with maxDepth, or use the CLI (shopfloor bom explode --tree) for larger trees.`,
  tags: ['boms'],
  auth: 'any',
  params: CodeParams,
  query: ExplosionParams,
  response: z.union([Explosion, ExplosionTree]),
  errors: [404],
  async handler({ params, query, user, db, deps }) {
    const bom = await deps.services.boms.compiled(db, user.orgId);
    requireItem(bom, params.code);
    const options = { item: params.code, qty: query.qty, date: query.date ?? dateShanghai(deps.clock.now()) };
    if (!query.tree) return engineCall(() => bom.explode(options));
    const rows: TreeRow[] = [];
    engineCall(() => {
      for (const row of bom.explodeTree({ ...options, maxDepth: query.maxDepth })) {
        if (rows.length === MAX_TREE_ROWS) {
          throw badRequest(
            `the tree of ${params.code} has more than ${MAX_TREE_ROWS} rows: pass maxDepth, or stream it with the CLI (shopfloor bom explode --tree)`,
            [{ path: 'query.maxDepth', message: 'needed for a tree this large' }],
          );
        }
        rows.push(row);
      }
    });
    return { item: params.code, qty: query.qty, date: options.date, rows };
  },
});

export const bomRoutes: AnyRoute[] = [putBom, importBom, getBom, explosion];
