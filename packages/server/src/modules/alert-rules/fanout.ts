import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { AppDeps } from '../../deps.js';
import type { Db } from '../../http/route.js';
import { quietUntil } from './quiet-hours.js';
import { type Directory, GROUP, loadDirectory, reachable, resolveRecipients } from './recipients.js';
import type { AlertRuleRow } from './rules.js';

/** Alerts opened longer ago than this are not fanned out at level 0 (a new rule does not replay history). */
export const FIRST_LEVEL_WINDOW_MS = 24 * 3_600_000;
/** Escalation steps end a week after the alert opened (the longest step rules.ts allows). */
export const ESCALATION_WINDOW_MS = 8 * 24 * 3_600_000;

interface Candidate {
  alert_id: string;
  org_id: string;
  severity: string;
  workshop: string | null;
  warehouse: string | null;
  owner: string | null;
  rule_id: string;
  level: number;
}

/**
 * Step 1 of the worker: each open alert matching an active rule gets its notification rows, at
 * level 0 once, and at level k once step k's minutes have passed while the alert is still open (not
 * acknowledged, not resolved). alert_fanouts records (alert, rule, level) in the same transaction as
 * the rows: a second worker's insert waits for the first's commit and then does nothing.
 */
export async function fanOut(deps: AppDeps, now: Date, limit = 500): Promise<number> {
  return deps.db.transaction().execute(async (tx) => {
    const due = await sql<Candidate>`
      select a.id as alert_id, a.org_id, a.severity, a.workshop, a.warehouse, a.owner, r.id as rule_id, lv.level
      from alerts a
      join alert_rules r on r.org_id = a.org_id and r.active
      cross join lateral (
        select 0 as level where a.opened_at >= ${new Date(now.getTime() - FIRST_LEVEL_WINDOW_MS)}::timestamptz
        union all
        select e.ordinality::int as level
        from jsonb_array_elements(r.escalation) with ordinality as e(step, ordinality)
        where a.opened_at + ((e.step->>'afterMinutes')::int * interval '1 minute') <= ${now}::timestamptz
      ) lv
      where a.status = 'open' and a.opened_at >= ${new Date(now.getTime() - ESCALATION_WINDOW_MS)}::timestamptz
        and (cardinality(r.kinds) = 0 or a.kind = any(r.kinds))
        and array_position(array['info', 'warning', 'critical'], a.severity)
            >= array_position(array['info', 'warning', 'critical'], r.min_severity)
        and (cardinality(r.workshops) = 0 or a.workshop = any(r.workshops))
        and (cardinality(r.warehouses) = 0 or a.warehouse = any(r.warehouses))
        and not exists (select 1 from alert_fanouts f
                        where f.org_id = a.org_id and f.alert_id = a.id and f.rule_id = r.id and f.level = lv.level)
      order by a.opened_at, a.id, r.created_at, lv.level
      limit ${limit}`.execute(tx);
    if (due.rows.length === 0) return 0;
    const rules = new Map<string, AlertRuleRow>();
    const dirs = new Map<string, Directory>();
    let queued = 0;
    for (const c of due.rows) {
      const claimed = await sql`
        insert into alert_fanouts (org_id, alert_id, rule_id, level, at)
        values (${c.org_id}, ${c.alert_id}, ${c.rule_id}, ${c.level}, ${now}::timestamptz)
        on conflict do nothing`.execute(tx);
      if (Number(claimed.numAffectedRows ?? 0) === 0) continue;
      let rule = rules.get(c.rule_id);
      if (!rule) {
        rule = (await sql<AlertRuleRow>`select * from alert_rules where id = ${c.rule_id}`.execute(tx))
          .rows[0]!;
        rules.set(c.rule_id, rule);
      }
      let dir = dirs.get(c.org_id);
      if (!dir) {
        dir = await loadDirectory(tx, c.org_id);
        dirs.set(c.org_id, dir);
      }
      queued += await queueLevel(deps, tx, c, rule, dir, now);
    }
    return queued;
  });
}

async function queueLevel(
  deps: AppDeps,
  tx: Db,
  c: Candidate,
  rule: AlertRuleRow,
  dir: Directory,
  now: Date,
): Promise<number> {
  const recipients = c.level === 0 ? rule.recipients : rule.escalation[c.level - 1]?.recipients;
  if (!recipients) return 0;
  const users = resolveRecipients(recipients, c, dir);
  const targets: { user: string; channel: string }[] = [];
  for (const channel of rule.channels) {
    if (channel.startsWith('robot:')) targets.push({ user: GROUP, channel });
    else
      for (const id of users)
        if (reachable(deps, dir.users.get(id)!, channel)) targets.push({ user: id, channel });
  }
  if (targets.length === 0) return 0;
  // Critical alerts go at once; the others wait for the end of the rule's quiet hours.
  const held = c.severity === 'critical' ? null : quietUntil(now, rule.quiet_hours);
  const r = await sql`
    insert into alert_notifications (id, org_id, alert_id, level, user_id, channel, rule_id, state, next_attempt_at, created_at)
    values ${sql.join(
      targets.map(
        (t) =>
          sql`(${randomUUID()}, ${c.org_id}, ${c.alert_id}, ${c.level}, ${t.user}, ${t.channel}, ${rule.id},
               ${held ? 'held' : 'queued'}, ${held ?? now}::timestamptz, ${now}::timestamptz)`,
      ),
    )}
    on conflict do nothing`.execute(tx);
  return Number(r.numAffectedRows ?? 0);
}
