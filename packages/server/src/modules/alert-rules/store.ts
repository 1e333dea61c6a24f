import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../http/route.js';
import { isoShanghai } from '../../shared/time.js';
import type { AlertRule, AlertRuleInput, AlertRuleRow } from './rules.js';

export function ruleView(r: AlertRuleRow): AlertRule {
  return {
    id: r.id,
    name: r.name,
    active: r.active,
    kinds: r.kinds as AlertRule['kinds'],
    minSeverity: r.min_severity,
    workshops: r.workshops,
    warehouses: r.warehouses,
    recipients: { users: r.recipients.users ?? [], roles: r.recipients.roles ?? [] },
    channels: r.channels,
    quietHours: r.quiet_hours,
    escalation: r.escalation ?? [],
    createdBy: r.created_by,
    createdAt: isoShanghai(r.created_at)!,
    updatedBy: r.updated_by,
    updatedAt: isoShanghai(r.updated_at)!,
  };
}

export async function listRules(db: Db, orgId: string): Promise<AlertRuleRow[]> {
  const r = await sql<AlertRuleRow>`
    select * from alert_rules where org_id = ${orgId} order by created_at, id`.execute(db);
  return r.rows;
}

export async function findRule(db: Db, orgId: string, id: string): Promise<AlertRuleRow | undefined> {
  const r = await sql<AlertRuleRow>`
    select * from alert_rules where org_id = ${orgId} and id = ${id}`.execute(db);
  return r.rows[0];
}

export async function insertRule(
  db: Db,
  orgId: string,
  input: AlertRuleInput,
  by: string,
  at: Date,
  id: string = randomUUID(),
): Promise<AlertRuleRow> {
  const r = await sql<AlertRuleRow>`
    insert into alert_rules (id, org_id, name, active, kinds, min_severity, workshops, warehouses,
                             recipients, channels, quiet_hours, escalation,
                             created_by, created_at, updated_by, updated_at)
    values (${id}, ${orgId}, ${input.name}, ${input.active}, ${input.kinds}::text[], ${input.minSeverity},
            ${input.workshops}::text[], ${input.warehouses}::text[], ${JSON.stringify(input.recipients)}::jsonb,
            ${input.channels}::text[], ${input.quietHours ? JSON.stringify(input.quietHours) : null}::jsonb,
            ${JSON.stringify(input.escalation)}::jsonb, ${by}, ${at}::timestamptz, ${by}, ${at}::timestamptz)
    returning *`.execute(db);
  return r.rows[0]!;
}

export async function updateRule(
  db: Db,
  orgId: string,
  id: string,
  input: AlertRuleInput,
  by: string,
  at: Date,
): Promise<AlertRuleRow | undefined> {
  const r = await sql<AlertRuleRow>`
    update alert_rules set name = ${input.name}, active = ${input.active}, kinds = ${input.kinds}::text[],
      min_severity = ${input.minSeverity}, workshops = ${input.workshops}::text[],
      warehouses = ${input.warehouses}::text[], recipients = ${JSON.stringify(input.recipients)}::jsonb,
      channels = ${input.channels}::text[],
      quiet_hours = ${input.quietHours ? JSON.stringify(input.quietHours) : null}::jsonb,
      escalation = ${JSON.stringify(input.escalation)}::jsonb, updated_by = ${by}, updated_at = ${at}::timestamptz
    where org_id = ${orgId} and id = ${id}
    returning *`.execute(db);
  return r.rows[0];
}

export async function deleteRule(db: Db, orgId: string, id: string): Promise<AlertRuleRow | undefined> {
  const r = await sql<AlertRuleRow>`
    delete from alert_rules where org_id = ${orgId} and id = ${id} returning *`.execute(db);
  return r.rows[0];
}

/** The rule every org starts with: a late operation goes to its owner and its workshop's supervisor. */
export const DEFAULT_RULE: AlertRuleInput = {
  name: '工序逾期通知负责人和车间主管',
  active: true,
  kinds: ['overdue-operation'],
  minSeverity: 'info',
  workshops: [],
  warehouses: [],
  recipients: { users: [], roles: ['owner', 'supervisor'] },
  channels: ['dingtalk', 'wecom'],
  quietHours: null,
  escalation: [],
};

/**
 * Seeds DEFAULT_RULE once per org (a settings marker, so a rule the admin deleted stays deleted).
 * Safe when two replicas start together: the marker's insert decides.
 */
export async function seedDefaultRule(db: Db, orgId: string, at: Date): Promise<boolean> {
  const marker = await sql`
    insert into settings (key, value) values (${`alert-rules.default-seeded:${orgId}`}, ${at.toISOString()})
    on conflict (key) do nothing`.execute(db);
  if (Number(marker.numAffectedRows ?? 0) === 0) return false;
  await insertRule(db, orgId, DEFAULT_RULE, 'system', at);
  return true;
}
