import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PURGE_BATCH } from '../src/http/idempotency-retention.js';
import { seedUsers } from './fixtures.js';
import { backends, startTestServer, type TestServer } from './harness.js';

const DAY = 86_400_000;

/**
 * Idempotency keys are kept SHOPFLOOR_IDEMPOTENCY_KEEP_DAYS (here 30) and deleted after, in batches,
 * at most hourly: a year of reports would otherwise keep a million rows. A key within the
 * retention still answers its retry with the stored answer.
 */
describe.each(backends())('idempotency key retention on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      backend,
      seed: seedUsers,
      env: { SHOPFLOOR_IDEMPOTENCY_KEEP_DAYS: '30' },
    });
  });
  afterAll(() => server?.close());

  const org = () => server.deps.config.orgId;
  const tag = randomUUID().slice(0, 8);
  /** `n` keys stored `daysAgo` days before the test clock, named `${prefix}-${i}`. */
  async function storeKeys(prefix: string, n: number, daysAgo: number) {
    const at = new Date(server.clock.now().getTime() - daysAgo * DAY);
    await sql`insert into idempotency_keys (org_id, key, user_id, request_hash, status_code, response, created_at)
      select ${org()}, ${`${tag}-${prefix}-`} || i, 'admin', 'h', 201, '{}'::jsonb, ${at}
      from generate_series(1, ${n}) i`.execute(server.database.db);
  }
  const left = async (prefix: string) =>
    Number(
      (
        await sql<{
          n: string;
        }>`select count(*) n from idempotency_keys where key like ${`${tag}-${prefix}-%`}`.execute(
          server.database.db,
        )
      ).rows[0]!.n,
    );

  it('deletes the keys older than the retention in batches, keeps the newer ones, and runs at most hourly', async () => {
    // More than one batch of old keys, so the loop must go round.
    await storeKeys('old', PURGE_BATCH + 321, 31);
    await storeKeys('new', 40, 29);
    const worker = server.services.workers.idempotencyRetention;
    expect(await worker.tick()).toBeGreaterThanOrEqual(PURGE_BATCH + 321);
    expect(await left('old')).toBe(0);
    expect(await left('new')).toBe(40);

    // Within the hour nothing runs, even with keys now past the retention.
    await storeKeys('later', 5, 45);
    expect(await worker.tick()).toBe(0);
    expect(await left('later')).toBe(5);
    server.clock.advance(3_600_000);
    expect(await worker.tick()).toBe(5);
    expect(await left('later')).toBe(0);
  });

  it('still answers a retry within the retention with the stored answer', async () => {
    const planner = await server.as('admin');
    const key = randomUUID();
    const item = { code: `IR-${tag}`, name: '保留期', uom: 'pcs', type: 'buy' as const };
    const first = await planner.items.create(item, { idempotencyKey: key });
    server.clock.advance(3_600_000);
    await server.services.workers.idempotencyRetention.tick();
    const again = await planner.items.create(item, { idempotencyKey: key });
    expect(again).toEqual(first);
  });

  it('refuses a retention under 7 days at start', async () => {
    await expect(startTestServer({ backend, env: { SHOPFLOOR_IDEMPOTENCY_KEEP_DAYS: '2' } })).rejects.toThrow(
      /SHOPFLOOR_IDEMPOTENCY_KEEP_DAYS/,
    );
  });
});
