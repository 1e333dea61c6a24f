import { qty } from '../../shared/numbers.js';
import { chunks, counts, firstByKey, type ImportContext, type SheetPlan } from './context.js';
import type { People } from './people.js';
import type { StoredPlant } from './plant.js';
import type { Rec, Records } from './records.js';

export interface StoredOperation {
  seq: number;
  name: string;
  workshop: string;
  workCenter: string | null;
  standardMinutes: number;
  setupMinutes: number;
  owner: string | null;
}

export async function loadRoutings(ctx: Pick<ImportContext, 'db' | 'orgId'>) {
  const rows = await ctx.db
    .selectFrom('routings')
    .selectAll()
    .where('org_id', '=', ctx.orgId)
    .orderBy('item')
    .orderBy('seq')
    .execute();
  const byItem = new Map<string, StoredOperation[]>();
  for (const row of rows) {
    const ops = byItem.get(row.item) ?? [];
    ops.push({
      seq: row.seq,
      name: row.name,
      workshop: row.workshop,
      workCenter: row.work_center,
      standardMinutes: qty(row.standard_minutes),
      setupMinutes: qty(row.setup_minutes),
      owner: row.owner,
    });
    byItem.set(row.item, ops);
  }
  return byItem;
}

const opKey = (op: StoredOperation) =>
  JSON.stringify([
    op.seq,
    op.name,
    op.workshop,
    op.workCenter,
    op.standardMinutes,
    op.setupMinutes,
    op.owner,
  ]);

/**
 * 工艺路线: the operations of every item in the sheet replace that item's routing, like
 * `PUT /routings/{item}`; items not in the sheet keep theirs. An item whose operations are the
 * stored ones is left untouched. A blank workshop is the work center's; references are checked
 * for operations that change (a stored one may name a work center the plant never registered).
 */
export function planRoutings(
  ctx: ImportContext,
  plant: StoredPlant,
  people: People,
  storedItems: ReadonlySet<string>,
  stored: Map<string, StoredOperation[]>,
): SheetPlan {
  const c = counts('routings');
  const rows = firstByKey(
    ctx,
    'routings',
    ctx.records.routings,
    (r) => `${r.value.item}\u0000${r.value.seq}`,
    'seq',
    (r) => `${r.value.item} ${r.value.seq}`,
  );
  const fileCenters = new Map(ctx.records.workCenters.map((r) => [r.value.code, r.value.workshop]));
  const byItem = new Map<string, Rec<Records['routings'][number]['value']>[]>();
  for (const r of rows) byItem.set(r.value.item, [...(byItem.get(r.value.item) ?? []), r]);

  const replaced = new Map<string, StoredOperation[]>();
  for (const [item, itemRows] of byItem) {
    if (!storedItems.has(item) && !ctx.records.declared.items.has(item)) {
      for (const r of itemRows) {
        ctx.problems.add(
          'routings',
          r.row,
          'item',
          `物料 ${item} 不存在：请在 物料(items) 表中添加`,
          `no item ${item}: add it to the items sheet`,
        );
      }
      continue;
    }
    const before = stored.get(item) ?? [];
    const ops: { row: number; op: StoredOperation }[] = [];
    let ok = true;
    for (const { row, value } of itemRows) {
      const op = operationOf(ctx, row, value, plant, fileCenters, people, before);
      if (op) ops.push({ row, op });
      else ok = false;
    }
    if (!ok) continue;
    ops.sort((a, b) => a.op.seq - b.op.seq);
    const keys = ops.map((o) => opKey(o.op));
    const beforeKeys = before.map(opKey);
    if (keys.length === beforeKeys.length && keys.every((k, i) => k === beforeKeys[i])) {
      c.unchanged += ops.length;
      continue;
    }
    for (const { op } of ops) {
      const old = before.find((b) => b.seq === op.seq);
      if (!old) c.created++;
      else if (opKey(old) === opKey(op)) c.unchanged++;
      else c.updated++;
    }
    const removed = before.filter((b) => !ops.some((o) => o.op.seq === b.seq)).length;
    if (removed > 0) c.removed = (c.removed ?? 0) + removed;
    replaced.set(
      item,
      ops.map((o) => o.op),
    );
    ctx.audits.push({
      action: 'routing.replace',
      subjectType: 'routing',
      subjectId: item,
      ...(before.length > 0 ? { before } : {}),
      after: ops.map((o) => o.op),
    });
  }

  return {
    counts: c,
    async apply({ db, orgId }) {
      const items = [...replaced.keys()];
      for (const part of chunks(items)) {
        await db.deleteFrom('routings').where('org_id', '=', orgId).where('item', 'in', part).execute();
      }
      const rows = [...replaced].flatMap(([item, ops]) =>
        ops.map((op) => ({
          org_id: orgId,
          item,
          seq: op.seq,
          name: op.name,
          workshop: op.workshop,
          work_center: op.workCenter,
          standard_minutes: op.standardMinutes,
          setup_minutes: op.setupMinutes,
          owner: op.owner,
        })),
      );
      for (const part of chunks(rows)) await db.insertInto('routings').values(part).execute();
      // Subscribers of routing changes hear the same event as from PUT /routings/{item}.
      const events = [...replaced].map(([item, ops]) => ({
        org_id: orgId,
        topic: 'routing.changed',
        aggregate_type: 'routing',
        aggregate_id: item,
        payload: JSON.stringify({
          item,
          operations: ops.map((op) => ({
            seq: op.seq,
            name: op.name,
            workshop: op.workshop,
            workCenter: op.workCenter ?? op.workshop,
            standardMinutes: op.standardMinutes,
            ...(op.setupMinutes !== 0 ? { setupMinutes: op.setupMinutes } : {}),
            ...(op.owner ? { owner: op.owner } : {}),
          })),
        }),
      }));
      for (const part of chunks(events)) await db.insertInto('outbox_events').values(part).execute();
    },
  };
}

