import { randomUUID } from 'node:crypto';

/**
 * The mixed write load of the replicas test (test/replicas.test.ts) and the memory soak
 * (bench/memory-soak.ts): 报工 with idempotency keys, 领料 created and approved, 调拨, 盘点. Each loop
 * runs while `running()` holds, records what it saw, and throws on an answer the mix never expects.
 */
export interface Answer {
  status: number;
  json: Record<string, unknown>;
  replica: string | null;
}

/** One HTTP call as `userId`; `via` names a replica (ignored with one server), `key` is its Idempotency-Key. */
export type Call = (
  userId: string,
  method: string,
  path: string,
  body?: unknown,
  options?: { key?: string; via?: number },
) => Promise<Answer>;

/** One JSON call to `${base}/api/v1${path}` with a bearer token and an optional Idempotency-Key. */
export async function sendJson(
  base: string,
  token: string | undefined,
  method: string,
  path: string,
  body?: unknown,
  key?: string,
): Promise<{ status: number; json: Record<string, unknown>; headers: Headers }> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (key) headers['idempotency-key'] = key;
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return {
    status: res.status,
    json: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    headers: res.headers,
  };
}

export interface OperationRef {
  no: string;
  seq: number;
}

/** Milliseconds each loop waits between rounds: the test's pace by default, a soak's slower. */
export interface MixPace {
  reports: number;
  requests: number;
  transfers: number;
  counts: number;
}

export const REPLICAS_PACE: MixPace = { reports: 0, requests: 100, transfers: 150, counts: 200 };

/**
 * Operations of the demo's released and running work orders in WS-CUT and WS-MCH (both of
 * demo-operator-2's and demo-operator-3's workshops).
 */
export const DEMO_REPORT_OPERATIONS: OperationRef[] = [
  ...['WO-2026-0005', 'WO-2026-0006', 'WO-2026-0009'].flatMap((no) =>
    [10, 20, 30].map((seq) => ({ no, seq })),
  ),
  { no: 'WO-2026-0007', seq: 10 },
  { no: 'WO-2026-0004', seq: 30 },
  { no: 'WO-2026-0008', seq: 30 },
];

export interface MixContext {
  call: Call;
  running: () => boolean;
  pace: MixPace;
  /** The book quantity of an item at a location (a blind count does not tell the counter). */
  book: (item: string, location: string) => Promise<number>;
  operations: readonly OperationRef[];
}

/** What the load saw, for the replicas test's assertions and the soak's tally. */
export interface MixRecord {
  reports: Map<string, Set<string>>;
  transfers: Map<string, Set<string>>;
  approvals: Map<string, { keyed: boolean; answers: Answer[] }>;
  counts: Map<string, number[]>;
  seen: { reports: number; refusedReports: number; requests: number; transfers: number; counts: number };
}

export function emptyMixRecord(): MixRecord {
  return {
    reports: new Map(),
    transfers: new Map(),
    approvals: new Map(),
    counts: new Map(),
    seen: { reports: 0, refusedReports: 0, requests: 0, transfers: 0, counts: 0 },
  };
}

export class UnexpectedAnswer extends Error {}

