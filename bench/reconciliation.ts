/**
 * Reconciliation: a 100,000-row stock snapshot of the other system (1,000 items × 100 locations,
 * 37 planted differences: 13 quantities off, 12 rows only they have, 12 balances they lack)
 * sent as CSV to `POST /api/v1/reconciliations?kind=stock` of the server in-process (bound to
 * 127.0.0.1), on an empty PGlite and on PostgreSQL when one answers. Measured at the client, the
 * upload included: rows/s, and that exactly the 37 were found. Goal: under 10 s on PGlite.
 */
import * as server from '../packages/server/src/index.js';
import { onEachBackend } from './backends.js';
import { type BenchSection, formatCount, formatMs, type GoalCheck, table } from './report.js';

const ITEMS = 1_000;
const LOCATIONS = 100;
const ROWS = ITEMS * LOCATIONS;
const GOAL_MS = 10_000;

const item = (i: number) => `R-${String(i).padStart(4, '0')}`;
const location = (l: number) => `L-${String(l).padStart(2, '0')}`;
const qty = (i: number, l: number) => ((i * 7 + l) % 97) + 1.125;

/** Their CSV: our balances with 37 planted differences; answers the keys planted. */
function snapshot(): { csv: string; planted: number } {
  const off = new Set<string>();
  const lacking = new Set<string>();
  for (let k = 0; k < 13; k++) off.add(`${item(k * 71 + 3)},${location((k * 13) % LOCATIONS)}`);
  for (let k = 0; k < 12; k++) lacking.add(`${item(k * 83 + 5)},${location((k * 7 + 1) % LOCATIONS)}`);
  const lines = ['物料编码,库位,批次,数量'];
  for (let i = 0; i < ITEMS; i++) {
    for (let l = 0; l < LOCATIONS; l++) {
      const key = `${item(i)},${location(l)}`;
      if (lacking.has(key)) continue;
      lines.push(`${key},,${off.has(key) ? qty(i, l) + 1 : qty(i, l)}`);
    }
  }
  for (let k = 0; k < 12; k++) lines.push(`${item(k * 61 + 2)},L-X${k},LOT-1,5`);
  return { csv: `${lines.join('\r\n')}\r\n`, planted: 37 };
}

interface Outcome {
  label: string;
  skipped?: string;
  ms?: number;
  found?: number;
  bytes?: number;
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
        .values({
          org_id: org,
          id: 'bench-sk',
          name: '孙仓管',
          roles: ['storekeeper'],
          warehouses: ['WH-RM'],
        })
        .execute();
      await db.insertInto('warehouses').values({ org_id: org, code: 'WH-RM', name: '原材料仓' }).execute();
      const now = new Date();
      await db
        .insertInto('items')
        .values(
          Array.from({ length: ITEMS }, (_, i) => ({
            org_id: org,
            code: item(i),
            name: `物料${i}`,
            uom: 'kg',
            type: 'buy' as const,
            precision: 3,
            created_at: now,
            updated_at: now,
          })),
        )
        .execute();
      await db
        .insertInto('locations')
        .values(
          Array.from({ length: LOCATIONS }, (_, l) => ({
            org_id: org,
            code: location(l),
            warehouse: 'WH-RM',
          })),
        )
        .execute();
      for (let from = 0; from < ITEMS; from += 50) {
        const rows = [];
        for (let i = from; i < from + 50; i++) {
          for (let l = 0; l < LOCATIONS; l++) {
            rows.push({ org_id: org, item: item(i), location: location(l), qty: qty(i, l), updated_at: now });
          }
        }
        await db.insertInto('stock_balances').values(rows).execute();
      }
    },
  });
  try {
    const login = await fetch(`${running.url}/api/v1/auth/dev-login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ userId: 'bench-sk' }),
    });
    const { token } = (await login.json()) as { token: string };
    const { csv, planted } = snapshot();
    log(`reconciliation: ${label}: ${formatCount(ROWS)} rows`);
    const started = performance.now();
    const res = await fetch(`${running.url}/api/v1/reconciliations?kind=stock`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/csv' },
      body: csv,
    });
    const ms = performance.now() - started;
    if (res.status !== 201)
      throw new Error(`POST /reconciliations answered ${res.status}: ${await res.text()}`);
    const run = (await res.json()) as { totals: Record<string, number> };
    const found = run.totals.differing! + run.totals.missingHere! + run.totals.missingThere!;
    if (found !== planted) throw new Error(`found ${found} differences, ${planted} were planted`);
    return { label, ms, found, bytes: Buffer.byteLength(csv) };
  } finally {
    await running.close();
  }
}

const perSecond = (ms: number) => (ROWS / ms) * 1_000;

export const reconciliationSection: BenchSection = {
  name: 'reconciliation',
  title: 'Reconciliation: a 100,000-row stock snapshot with 37 planted differences',
  async run(log) {
    const outcomes = await onEachBackend(server, (label, database) => benchBackend(label, database, log));
    const measured = outcomes.filter((o) => o.ms !== undefined);
    const goals: GoalCheck[] = measured
      .filter((o) => o.label.startsWith('PGlite'))
      .map((o) => ({
        goal: `100,000-row stock reconciliation, 37 planted differences found exactly, on ${o.label}`,
        target: `< ${formatMs(GOAL_MS)}`,
        measured: formatMs(o.ms!),
        pass: o.ms! < GOAL_MS && o.found === 37,
      }));
    const markdown = [
      'Input: 1,000 items × 100 locations of stock on our side; their CSV (Chinese headers 物料编码, 库位, 批次, 数量) with 13 quantities off, 12 rows only they have and 12 balances they lack. One `POST /reconciliations?kind=stock` with the CSV as the body, measured at the client against the server in-process: upload, parse, our balances read in one query, the hash join, the owners of the 37 and the run stored (differing and missing rows one per row, matched ones packed 10,000 to a row).',
      '',
      table(
        ['database', 'CSV', 'time', 'rows/s', 'differences found'],
        outcomes.map((o) =>
          o.skipped
            ? [o.label, `skipped: ${o.skipped}`, '', '', '']
            : [
                o.label,
                `${(o.bytes! / 1e6).toFixed(1)} MB`,
                formatMs(o.ms!),
                formatCount(perSecond(o.ms!)),
                String(o.found),
              ],
        ),
      ),
    ].join('\n');
    return {
      markdown,
      goals,
      summary: measured.map(
        (o) =>
          `${o.label}: ${formatCount(perSecond(o.ms!))} rows/s (${formatMs(o.ms!)}), ${o.found} of 37 found`,
      ),
    };
  },
};
