import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releasedWorkOrder, report, seedProduction } from './fixtures-production.js';
import { startTestServer, type TestServer } from './harness.js';

/**
 * On PostgreSQL a report's locking read of its operation rides in the string of BEGIN and the
 * Idempotency-Key's lock and look-up (route.ts FirstRead). It must lock the operation only for a
 * new key whose lock it holds: a repeat or a duplicate in flight answers at once, without waiting
 * behind the reports of its operation. A test that breaks this hangs until vitest's timeout.
 */
describe.skipIf(!process.env.SHOPFLOOR_TEST_PG_URL)(
  'the report read sent with the key look-up (postgres)',
  () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ backend: 'postgres', seed: seedProduction });
    });
    afterAll(() => server?.close());

    const post = (token: string, no: string, key: string, good = 1) =>
      fetch(`${server.url}/api/v1/work-orders/${no}/operations/10/reports`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Idempotency-Key': key,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify(report(good)),
      });

    /**
     * Runs `inside` while another transaction holds operation 10's row lock (and, given a key, that
     * key's advisory lock, as a request in flight does); the lock goes when `inside` has finished.
     */
    async function whileHeld<T>(no: string, inside: () => Promise<T>, key?: string): Promise<T> {
      let locked!: () => void;
      const isLocked = new Promise<void>((r) => {
        locked = r;
      });
      let release!: () => void;
      const released = new Promise<void>((r) => {
        release = r;
      });
      const holder = server.database.db.transaction().execute(async (tx) => {
        await sql`select seq from work_order_operations where work_order_no = ${no} and seq = 10 for update`.execute(
          tx,
        );
        if (key) {
          const orgKey = `${server.deps.config.orgId}:${key}`;
          await sql`select pg_advisory_xact_lock(hashtext(${orgKey}))`.execute(tx);
        }
        locked();
        await released;
      });
      await isLocked;
      try {
        return await inside();
      } finally {
        release();
        await holder;
      }
    }

    const waitingForALock = async () => {
      const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock'`.execute(server.database.db);
      return rows[0]!.n > 0;
    };

    it('answers a repeat from the stored answer while the operation is locked by another report', async () => {
      const wo = await releasedWorkOrder(await server.as('pl-zhou'), { item: 'TABLE', qty: 5 });
      const token = await server.token('op-li');
      const key = randomUUID();
      const first = await post(token, wo.no, key);
      expect(first.status).toBe(201);
      const stored = await first.json();
      const repeat = await whileHeld(wo.no, () => post(token, wo.no, key));
      expect(repeat.status).toBe(201);
      expect(repeat.headers.get('Idempotency-Replayed')).toBe('true');
      expect(await repeat.json()).toEqual(stored);
    });

    it('answers 409 in-flight at once to a duplicate while the first request holds the key and the operation', async () => {
      const wo = await releasedWorkOrder(await server.as('pl-zhou'), { item: 'TABLE', qty: 5 });
      const token = await server.token('op-li');
      const key = randomUUID();
      const duplicate = await whileHeld(wo.no, () => post(token, wo.no, key), key);
      expect(duplicate.status).toBe(409);
      expect(await duplicate.json()).toMatchObject({ type: '/problems/idempotency-in-flight' });
    });

    it('still locks the operation for a new key: it waits for the other report, then lands after it', async () => {
      const wo = await releasedWorkOrder(await server.as('pl-zhou'), { item: 'TABLE', qty: 5 });
      const token = await server.token('op-li');
      let answer!: Promise<Response>;
      await whileHeld(wo.no, async () => {
        answer = post(token, wo.no, randomUUID(), 2);
        for (let i = 0; i < 500 && !(await waitingForALock()); i++)
          await new Promise((r) => setTimeout(r, 10));
        expect(await waitingForALock()).toBe(true);
      });
      const res = await answer;
      expect(res.status).toBe(201);
      const op = await server.database.db
        .selectFrom('work_order_operations')
        .select('good_qty')
        .where('work_order_no', '=', wo.no)
        .where('seq', '=', 10)
        .executeTakeFirstOrThrow();
      expect(Number(op.good_qty)).toBe(2);
    });
  },
);
