import { Health } from '@shopfloor/sdk';
import { sql } from 'kysely';
import { currentVersion, latestVersion } from '../../db/migrations/index.js';
import { defineRoute } from '../../http/route.js';
import { VERSION } from '../../version.js';

type Check = { status: 'ok' | 'degraded' | 'down'; detail?: string; latencyMs?: number };
const OUTBOX_LAG_DEGRADED_SECONDS = 300;

export const healthRoutes = [
  defineRoute({
    method: 'get',
    path: '/health',
    summary: 'Health: database reachable and writable, migrations current, sync outbox lag',
    description:
      '200 when ok or degraded, 503 when down. Writability is probed with a real insert in a rolled-back transaction.',
    tags: ['health'],
    auth: 'public',
    response: Health,
    errors: [503],
    async handler({ deps, c }) {
      const checks: Record<string, Check> = {};
      const started = performance.now();
      try {
        await sql`select 1`.execute(deps.db);
        const write = await probeWrite(deps.db);
        checks.db = { ...write, latencyMs: Math.round(performance.now() - started) };
      } catch (err) {
        checks.db = { status: 'down', detail: `unreachable: ${(err as Error).message}` };
      }
      if (checks.db.status !== 'down') {
        const version = await currentVersion(deps.db);
        checks.migrations =
          version === latestVersion
            ? { status: 'ok', detail: `version ${version}` }
            : { status: 'degraded', detail: `database at version ${version}, code expects ${latestVersion}` };
        const lag = await sql<{ pending: number; oldest: number | null }>`
          select count(*)::int as pending, extract(epoch from (now() - min(created_at)))::float as oldest
          from outbox_events where delivered_at is null`.execute(deps.db);
        const { pending, oldest } = lag.rows[0]!;
        const seconds = Math.round(Number(oldest ?? 0));
        checks.outbox = {
          status: seconds > OUTBOX_LAG_DEGRADED_SECONDS ? 'degraded' : 'ok',
          detail: `${pending} pending, oldest ${seconds} s`,
        };
      }
      const states = Object.values(checks).map((x) => x.status);
      const status = states.includes('down') ? 'down' : states.includes('degraded') ? 'degraded' : 'ok';
      const body = { status, version: VERSION, checks } as const;
      return c.json(body, status === 'down' ? 503 : 200);
    },
  }),
];

/** A real write that is always rolled back: a database that lost INSERT rights shows as read-only. */
async function probeWrite(db: Parameters<typeof currentVersion>[0]): Promise<Check> {
  const rollback = new Error('rollback');
  try {
    await db.transaction().execute(async (tx) => {
      await tx
        .insertInto('settings')
        .values({ key: `health-probe-${Date.now()}`, value: 'x' })
        .execute();
      throw rollback;
    });
  } catch (err) {
    if (err === rollback) return { status: 'ok', detail: 'read-write' };
    return { status: 'degraded', detail: `read-only: ${(err as Error).message}` };
  }
  return { status: 'ok', detail: 'read-write' };
}
