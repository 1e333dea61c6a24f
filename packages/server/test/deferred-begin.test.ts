import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callStatement, type DatabaseHandle, openDatabase, severalStatementsOf } from '../src/db/database.js';

/**
 * PostgreSQL handles of openDatabase send a transaction's BEGIN with its first statement when that
 * one has no parameters, and answer the rows of every statement of a string of several. One pooled
 * connection: whatever a transaction leaves behind, the next one meets it.
 */
describe.skipIf(!process.env.SHOPFLOOR_TEST_PG_URL)('BEGIN with the first statement (postgres)', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openDatabase({
      url: process.env.SHOPFLOOR_TEST_PG_URL!,
      schema: `deferred_${randomUUID().slice(0, 8)}`,
      poolSize: 1,
    });
    await sql`create table t (x int)`.execute(handle.db);
  });
  afterAll(async () => {
    if (!handle) return;
    await sql
      .raw(
        `drop schema ${(await sql<{ s: string }>`select current_schema() as s`.execute(handle.db)).rows[0]!.s} cascade`,
      )
      .execute(handle.db);
    await handle.close();
  });

  const count = async () =>
    (await sql<{ n: number }>`select count(*)::int as n from t`.execute(handle.db)).rows[0]!.n;
  /** now() is the transaction's start: the same in every statement of one transaction. */
  const startTimes = (first: 'plain' | 'parameters') =>
    handle.db.transaction().execute(async (tx) => {
      const a =
        first === 'plain'
          ? await sql<{ t: Date }>`select now() as t`.execute(tx)
          : await sql<{ t: Date }>`select now() + ${'0 s'}::interval as t`.execute(tx);
      await sql`select pg_sleep(0.02)`.execute(tx);
      const b = await sql<{ t: Date }>`select now() as t`.execute(tx);
      return [a.rows[0]!.t.getTime(), b.rows[0]!.t.getTime()];
    });

  it('runs every statement of a transaction in it, whatever its first statement', async () => {
    for (const first of ['plain', 'parameters'] as const) {
      const [a, b] = await startTimes(first);
      expect(a).toBe(b);
    }
  });

  it('answers the rows of every statement of a string, in order', async () => {
    const inTx = await handle.db
      .transaction()
      .execute((tx) => sql`select 1 as a; select 2 as b, 3 as c`.execute(tx));
    expect(inTx.rows).toEqual([{ a: 1 }, { b: 2, c: 3 }]);
    const alone = await sql`select 1 as a; select 2 as b`.execute(handle.db);
    expect(alone.rows).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('rolls back what a plain first statement wrote, and commits it otherwise', async () => {
    const before = await count();
    await expect(
      handle.db.transaction().execute(async (tx) => {
        await sql`insert into t values (1)`.execute(tx);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await count()).toBe(before);
    await expect(
      handle.db.transaction().execute(async (tx) => {
        await sql`insert into t values (1); select 1/0`.execute(tx);
      }),
    ).rejects.toThrow('division by zero');
    expect(await count()).toBe(before);
    await handle.db.transaction().execute((tx) => sql`insert into t values (2)`.execute(tx));
    expect(await count()).toBe(before + 1);
  });

  it('ends a transaction that ran nothing, and starts one with an isolation level at once', async () => {
    await handle.db.transaction().execute(async () => undefined);
    await expect(
      handle.db.transaction().execute(async () => {
        throw new Error('nothing ran');
      }),
    ).rejects.toThrow('nothing ran');
    const level = await handle.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute((tx) => sql<{ l: string }>`select current_setting('transaction_isolation') as l`.execute(tx));
    expect(level.rows[0]!.l).toBe('repeatable read');
    // Not left inside a transaction: outside one, now() moves between statements.
    const a = (await sql<{ t: Date }>`select now() as t`.execute(handle.db)).rows[0]!.t.getTime();
    await sql`select pg_sleep(0.02)`.execute(handle.db);
    const b = (await sql<{ t: Date }>`select now() as t`.execute(handle.db)).rows[0]!.t.getTime();
    expect(b).toBeGreaterThan(a);
  });

  it('ends a transaction with a string that ends in COMMIT, and sends nothing after it', async () => {
    const before = await count();
    // Simple-query strings as they go out on the wire (the pool's clients wrap their query method).
    const sent: string[] = [];
    const connection = (pg as unknown as { Connection: { prototype: { query(text: string): void } } })
      .Connection;
    const query = connection.prototype.query;
    connection.prototype.query = function (this: unknown, text: string) {
      sent.push(text);
      return query.call(this, text);
    };
    try {
      // An error after such a string does not undo its commit: there is nothing left to roll back.
      await expect(
        handle.db.transaction().execute(async (tx) => {
          await sql`insert into t values (3);\ncommit`.execute(tx);
          throw new Error('after the commit');
        }),
      ).rejects.toThrow('after the commit');
      await handle.db.transaction().execute((tx) => sql`insert into t values (4); commit`.execute(tx));
      expect(sent).toEqual([
        'begin;\ninsert into t values (3);\ncommit',
        'begin;\ninsert into t values (4); commit',
      ]);
    } finally {
      connection.prototype.query = query;
    }
    expect(await count()).toBe(before + 2);
    // A string that fails before its COMMIT leaves the transaction to Kysely's ROLLBACK.
    await expect(
      handle.db.transaction().execute((tx) => sql`insert into t values (5); select 1/0; commit`.execute(tx)),
    ).rejects.toThrow('division by zero');
    expect(await count()).toBe(before + 2);
  });

  it('runs a named statement prepared once per connection, its arguments escaped', async () => {
    expect(severalStatementsOf(handle.db)).toBe('named');
    const tricky = ["it's", 'back\\slash', '$2', '中文'];
    for (const mode of ['named', 'literal'] as const) {
      for (let i = 0; i < 3; i++) {
        const text = tricky
          .map((t, n) =>
            callStatement(mode, 'echo_test', 'select $1::text as a, $2::text as b', [t, String(n)]),
          )
          .join(';\n');
        const { rows } = await handle.db.transaction().execute((tx) => sql.raw(text).execute(tx));
        expect(rows).toEqual(tricky.map((t, n) => ({ a: t, b: String(n) })));
      }
    }
    const named = await sql<{ name: string }>`
      select name from pg_prepared_statements where name like 'sfn_%'`.execute(handle.db);
    expect(named.rows.map((r) => r.name)).toEqual(['sfn_echo_test']);
  });
});
