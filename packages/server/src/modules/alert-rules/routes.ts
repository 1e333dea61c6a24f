import { sql } from 'kysely';
import { forbidden, notFound } from '../../http/problem.js';
import { type AnyRoute, type Db, defineRoute, z } from '../../http/route.js';
import type { Principal } from '../../http/session.js';
import { audit } from '../../shared/audit.js';
import { isoShanghai } from '../../shared/time.js';
import { AlertNotification, AlertRule, AlertRuleInput, type AlertRuleRow } from './rules.js';
import { deleteRule, findRule, insertRule, listRules, ruleView, updateRule } from './store.js';
import { checkReferences } from './validate.js';

const RuleParams = z.object({ id: z.uuid() });

const audited = (r: AlertRuleRow) => {
  const { createdAt: _c, updatedAt: _u, ...rest } = ruleView(r);
  return rest;
};

/** Planners and admins read rules and notification records; so do workshop supervisors (not a role). */
async function mayRead(db: Db, user: Principal): Promise<void> {
  if (user.roles.includes('admin') || user.roles.includes('planner')) return;
  const supervises = await db
    .selectFrom('workshops')
    .select('code')
    .where('org_id', '=', user.orgId)
    .where('supervisor', '=', user.userId)
    .executeTakeFirst();
  if (!supervises) throw forbidden('this needs the role planner or admin, or the supervisor of a workshop');
}

const listAlertRules = defineRoute({
  method: 'get',
  path: '/alert-rules',
  summary: 'Alert rules of the org (预警规则): who is told of which alerts, on which channels',
  tags: ['alerts'],
  auth: 'any',
  response: z.object({ items: z.array(AlertRule), nextCursor: z.null() }),
  errors: [403],
  async handler({ user, db }) {
    await mayRead(db, user);
    return { items: (await listRules(db, user.orgId)).map(ruleView), nextCursor: null };
  },
});

const createAlertRule = defineRoute({
  method: 'post',
  path: '/alert-rules',
  summary:
    'Create an alert rule (admin); unknown users, workshops, warehouses or robots are refused with their field path',
  tags: ['alerts'],
  auth: ['admin'],
  body: AlertRuleInput,
  response: AlertRule,
  async handler({ body, user, db, deps }) {
    await checkReferences(db, deps, user.orgId, body);
    const row = await insertRule(db, user.orgId, body, user.userId, deps.clock.now());
    await audit(db, {
      orgId: user.orgId,
      actor: user.userId,
      action: 'alert-rule.created',
      subjectType: 'alert-rule',
      subjectId: row.id,
      after: audited(row),
    });
    return ruleView(row);
  },
});

const updateAlertRule = defineRoute({
  method: 'put',
  path: '/alert-rules/{id}',
  summary: 'Replace an alert rule (admin); notifications already queued keep going',
  tags: ['alerts'],
  auth: ['admin'],
  params: RuleParams,
  body: AlertRuleInput,
  response: AlertRule,
  errors: [404],
  async handler({ params, body, user, db, deps }) {
    const before = await findRule(db, user.orgId, params.id);
    if (!before) throw notFound(`no alert rule ${params.id}`);
    await checkReferences(db, deps, user.orgId, body);
    const row = (await updateRule(db, user.orgId, params.id, body, user.userId, deps.clock.now()))!;
    await audit(db, {
      orgId: user.orgId,
      actor: user.userId,
      action: 'alert-rule.updated',
      subjectType: 'alert-rule',
      subjectId: row.id,
      before: audited(before),
      after: audited(row),
    });
    return ruleView(row);
  },
});

const deleteAlertRule = defineRoute({
  method: 'delete',
  path: '/alert-rules/{id}',
  summary: 'Delete an alert rule (admin); its notification history stays readable per alert',
  tags: ['alerts'],
  auth: ['admin'],
  params: RuleParams,
  response: AlertRule,
  status: 200,
  errors: [404],
  async handler({ params, user, db }) {
    const row = await deleteRule(db, user.orgId, params.id);
    if (!row) throw notFound(`no alert rule ${params.id}`);
    await audit(db, {
      orgId: user.orgId,
      actor: user.userId,
      action: 'alert-rule.deleted',
      subjectType: 'alert-rule',
      subjectId: row.id,
      before: audited(row),
    });
    return ruleView(row);
  },
});

interface NotificationRow {
  level: number;
  user_id: string;
  user_name: string | null;
  channel: string;
  state: AlertNotification['state'];
  attempts: number;
  next_attempt_at: Date;
  sent_at: Date | null;
  error: string | null;
  rule_id: string | null;
  rule_name: string | null;
  created_at: Date;
}

export async function notificationsOf(db: Db, orgId: string, alertId: string): Promise<AlertNotification[]> {
  const r = await sql<NotificationRow>`
    select n.level, n.user_id, u.name as user_name, n.channel, n.state, n.attempts, n.next_attempt_at,
           n.sent_at, n.error, n.rule_id, r.name as rule_name, n.created_at
    from alert_notifications n
    left join users u on u.org_id = n.org_id and u.id = n.user_id
    left join alert_rules r on r.id = n.rule_id
    where n.org_id = ${orgId} and n.alert_id = ${alertId}
    order by n.level, n.created_at, n.user_id, n.channel`.execute(db);
  return r.rows.map((n) => ({
    level: n.level,
    user: n.user_id,
    userName: n.user_name,
    channel: n.channel,
    state: n.state,
    attempts: n.attempts,
    nextAttemptAt: n.state === 'queued' || n.state === 'held' ? isoShanghai(n.next_attempt_at) : null,
    sentAt: isoShanghai(n.sent_at),
    error: n.error,
    rule: n.rule_id,
    ruleName: n.rule_name,
    createdAt: isoShanghai(n.created_at)!,
  }));
}

const listNotifications = defineRoute({
  method: 'get',
  path: '/alerts/{id}/notifications',
  summary: 'Who was told of an alert (通知记录): person, channel, level, state, when, error',
  tags: ['alerts'],
  auth: 'any',
  params: RuleParams,
  response: z.object({ items: z.array(AlertNotification), nextCursor: z.null() }),
  errors: [403, 404],
  async handler({ params, user, db }) {
    await mayRead(db, user);
    const alert = await db
      .selectFrom('alerts')
      .select('id')
      .where('org_id', '=', user.orgId)
      .where('id', '=', params.id)
      .executeTakeFirst();
    if (!alert) throw notFound(`no alert ${params.id}`);
    return { items: await notificationsOf(db, user.orgId, params.id), nextCursor: null };
  },
});

export const alertRulesRoutes: AnyRoute[] = [
  listAlertRules,
  createAlertRule,
  updateAlertRule,
  deleteAlertRule,
  listNotifications,
];
