import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postReport, releasedWorkOrder, report, seedProduction } from './fixtures-production.js';
import { backends, startTestServer, type TestServer } from './harness.js';

/**
 * A report that waits for its operation's row lock while a hold commits: the locking read saw the
 * work order before it waited, so the report must read the status again before it lands
 * (recordReport reads it in its write statement) and answer 409 work-order-stopped, storing nothing.
 * At the last operation checks follow the write; at another one, on PostgreSQL, COMMIT rides in the
 * write's string and the statement itself must refuse.
 */
describe.each(backends())('a report waiting while its work order is held, on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedProduction });
  });
  afterAll(() => server?.close());

  /** On PostgreSQL: until a backend waits for a row lock. PGlite queues whole transactions: a pause. */
  const untilWaiting = async () => {
    if (backend !== 'postgres') return new Promise((r) => setTimeout(r, 200));
    for (let i = 0; i < 200; i++) {
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock'`.execute(server.database.db);
      if (rows[0]!.n > 0) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('the report never waited for the operation lock');
  };

  it.each([
    { at: 'the last operation', item: 'TABLE', operator: 'op-li' },
    { at: 'an operation before the last', item: 'CHAIR', operator: 'op-wang' },
  ])(
    'answers work-order-stopped and stores nothing when the hold commits while it waits, at $at',
    async ({ item, operator }) => {
      const wo = await releasedWorkOrder(await server.as('pl-zhou'), { item, qty: 5 });
      const token = await server.token(operator);
      let locked!: () => void;
      const isLocked = new Promise<void>((r) => {
        locked = r;
      });
      let release!: () => void;
      const released = new Promise<void>((r) => {
        release = r;
      });
      // Another transaction holds the operation row (as a hold does) and puts the work order on hold.
      const holder = server.database.db.transaction().execute(async (tx) => {
        await sql`select seq from work_order_operations where work_order_no = ${wo.no} and seq = 10 for update`.execute(
          tx,
        );
        locked();
        await released;
        await sql`update work_orders set status = 'on-hold', resume_status = status where no = ${wo.no}`.execute(
          tx,
        );
      });
      await isLocked;
      const answer = postReport(server.url, token, { no: wo.no, seq: 10 }, report(1));
      await untilWaiting();
      release();
      await holder;
      const res = await answer;
      expect(res.status).toBe(409);
      expect(await res.json()).toMatchObject({
        type: '/problems/work-order-stopped',
        params: { workOrderNo: wo.no, status: 'on-hold' },
      });
      const db = server.database.db;
      const reports = await db
        .selectFrom('operation_reports')
        .select('id')
        .where('work_order_no', '=', wo.no)
        .execute();
      const op = await db
        .selectFrom('work_order_operations')
        .select(['good_qty', 'status'])
        .where('work_order_no', '=', wo.no)
        .where('seq', '=', 10)
        .executeTakeFirstOrThrow();
      const events = await db
        .selectFrom('outbox_events')
        .select('id')
        .where('aggregate_id', '=', wo.no)
        .where('topic', '=', 'operation-report.created')
        .execute();
      expect(reports).toHaveLength(0);
      expect(Number(op.good_qty)).toBe(0);
      expect(events).toHaveLength(0);
    },
  );
});