function allow(answer: Answer, statuses: number[], what: string): void {
  if (!statuses.includes(answer.status)) {
    throw new UnexpectedAnswer(`${what}: ${answer.status} ${JSON.stringify(answer.json).slice(0, 300)}`);
  }
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** 报工: a fresh key each; a third sent to both replicas at once, the rest retried through the proxy. */
export async function reportLoop(ctx: MixContext, record: MixRecord, operator: string, lane: number) {
  for (let i = 0; ctx.running(); i++) {
    const op = ctx.operations[(i * 2 + lane) % ctx.operations.length]!;
    const key = randomUUID();
    const body = { goodQty: 1, scrapQty: 0, deviceTime: new Date().toISOString() };
    const path = `/work-orders/${op.no}/operations/${op.seq}/reports`;
    const answers =
      i % 3 === 0
        ? await Promise.all([0, 1].map((via) => ctx.call(operator, 'POST', path, body, { key, via })))
        : [
            await ctx.call(operator, 'POST', path, body, { key }),
            await ctx.call(operator, 'POST', path, body, { key }),
          ];
    const ids = new Set<string>();
    for (const a of answers) {
      if (a.status === 201 || a.status === 200) ids.add(String(a.json.id));
      else allow(a, [409], `report ${path}`);
    }
    if (ids.size > 0) record.reports.set(key, ids);
    else record.seen.refusedReports++;
    record.seen.reports++;
    if (ctx.pace.reports > 0) await pause(ctx.pace.reports);
  }
}

/** 领料: created through the proxy, approved through both replicas at the same moment. */
export async function requestLoop(ctx: MixContext, record: MixRecord) {
  for (let i = 0; ctx.running(); i++) {
    const created = await ctx.call('demo-operator-2', 'POST', '/issue-requests', {
      warehouse: 'WH-RM',
      lines: [{ item: 'HW-ST-4x16', qty: 1 + (i % 3), location: 'RM-C01' }],
    });
    allow(created, [201], 'issue request');
    const id = String(created.json.id);
    const key = i % 2 === 0 ? randomUUID() : undefined;
    const decided = await Promise.all(
      [0, 1].map((via) =>
        ctx.call(
          'demo-approver',
          'POST',
          `/issue-requests/${id}/approve`,
          {},
          { via, ...(key ? { key } : {}) },
        ),
      ),
    );
    record.approvals.set(id, { keyed: key !== undefined, answers: decided });
    record.seen.requests++;
    await pause(ctx.pace.requests);
  }
}

/** 调拨 inside WH-RM (posted at once): each sent with one key to both replicas at once. */
export async function transferLoop(ctx: MixContext, record: MixRecord) {
  for (let i = 0; ctx.running(); i++) {
    const key = randomUUID();
    const body = {
      lines: [{ item: 'HW-CAM', qty: 1, from: i % 2 ? 'RM-C02' : 'RM-C01', to: i % 2 ? 'RM-C01' : 'RM-C02' }],
    };
    const answers = await Promise.all(
      [0, 1].map((via) => ctx.call('demo-storekeeper', 'POST', '/transfers', body, { key, via })),
    );
    const ids = new Set<string>();
    for (const a of answers) {
      if (a.status === 201 || a.status === 200) ids.add(String(a.json.id));
      else allow(a, [409], 'transfer');
    }
    record.transfers.set(key, ids);
    record.seen.transfers++;
    await pause(ctx.pace.transfers);
  }
}

/** 盘点: opened, counted one short (the same key through both), approved through both at once. */
export async function countLoop(ctx: MixContext, record: MixRecord) {
  const places = ['HW-DOWEL', 'HW-STAPLE', 'HW-ST-35x12'];
  for (let i = 0; ctx.running(); i++) {
    const opened = await ctx.call('demo-storekeeper', 'POST', '/cycle-counts', {
      item: places[i % places.length],
      location: 'RM-C01',
    });
    if (opened.status !== 201) {
      allow(opened, [409], 'open count');
      await pause(ctx.pace.counts);
      continue;
    }
    const id = String(opened.json.id);
    const book = await ctx.book(String(opened.json.item), 'RM-C01');
    const key = randomUUID();
    const counted = await Promise.all(
      [0, 1].map((via) =>
        ctx.call('demo-storekeeper', 'POST', `/cycle-counts/${id}/count`, { qty: book - 1 }, { key, via }),
      ),
    );
    for (const c of counted) allow(c, [200, 201, 409], 'count');
    const decided = await Promise.all(
      [0, 1].map((via) => ctx.call('demo-approver', 'POST', `/cycle-counts/${id}/approve`, {}, { via })),
    );
    record.counts.set(
      id,
      decided.map((d) => d.status),
    );
    record.seen.counts++;
    await pause(ctx.pace.counts);
  }
}
