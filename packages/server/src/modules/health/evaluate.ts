import type { Health, HealthCheck } from '@shopfloor/sdk';
import { type Kysely, sql } from 'kysely';
import { currentVersion, latestVersion } from '../../db/migrations/index.js';
import type { Database } from '../../db/schema.js';
import { VERSION } from '../../version.js';
import { cachedTablePrivileges, forgetTablePrivileges } from '../checkup/privilege-cache.js';

const OUTBOX_LAG_DEGRADED_SECONDS = 300;
const lastWritable = new WeakMap<Kysely<Database>, boolean>();

/**
 * What `/health` answers and the health monitor watches: database reachable and writable, the
 * table privileges the server needs (cached ≤ 5 s), migrations current, sync outbox lag.
 */
export async function evaluateHealth(db: Kysely<Database>): Promise<Health> {
  const checks: Record<string, HealthCheck> = {};
  const started = performance.now();
  try {
    await sql`select 1`.execute(db);
    const write = await probeWrite(db);
    checks.db = { ...write, latencyMs: Math.round(performance.now() - started) };
    const writable = write.status === 'ok';
    if (lastWritable.has(db) && lastWritable.get(db) !== writable) forgetTablePrivileges(db);
    lastWritable.set(db, writable);
  } catch (err) {
    checks.db = { status: 'down', detail: `unreachable: ${(err as Error).message}` };
  }
  if (checks.db.status !== 'down') {
    // The write probe touches `settings` only: a REVOKE on any other table shows here.
    try {
      const report = await cachedTablePrivileges(db);
      checks.privileges =
        report.missing.length === 0
          ? { status: 'ok', detail: `role ${report.role} has every privilege it needs` }
          : {
              status: 'degraded',
              detail: `role ${report.role} lacks ${listed(report.missing.map((m) => `${m.privilege} on ${m.object}`))}`,
            };
    } catch (err) {
      checks.privileges = { status: 'degraded', detail: `cannot read privileges: ${(err as Error).message}` };
    }
    const version = await currentVersion(db);
    checks.migrations =
      version === latestVersion
        ? { status: 'ok', detail: `version ${version}` }
        : { status: 'degraded', detail: `database at version ${version}, code expects ${latestVersion}` };
    const lag = await sql<{ pending: number; oldest: number | null }>`
      select count(*)::int as pending, extract(epoch from (now() - min(created_at)))::float as oldest
      from outbox_events where delivered_at is null`.execute(db);
    const { pending, oldest } = lag.rows[0]!;
    const seconds = Math.round(Number(oldest ?? 0));
    checks.outbox = {
      status: seconds > OUTBOX_LAG_DEGRADED_SECONDS ? 'degraded' : 'ok',
      detail: `${pending} pending, oldest ${seconds} s`,
    };
  }
  const states = Object.values(checks).map((x) => x.status);
  const status = states.includes('down') ? 'down' : states.includes('degraded') ? 'degraded' : 'ok';
  return { status, version: VERSION, checks };
}

/** The first few of a list, and how many more: a role that lost everything must not flood /health. */
const listed = (names: string[], shown = 5) =>
  names.slice(0, shown).join(', ') + (names.length > shown ? ` and ${names.length - shown} more` : '');

/** A real write that is always rolled back: a database that lost INSERT rights shows as read-only. */
async function probeWrite(db: Kysely<Database>): Promise<HealthCheck> {
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
