import type { CheckupCheck } from '@shopfloor/sdk/admin';
import { sql } from 'kysely';
import { ALERT_AFTER_ATTEMPTS } from '../../sync/backoff.js';
import type { CheckupContext } from '../context.js';
import { check, say } from '../words.js';

/** How far behind the outbox is: the oldest event not delivered yet. */
export async function outboxCheck(ctx: CheckupContext): Promise<CheckupCheck> {
  const r = await sql<{ pending: number; oldest: Date | null }>`
    select count(*)::int as pending, min(created_at) as oldest
    from outbox_events where delivered_at is null and org_id = ${ctx.config.orgId}`.execute(ctx.db);
  const { pending, oldest } = r.rows[0]!;
  const seconds = oldest
    ? Math.max(0, Math.round((ctx.clock.now().getTime() - new Date(oldest).getTime()) / 1000))
    : 0;
  const { outboxLagWarnSeconds, outboxLagFailSeconds } = ctx.thresholds;
  const status = seconds > outboxLagFailSeconds ? 'fail' : seconds > outboxLagWarnSeconds ? 'warn' : 'ok';
  return check(
    'sync.outbox',
    status,
    say(
      `待同步事件 ${pending} 条，最早的已等 ${seconds} 秒`,
      `${pending} events waiting, the oldest for ${seconds} s`,
    ),
    say(
      '确认服务器的同步任务在运行，并用 GET /api/v1/sync/connectors 查看哪个连接器在失败（lastError）。',
      'Make sure the server’s sync worker runs, and see which connector fails with GET /api/v1/sync/connectors (lastError).',
    ),
  );
}

/** Deliveries that failed ALERT_AFTER_ATTEMPTS times or more: they need a person. */
export async function deadLettersCheck(ctx: CheckupContext): Promise<CheckupCheck> {
  const r = await sql<{ n: number; connectors: string[] | null }>`
    select count(*)::int as n, array_agg(distinct c.name) as connectors
    from sync_deliveries d join sync_connectors c on c.id = d.connector_id
    where d.org_id = ${ctx.config.orgId} and d.delivered_at is null and d.attempts >= ${ALERT_AFTER_ATTEMPTS}`.execute(
    ctx.db,
  );
  const { n, connectors } = r.rows[0]!;
  const status = n >= ctx.thresholds.deadLettersFail ? 'fail' : 'ok';
  return check(
    'sync.dead-letters',
    status,
    say(
      `投递失败 ${ALERT_AFTER_ATTEMPTS} 次以上的事件 ${n} 条`,
      `${n} deliveries failed ${ALERT_AFTER_ATTEMPTS} times or more`,
    ),
    say(
      `修好连接器「${(connectors ?? []).join('、')}」的目标后，用 POST /api/v1/sync/events/{id}/retry 重新投递。`,
      `Fix the target of connector(s) ${(connectors ?? []).join(', ')}, then redeliver with POST /api/v1/sync/events/{id}/retry.`,
    ),
    connectors ?? undefined,
  );
}

/** Enabled connectors whose last attempt failed. */
export async function connectorsCheck(ctx: CheckupContext): Promise<CheckupCheck> {
  const rows = await ctx.db
    .selectFrom('sync_connectors')
    .select(['name', 'kind', 'last_error'])
    .where('org_id', '=', ctx.config.orgId)
    .where('enabled', '=', true)
    .where('last_error', 'is not', null)
    .orderBy('name')
    .execute();
  if (rows.length === 0)
    return check('sync.connectors', 'ok', say('没有正在失败的连接器', 'no connector is failing'));
  const names = rows.map((r) => r.name);
  return check(
    'sync.connectors',
    'warn',
    say(
      `${rows.length} 个连接器正在失败：${names.join('、')}`,
      `${rows.length} connector(s) failing: ${names.join(', ')}`,
    ),
    say(
      '按错误信息检查这些连接器的地址与密钥（GET /api/v1/sync/connectors）。',
      'Check the address and secret of these connectors against their errors (GET /api/v1/sync/connectors).',
    ),
    rows.map((r) => `${r.name} (${r.kind}): ${r.last_error}`),
  );
}