function operationOf(
  ctx: ImportContext,
  row: number,
  value: Records['routings'][number]['value'],
  plant: StoredPlant,
  fileCenters: Map<string, string>,
  people: People,
  before: readonly StoredOperation[],
): StoredOperation | undefined {
  const center = value.workCenter ?? null;
  const centerWorkshop =
    center === null ? undefined : (fileCenters.get(center) ?? plant.workCenters.get(center)?.workshop);
  const workshop = value.workshop ?? centerWorkshop;
  if (workshop === undefined) {
    ctx.problems.add(
      'routings',
      row,
      'workshop',
      '请填写车间，或填写已有的工作中心',
      'give the workshop, or a known work center',
    );
    return undefined;
  }
  let owner: string | null = null;
  if (value.owner !== undefined) {
    const person = people.resolve(value.owner);
    if (!('id' in person)) {
      ctx.problems.add('routings', row, 'owner', person.zh, person.en);
      return undefined;
    }
    owner = person.id;
  }
  const op: StoredOperation = {
    seq: value.seq,
    name: value.name,
    workshop,
    workCenter: center,
    standardMinutes: value.standardMinutes ?? 0,
    setupMinutes: value.setupMinutes ?? 0,
    owner,
  };
  const old = before.find((b) => b.seq === op.seq);
  if (old && opKey(old) === opKey(op)) return op;
  let ok = true;
  const workshopRow = plant.workshops.get(workshop);
  if (workshopRow ? !workshopRow.active : !ctx.records.declared.workshops.has(workshop)) {
    ctx.problems.add(
      'routings',
      row,
      'workshop',
      workshopRow ? `车间 ${workshop} 已停用` : `车间 ${workshop} 不存在：请在 workshops 表中添加`,
      workshopRow
        ? `workshop ${workshop} is deactivated`
        : `no workshop ${workshop}: add it to the workshops sheet`,
    );
    ok = false;
  }
  if (center !== null) {
    const centerRow = plant.workCenters.get(center);
    if (centerRow ? !centerRow.active : !ctx.records.declared.workCenters.has(center)) {
      ctx.problems.add(
        'routings',
        row,
        'workCenter',
        centerRow ? `工作中心 ${center} 已停用` : `工作中心 ${center} 不存在：请在 workCenters 表中添加`,
        centerRow
          ? `work center ${center} is deactivated`
          : `no work center ${center}: add it to the workCenters sheet`,
      );
      ok = false;
    } else if (centerWorkshop !== undefined && centerWorkshop !== workshop) {
      ctx.problems.add(
        'routings',
        row,
        'workshop',
        `工作中心 ${center} 属于车间 ${centerWorkshop}，不是 ${workshop}`,
        `work center ${center} belongs to workshop ${centerWorkshop}, not ${workshop}`,
      );
      ok = false;
    }
  }
  return ok ? op : undefined;
}
