import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { releasedWorkOrder, report, seedProduction } from './fixtures-production.js';
import { startTestServer, type TestServer } from './harness.js';

describe('DATABASE_PREPARE', () => {
  it('is on by default, off on request, and nothing else', () => {
    expect(loadConfig({}).databasePrepare).toBe(true);
    expect(loadConfig({ DATABASE_PREPARE: 'on' }).databasePrepare).toBe(true);
    expect(loadConfig({ DATABASE_PREPARE: 'off' }).databasePrepare).toBe(false);
    expect(loadConfig({ DATABASE_PREPARE: '' }).databasePrepare).toBe(true);
    expect(() => loadConfig({ DATABASE_PREPARE: 'false' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_PREPARE: 'false' })).toThrow(
      'DATABASE_PREPARE: must be on or off (off behind PgBouncer in transaction mode)',
    );
  });
});

/**
 * Behind PgBouncer in transaction mode each transaction may run on another server connection, so a
 * statement prepared in one is unknown in the next. One pooled connection whose prepared statements
 * are dropped between requests (DEALLOCATE ALL) is the same thing, seen from the server.
 */
describe.skipIf(!process.env.SHOPFLOOR_TEST_PG_URL)('DATABASE_PREPARE on postgres', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const start = (prepare: 'on' | 'off') =>
    startTestServer({
      backend: 'postgres',
      env: { DATABASE_PREPARE: prepare, DATABASE_POOL_SIZE: '1' },
      seed: seedProduction,
    });
  /** What the next server connection of a transaction-mode pooler looks like: nothing prepared. */
  const newServerConnection = () => sql`deallocate all`.execute(server!.database.db);
  const prepared = async () =>
    Number(
      (
        await sql<{ n: string }>`select count(*) as n from pg_prepared_statements`.execute(
          server!.database.db,
        )
      ).rows[0]!.n,
    );

  /** Work orders, reports and reads, each request on a connection with nothing prepared. */
  async function work(): Promise<number[]> {
    const statuses: number[] = [];
    const token = await server!.token('pl-zhou');
    for (let round = 0; round < 3; round++) {
      await newServerConnection();
      const created = await fetch(`${server!.url}/api/v1/work-orders`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
          'Idempotency-Key': randomUUID(),
        },
        body: JSON.stringify({ item: 'TABLE', qty: 1, due: '2026-12-31' }),
      });
      statuses.push(created.status);
      await newServerConnection();
      const list = await fetch(`${server!.url}/api/v1/work-orders?item=TABLE`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      statuses.push(list.status);
    }
    return statuses;
  }

  it('with it off, serves while the server connection changes between transactions', async () => {
    server = await start('off');
    expect(await work()).toEqual([201, 200, 201, 200, 201, 200]);
    // A whole report, through the SDK, after one more switch of server connection.
    await newServerConnection();
    const wo = await releasedWorkOrder(await server.as('pl-zhou'), { item: 'CHAIR', qty: 2 });
    await newServerConnection();
    const done = await (await server.as('op-wang')).reports.create(wo.no, 10, report(2), {
      idempotencyKey: randomUUID(),
    });
    expect(done.goodQty).toBe(2);
    // Nothing was prepared under a name on the connection.
    expect(await prepared()).toBe(0);
  });

  it('with it on (the default), statements stay prepared: what breaks behind such a pooler', async () => {
    server = await start('on');
    await server.token('pl-zhou');
    await fetch(`${server.url}/api/v1/work-orders?item=TABLE`, {
      headers: { Authorization: `Bearer ${await server.token('pl-zhou')}` },
    });
    expect(await prepared()).toBeGreaterThan(0);
    // The same requests fail once the statements the client thinks prepared are gone.
    expect((await work()).some((status) => status >= 500)).toBe(true);
  });
});
