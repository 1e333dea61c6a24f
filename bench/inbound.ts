/**
 * Inbound records: the 10,000-record go-live batch of the proof test (1,500 items, 1,500 BOM
 * lines, 1,000 work orders, 4,000 purchase receipts, 2,000 stock snapshots, 1 % bad) sent as one
 * `POST /api/v1/sync/inbound/{connectorId}` to the server in-process (bound to 127.0.0.1), on an
 * empty PGlite and on PostgreSQL when one answers. Measured at the client: records/s of the first
 * send (everything applied or rejected) and of the replay (everything a duplicate). Goal: at
 * least 1,000 records/s on PGlite.
 */
import * as server from '../packages/server/src/index.js';
import { bigBatch, PRODUCTS } from '../packages/server/test/sync-inbound-fixtures.js';
import { onEachBackend } from './backends.js';
import { type BenchSection, formatCount, formatMs, type GoalCheck, table } from './report.js';

const GOAL_PER_SECOND = 1_000;

interface Outcome {
  label: string;
  skipped?: string;
  firstMs?: number;
  replayMs?: number;
  applied?: number;
  rejected?: number;
}

async function benchBackend(
  label: string,
  database: server.DatabaseHandle,
  log: (message: string) => void,
): Promise<Outcome> {
  const config = server.loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    SHOPFLOOR_DEMO: 'on',
    SHOPFLOOR_LOG_LEVEL: 'warn',
    SHOPFLOOR_DATA_DIR: 'memory://',
  });
  const org = config.orgId;
  const running = await server.startServer(config, {
    database,
    workers: false,
    beforeServe: async ({ db }) => {
      await db
        .insertInto('users')
        .values({ org_id: org, id: 'bench-erp', name: 'ERP 对接', roles: ['admin'] })
        .execute();
      await db.insertInto('workshops').values({ org_id: org, code: 'WS-ASM', name: '总装车间' }).execute();
      await db
        .insertInto('warehouses')
        .values([
          { org_id: org, code: 'WH-RM', name: '原材料仓' },
          { org_id: org, code: 'WH-FG', name: '成品仓' },
        ])
        .execute();
      await db
        .insertInto('locations')
        .values([
          { org_id: org, code: 'RM-01', warehouse: 'WH-RM' },
          { org_id: org, code: 'FG-01', warehouse: 'WH-FG' },
        ])
        .execute();
      const now = new Date();
      await db
        .insertInto('items')
        .values(
          PRODUCTS.map((code) => ({
            org_id: org,
            code,
            name: code,
            uom: 'pcs',
            type: 'make' as const,
            precision: 0,
            created_at: now,
            updated_at: now,
          })),
        )
        .execute();
      await db
        .insertInto('routings')
        .values(PRODUCTS.map((item) => ({ org_id: org, item, seq: 10, name: '总装', workshop: 'WS-ASM' })))
        .execute();
      await db
        .insertInto('sync_connectors')
        .values({
          id: 'erp-bench',
          org_id: org,
          kind: 'erp',
          name: 'ERP',
          config: '{"adapter":"none"}',
          topics: [],
          created_at: now,
        })
        .execute();
    },
  });
  try {
    const login = await fetch(`${running.url}/api/v1/auth/dev-login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ userId: 'bench-erp' }),
    });
    const { token } = (await login.json()) as { token: string };
    const body = JSON.stringify({ records: bigBatch().records });
    const send = async () => {
      const started = performance.now();
      const res = await fetch(`${running.url}/api/v1/sync/inbound/erp-bench`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body,
      });
      if (res.status !== 200)
        throw new Error(`POST /sync/inbound answered ${res.status}: ${await res.text()}`);
      const answer = (await res.json()) as { applied: number; duplicates: number; rejected: number };
      return { ms: performance.now() - started, answer };
    };
    log(`inbound: ${label}: 10,000 records`);
    const first = await send();
    log(`inbound: ${label}: the same batch again`);
    const replay = await send();
    if (replay.answer.duplicates !== 10_000) throw new Error('the replay applied records again');
    return {
      label,
      firstMs: first.ms,
      replayMs: replay.ms,
      applied: first.answer.applied,
      rejected: first.answer.rejected,
    };
  } finally {
    await running.close();
  }
}

const perSecond = (ms: number) => (10_000 / ms) * 1_000;

export const inboundSection: BenchSection = {
  name: 'inbound',
  title: 'Inbound records: a 10,000-record batch through POST /sync/inbound',
  async run(log) {
    const outcomes = await onEachBackend(server, (label, database) => benchBackend(label, database, log));
    const measured = outcomes.filter((o) => o.firstMs !== undefined);
    const goals: GoalCheck[] = measured
      .filter((o) => o.label.startsWith('PGlite'))
      .map((o) => ({
        goal: `inbound records applied per second, 10,000-record batch on ${o.label}`,
        target: `≥ ${formatCount(GOAL_PER_SECOND)}/s`,
        measured: `${formatCount(perSecond(o.firstMs!))}/s`,
        pass: perSecond(o.firstMs!) >= GOAL_PER_SECOND,
      }));
    const markdown = [
      'Input: the batch of `packages/server/test/sync-inbound-fixtures.ts` (`bigBatch`): 1,500 items, 1,500 BOM lines, 1,000 released work orders, 4,000 purchase receipts (each its own receipt document posted through the stock ledger), 2,000 stock snapshots; 1 % of them bad. One request each, measured at the client against the server in-process on an empty database: the first send (all applied or rejected) and the same body again (all duplicates).',
      '',
      table(
        ['database', 'first send', 'records/s', 'replay (all duplicates)', 'records/s', 'applied / rejected'],
        outcomes.map((o) =>
          o.skipped
            ? [o.label, `skipped: ${o.skipped}`, '', '', '', '']
            : [
                o.label,
                formatMs(o.firstMs!),
                formatCount(perSecond(o.firstMs!)),
                formatMs(o.replayMs!),
                formatCount(perSecond(o.replayMs!)),
                `${formatCount(o.applied!)} / ${formatCount(o.rejected!)}`,
              ],
        ),
      ),
      '',
      'Records go in chunks of 500 per transaction: the chunk reads what its records name in a few queries, checks every record against that view, writes the good ones (a failed write redoes the chunk with a savepoint per record) and writes its log rows, events and snapshots in multi-row statements.',
    ].join('\n');
    return {
      markdown,
      goals,
      summary: measured.map(
        (o) =>
          `${o.label}: ${formatCount(perSecond(o.firstMs!))} records/s (${formatMs(o.firstMs!)}), replay ${formatCount(perSecond(o.replayMs!))}/s`,
      ),
    };
  },
};
