import type { CheckupCheck } from '@shopfloor/sdk/admin';
import { sql } from 'kysely';
import type { CheckupContext } from '../context.js';
import { check, say } from '../words.js';

/** Nobody to administer, or one person who may leave: both a risk (双人复核 needs two). */
export async function adminsCheck(ctx: CheckupContext): Promise<CheckupCheck> {
  const rows = await ctx.db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('org_id', '=', ctx.config.orgId)
    .where('active', '=', true)
    .where(sql<boolean>`'admin' = any(roles)`)
    .orderBy('id')
    .execute();
  const n = rows.length;
  return check(
    'security.admins',
    n >= 2 ? 'ok' : 'warn',
    say(`有效管理员 ${n} 人`, `${n} active administrator(s)`),
    n === 0
      ? say(
          '用 SHOPFLOOR_ADMINS 或 shopfloor admin grant 指定一位管理员。',
          'Name an administrator with SHOPFLOOR_ADMINS or shopfloor admin grant.',
        )
      : say(
          '再指定一位管理员：权限变更需要第二人复核，一人离开时也不至于无人管理。',
          'Name a second administrator: role changes need a second approver, and one leaving must not lock you out.',
        ),
    rows.map((r) => `${r.id} ${r.name}`),
  );
}

/** API tokens not revoked and not used for tokenIdleDays: forgotten integrations keep their keys. */
export async function tokensCheck(ctx: CheckupContext): Promise<CheckupCheck> {
  const days = ctx.thresholds.tokenIdleDays;
  const cutoff = new Date(ctx.clock.now().getTime() - days * 86_400_000);
  const rows = await ctx.db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'user_id'])
    .where('org_id', '=', ctx.config.orgId)
    .where('revoked_at', 'is', null)
    .where(sql<boolean>`coalesce(last_used_at, created_at) < ${cutoff}`)
    .orderBy('created_at')
    .execute();
  return check(
    'security.tokens',
    rows.length === 0 ? 'ok' : 'warn',
    say(
      `${rows.length} 个 API 令牌超过 ${days} 天未使用`,
      `${rows.length} API token(s) unused for ${days} days`,
    ),
    say('在控制台撤销不再使用的 API 令牌。', 'Revoke the API tokens nobody uses any more, on the console.'),
    rows.map((r) => `${r.name} (${r.user_id}, ${r.id})`),
  );
}

/** A generated secret lives in the database: whoever holds a copy of it can sign sessions. */
export async function sessionSecretCheck(ctx: CheckupContext): Promise<CheckupCheck> {
  if (ctx.config.sessionSecret) {
    return check(
      'security.session-secret',
      'ok',
      say('会话密钥由 SHOPFLOOR_SESSION_SECRET 配置', 'session secret configured (SHOPFLOOR_SESSION_SECRET)'),
    );
  }
  return check(
    'security.session-secret',
    ctx.config.demo ? 'ok' : 'warn',
    say('会话密钥由服务器生成并保存在数据库中', 'session secret generated and kept in the database'),
    say(
      '生产环境请设置 SHOPFLOOR_SESSION_SECRET（至少 32 个字符），使数据库副本无法用来伪造登录。',
      'In production set SHOPFLOOR_SESSION_SECRET (32+ characters), so a copy of the database cannot sign sessions.',
    ),
  );
}
