import {
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  sql,
} from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertKind } from '../src/db/schema.js';
import { seedDemoFactory } from '../src/demo/index.js';
import type { AppDeps } from '../src/deps.js';
import { createEmergencyWorker } from '../src/modules/issue-requests/emergency-worker.js';
import { createOverdueWorker } from '../src/modules/production/overdue-worker.js';
import { startTestServer, TestClock, type TestServer } from './harness.js';

/**
 * Two replicas' alert workers whose ticks overlap (docs/deployment.md). Replica A reads the
 * open operations at its `now`, just before an operation's deadline; replica B, a moment later,
 * finds it late and opens the alert; then A, still in its tick, would resolve "every live alert it
 * did not find late" — B's fresh one — and the next tick would raise it again: one late operation,
 * two alerts and two rounds of notifications. The workers take turns (a transaction-scoped
 * advisory lock), so B's overlapping tick leaves the work to A. PostgreSQL only: PGlite is one
 * process with one connection, where ticks cannot overlap.
 */
const PG = process.env.SHOPFLOOR_TEST_PG_URL;

/** Runs `during` once, right after the first query whose SQL mentions `table` has answered. */
function pauseAfter(table: string, during: () => Promise<unknown>): KyselyPlugin {
  const watched = new WeakSet<object>();
  let done = false;
  return {
    transformQuery({ node, queryId }: PluginTransformQueryArgs) {
      if (JSON.stringify(node).includes(table)) watched.add(queryId);
      return node;
    },
    async transformResult({ result, queryId }: PluginTransformResultArgs) {
      if (!done && watched.has(queryId)) {
        done = true;
        await during();
      }
      return result;
    },
  };
}

const at = (clock: Date) => ({ now: () => new Date(clock) });

describe.skipIf(!PG)('alert workers of two replicas whose ticks overlap (PostgreSQL)', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({
      backend: 'postgres',
      seed: (db, config) => seedDemoFactory(db, config, new TestClock()).then(() => undefined),
    });
  });
  afterAll(() => server?.close());

  const alertsOf = (kind: AlertKind, subject: string) =>
    server.database.db
      .selectFrom('alerts')
      .select(['status', 'opened_at'])
      .where('kind', '=', kind)
      .where('subject', '=', subject)
      .execute();

  it('raises a late operation once, even when the other replica finds it late in the middle of a tick', async () => {
    // The next operation to fall late: not started, its planned end still ahead of the clock.
    const next = await sql<{ work_order_no: string; seq: number; planned_end: Date }>`
      select o.work_order_no, o.seq, o.planned_end from work_order_operations o
      join work_orders w on w.org_id = o.org_id and w.no = o.work_order_no
      where w.status in ('released', 'in-progress') and o.status <> 'done' and o.actual_start is null
        and o.planned_end > ${server.clock.now()}
        and not exists (select 1 from operation_reports r
                        where r.work_order_no = o.work_order_no and r.seq = o.seq)
      order by o.planned_end limit 1`.execute(server.database.db);
    const target = next.rows[0]!;
    const subject = `${target.work_order_no}:${target.seq}`;
    const deadline = new Date(target.planned_end).getTime();
    const before = new Date(deadline - 60_000);
    const after = new Date(deadline + 60_000);

    const replicaB = createOverdueWorker({ ...server.deps, clock: at(after) });
    const inB: number[] = [];
    const replicaA = createOverdueWorker({
      ...server.deps,
      clock: at(before),
      db: server.deps.db.withPlugin(
        pauseAfter('work_order_operations', () => replicaB.tick().then((n) => inB.push(n))),
      ),
    } as AppDeps);

    await replicaA.tick();
    expect(inB).toHaveLength(1);
    // Both replicas tick again later: the operation is late for both now.
    const later = { ...server.deps, clock: at(new Date(deadline + 120_000)) };
    await createOverdueWorker(later).tick();
    await createOverdueWorker(later).tick();

    const alerts = await alertsOf('overdue-operation', subject);
    expect(alerts.map((a) => a.status)).toEqual(['open']);
    const opened = await sql<{ n: number }>`
      select count(*)::int as n from outbox_events
      where topic = 'alert.opened' and payload->>'kind' = 'overdue-operation' and payload->>'subject' = ${subject}`.execute(
      server.database.db,
    );
    expect(opened.rows[0]!.n).toBe(1);
  });

  it('raises an unapproved emergency issue once, even when the other replica finds it due in the middle of a tick', async () => {
    const keeper = await server.as('demo-storekeeper');
    const request = await keeper.issueRequests.create({
      warehouse: 'WH-RM',
      emergency: true,
      lines: [{ item: 'HW-DOWEL', qty: 1, location: 'RM-C01' }],
    });
    const posted = await server.database.db
      .selectFrom('issue_requests')
      .select('posted_at')
      .where('id', '=', request.id)
      .executeTakeFirstOrThrow();
    const due = posted.posted_at!.getTime() + server.deps.config.emergencyApprovalHours * 3_600_000;

    const replicaB = createEmergencyWorker({ ...server.deps, clock: at(new Date(due + 60_000)) });
    const replicaA = createEmergencyWorker({
      ...server.deps,
      clock: at(new Date(due - 60_000)),
      db: server.deps.db.withPlugin(pauseAfter('issue_requests', () => replicaB.tick())),
    } as AppDeps);
    await replicaA.tick();
    const later = { ...server.deps, clock: at(new Date(due + 120_000)) };
    await createEmergencyWorker(later).tick();
    await createEmergencyWorker(later).tick();

    const alerts = await alertsOf('emergency-unapproved', request.no!);
    expect(alerts.map((a) => a.status)).toEqual(['open']);
  });
});
