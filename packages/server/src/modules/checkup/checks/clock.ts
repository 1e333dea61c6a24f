import type { CheckupCheck } from '@shopfloor/sdk/admin';
import { sql } from 'kysely';
import type { CheckupContext } from '../context.js';
import { check, say } from '../words.js';

/** Skew between this machine's clock and the database's `now()`, with the round trip taken out. */
export async function clockCheck(
  ctx: CheckupContext,
  serverNow: () => number = Date.now,
): Promise<CheckupCheck> {
  const before = serverNow();
  const r = await sql<{
    ms: string | number;
  }>`select (extract(epoch from clock_timestamp()) * 1000)::float8 as ms`.execute(ctx.db);
  const after = serverNow();
  const skew = Math.round(Number(r.rows[0]!.ms) - (before + after) / 2);
  const abs = Math.abs(skew);
  const { clockWarnMs, clockFailMs } = ctx.thresholds;
  const status = abs > clockFailMs ? 'fail' : abs > clockWarnMs ? 'warn' : 'ok';
  return check(
    'clock',
    status,
    say(`服务器与数据库时钟相差 ${skew} ms`, `server and database clocks differ by ${skew} ms`),
    say(
      '在服务器和数据库主机上启用 NTP 时间同步（如 chronyd 或 systemd-timesyncd）。',
      'Enable NTP time sync on the server and database hosts (chronyd or systemd-timesyncd).',
    ),
  );
}
