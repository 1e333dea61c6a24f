import type { AppDeps } from '../../deps.js';
import type { Worker } from '../../shared/worker.js';
import { makeWeeklyPlan } from './plan.js';
import { countsDb } from './tables.js';
import { mondayOf, planDueAt } from './week.js';

/**
 * The weekly count plan, due every Monday 06:00 Asia/Shanghai (made later in the week if no
 * server ran then). Replicas that tick together make one plan: count_plans is unique per org and
 * week. The process remembers the week it planned so it asks the database once a week.
 */
export function createCountPlanWorker(deps: AppDeps): Worker {
  let plannedWeek: string | undefined;
  return {
    name: 'count-plan',
    async tick() {
      const now = deps.clock.now();
      const week = mondayOf(now);
      if (plannedWeek === week || now < planDueAt(now)) return 0;
      const orgs = await deps.db.selectFrom('orgs').select('id').execute();
      let made = 0;
      for (const org of orgs) {
        const plan = await deps.db
          .transaction()
          .execute((tx) => makeWeeklyPlan(countsDb(tx), deps, org.id, 'system', now));
        if (plan) made++;
      }
      plannedWeek = week;
      return made;
    },
  };
}
