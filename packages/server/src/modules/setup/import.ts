import { createHash } from 'node:crypto';
import { readSetupWorkbook, SETUP_SHEET_NAMES, WorkbookFileError } from '@shopfloor/bom-io';
import type { SetupReport, SetupSheetReport } from '@shopfloor/sdk/admin';
import { sql } from 'kysely';
import type { HandlerContext } from '../../http/route.js';
import { loadBomDocument } from '../catalog/bom-store.js';
import { shopfloorUserId } from '../platform/login.js';
import { planBom } from './bom.js';
import { chunks, type ImportContext, type SheetPlan } from './context.js';
import { planOpening } from './opening.js';
import { loadPeople, People } from './people.js';
import {
  loadPlant,
  planLocations,
  planUsers,
  planWarehouses,
  planWorkCenters,
  planWorkshops,
} from './plant.js';
import { checkRecords } from './records.js';
import { fileRefusal, Problems, SetupRefusal } from './report.js';
import { loadRoutings, planRoutings } from './routings.js';

const SAVEPOINT = sql`savepoint setup_workbook`;

/**
 * Imports a setup workbook in the route's transaction, all or nothing. Everything runs inside a
 * savepoint: the BOM import (whose engine check finds problems only by trying), then, when the
 * whole workbook is clean, every other sheet. A dry run, or any problem, rolls back to the
 * savepoint, so what a dry run reports is exactly what the import would do.
 */
export async function importWorkbook(
  hc: Pick<HandlerContext<unknown, unknown, unknown>, 'db' | 'deps' | 'user'>,
  bytes: Uint8Array,
  dryRun: boolean,
): Promise<SetupReport> {
  let read: Awaited<ReturnType<typeof readSetupWorkbook>>;
  try {
    read = await readSetupWorkbook(bytes);
  } catch (error) {
    if (!(error instanceof WorkbookFileError)) throw error;
    const status = error.reason === 'too-large' ? 413 : 400;
    throw fileRefusal(status, error.reason, error.zh, error.en, dryRun);
  }
  const problems = new Problems();
  for (const problem of read.problems) problems.push(problem);
  const records = checkRecords(read, problems);
  const ctx: ImportContext = {
    db: hc.db,
    deps: hc.deps,
    user: hc.user,
    orgId: hc.user.orgId,
    at: hc.deps.clock.now(),
    records,
    problems,
    audits: [],
  };

  await SAVEPOINT.execute(ctx.db);
  let sheets: SetupSheetReport[] = [];
  try {
    const [plant, people, bom, routings] = await Promise.all([
      loadPlant(ctx.db, ctx.orgId),
      loadPeople(ctx.db, ctx.orgId),
      loadBomDocument(ctx.db, ctx.orgId),
      loadRoutings(ctx),
    ]);
    const directory = new People(people);
    const warehouses = planWarehouses(ctx, plant);
    const locations = planLocations(ctx, plant);
    const users = planUsers(ctx, plant, people, directory);
    for (const { platform, userId } of ctx.records.declaredUsers) {
      if ('zh' in directory.resolve(`${platform}:${userId}`)) {
        directory.add(platform, userId, shopfloorUserId(platform, userId));
      }
    }
    const workshops = planWorkshops(ctx, plant, directory);
    const workCenters = planWorkCenters(ctx, plant);
    const bomPlan = planBom(ctx, bom);
    const routingPlan = planRoutings(ctx, plant, directory, new Set(bom.items.map((i) => i.code)), routings);
    const opening = await planOpening(ctx, plant, bom);
    // Apply order follows the foreign keys: warehouses before locations, workshops before
    // routings, items (the BOM import) before routings and opening stock.
    const plans: SheetPlan[] = [warehouses, locations, users, workshops, workCenters, routingPlan, opening];
    sheets = [...plans.map((p) => p.counts), ...bomPlan.counts];
    await bomPlan.write(ctx);
    if (problems.count === 0) {
      for (const plan of plans) await plan.apply(ctx);
      await writeAudit(ctx, bytes, sheets);
    }
  } catch (error) {
    // A database refusal the checks did not foresee is a problem of the workbook, not a 500.
    if (!isDatabaseError(error)) throw error;
    await sql`rollback to savepoint setup_workbook`.execute(ctx.db);
    hc.deps.logger.warn({ err: error }, 'setup workbook: the database refused the import');
    problems.add(
      null,
      null,
      null,
      `数据库拒绝了导入（${(error as Error).message}）`,
      `the database refused the import (${(error as Error).message})`,
    );
  }

  const present = SETUP_SHEET_NAMES.filter((name) => records.present.has(name));
  const report: SetupReport = {
    dryRun,
    applied: !dryRun && problems.count === 0,
    sheets: present.map((name) => {
      const found = sheets.find((s) => s.sheet === name) ?? {
        sheet: name,
        created: 0,
        updated: 0,
        unchanged: 0,
      };
      const { removed, ...rest } = found;
      return removed ? { ...rest, removed } : rest;
    }),
    problems: problems.done(),
  };
  if (report.applied) await sql`release savepoint setup_workbook`.execute(ctx.db);
  else await sql`rollback to savepoint setup_workbook`.execute(ctx.db);
  if (!dryRun && problems.count > 0) {
    throw new SetupRefusal(400, 'setup-workbook', 'The workbook has problems', report);
  }
  return report;
}

const isDatabaseError = (error: unknown) =>
  typeof (error as { code?: unknown })?.code === 'string' &&
  /^[0-9A-Z]{5}$/.test((error as { code: string }).code);

/** One audit entry per change, and one for the import: in as few statements as the rows allow. */
async function writeAudit(ctx: ImportContext, bytes: Uint8Array, sheets: SetupSheetReport[]): Promise<void> {
  const changed = sheets.filter((s) => s.created + s.updated + (s.removed ?? 0) > 0);
  if (changed.length === 0 && ctx.audits.length === 0) return;
  const file = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  ctx.audits.push({
    action: 'setup.imported',
    subjectType: 'setup-workbook',
    subjectId: file,
    after: { sheets: changed },
  });
  const rows = ctx.audits.map((a) => ({
    org_id: ctx.orgId,
    at: ctx.at,
    actor: ctx.user.userId,
    action: a.action,
    subject_type: a.subjectType,
    subject_id: a.subjectId,
    before: a.before === undefined ? null : JSON.stringify(a.before),
    after: a.after === undefined ? null : JSON.stringify(a.after),
  }));
  for (const part of chunks(rows)) await ctx.db.insertInto('audit_log').values(part).execute();
  await ctx.db
    .insertInto('outbox_events')
    .values({
      org_id: ctx.orgId,
      topic: 'setup.imported',
      aggregate_type: 'setup-workbook',
      aggregate_id: file,
      payload: JSON.stringify({ sheets: changed, by: ctx.user.userId }),
    })
    .execute();
}
