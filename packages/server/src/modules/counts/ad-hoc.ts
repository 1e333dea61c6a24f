import type { AdHocCountInput, CycleCount } from '@shopfloor/sdk';
import type { AppDeps } from '../../deps.js';
import { badRequest, conflict } from '../../http/problem.js';
import type { Principal } from '../../http/session.js';
import { audit } from '../../shared/audit.js';
import { warehouseOutOfScope } from './errors.js';
import { classOf, countSettings } from './policy.js';
import { appDb, type CountDb } from './tables.js';
import { openTask } from './tasks.js';
import { countViews, decidesFor } from './view.js';

/** 临时盘点: a storekeeper counts any item-location of his warehouses, outside the plan. */
export async function createAdHocCount(
  db: CountDb,
  deps: AppDeps,
  user: Principal,
  input: AdHocCountInput,
): Promise<CycleCount> {
  const item = await db
    .selectFrom('items')
    .select(['code', 'abc_class'])
    .where('org_id', '=', user.orgId)
    .where('code', '=', input.item)
    .executeTakeFirst();
  const location = await db
    .selectFrom('locations')
    .select(['code', 'warehouse'])
    .where('org_id', '=', user.orgId)
    .where('code', '=', input.location)
    .executeTakeFirst();
  const errors = [
    ...(item ? [] : [{ path: 'item', message: `unknown item ${input.item}` }]),
    ...(location ? [] : [{ path: 'location', message: `unknown location ${input.location}` }]),
  ];
  if (!item || !location) throw badRequest(errors.map((e) => e.message).join('; '), errors);
  if (!decidesFor(user, location.warehouse)) throw warehouseOutOfScope(location.warehouse);
  const abc = classOf(item.abc_class);
  const lot = input.lot ?? '';
  const task = await openTask(db, {
    orgId: user.orgId,
    planId: null,
    item: item.code,
    location: location.code,
    warehouse: location.warehouse,
    lot,
    abcClass: abc,
    blind: input.blind ?? true,
    tolerancePct: countSettings(deps).tolerancePct[abc],
    by: user.userId,
    at: deps.clock.now(),
  });
  if (!task) {
    const live = await db
      .selectFrom('cycle_counts')
      .select('id')
      .where('org_id', '=', user.orgId)
      .where('item', '=', item.code)
      .where('location', '=', location.code)
      .where('lot', '=', lot)
      .where('status', 'in', ['open', 'pending-approval'])
      .executeTakeFirst();
    throw conflict('count-already-open', `${item.code} at ${location.code} has a count open already`, {
      count: live?.id ?? null,
      item: item.code,
      location: location.code,
    });
  }
  await audit(appDb(db), {
    orgId: user.orgId,
    actor: user.userId,
    action: 'cycle-count.create',
    subjectType: 'cycle-count',
    subjectId: task.id,
    after: { item: task.item, location: task.location, lot: task.lot, blind: task.blind },
  });
  return (await countViews(db, user, [task]))[0]!;
}
