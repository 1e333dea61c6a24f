import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.js';
import { reopenTeamMinutesBackfill } from '../../modules/analytics/minutes-worker.js';
import { dateShanghai } from '../../shared/time.js';
import { BUCKETS, yearBuckets } from './season.js';
import { SCALE_SIZES, type ScaleSize, type ScaleSizeName } from './sizes.js';

export interface ScaleSeedOptions {
  orgId: string;
  size: ScaleSizeName | ScaleSize;
  /** Same seed, same clock day: the same rows. */
  seed?: number;
  /** The year ends on this instant's day (Asia/Shanghai); its month is the open one. */
  now: Date;
  log?: (message: string) => void;
}

export interface ScaleSeedResult {
  /** False when the org already holds a scale data set (item Y-00001): nothing was added. */
  seeded: boolean;
  seconds: number;
  counts: Record<string, number>;
}

/** The demo operators who report, and the raw-material locations material lots go to (demo plant). */
const REPORTERS = ['demo-operator', 'demo-operator-2', 'demo-painter', 'demo-operator-3', 'demo-operator-4'];
const RM_LOCATIONS = ['RM-A01', 'RM-A02', 'RM-B01', 'RM-C01', 'RM-C02', 'RM-D01'];
const CENTERS = [
  ['SAW-01', 'WS-CUT', '开料'],
  ['EDGE-01', 'WS-CUT', '封边'],
  ['DRILL-01', 'WS-MCH', '钻孔'],
  ['SPRAY-01', 'WS-PNT', '喷涂'],
  ['ASM-01', 'WS-ASM', '装配'],
  ['PACK-01', 'WS-ASM', '包装'],
];

const text = (v: string) => `'${v.replaceAll("'", "''")}'`;
const textArray = (vs: string[]) => `array[${vs.map(text).join(',')}]`;

/**
 * A year of a 500-person plant on top of the demo plant (its workshops, work centers, locations and
 * people): items, BOMs, routings, work orders, operations, reports, lots, the ledger, genealogy,
 * issue requests and alerts, written with generate_series so a million reports take minutes. Every
 * "random" choice is a hash of the row number and the seed, so the data is the same on each run.
 * One transaction: a failed seed leaves nothing behind.
 */
export async function seedScale(db: Kysely<Database>, options: ScaleSeedOptions): Promise<ScaleSeedResult> {
  const started = performance.now();
  const size = typeof options.size === 'string' ? SCALE_SIZES[options.size] : options.size;
  const log = options.log ?? (() => {});
  if (!/^[\w.-]+$/.test(options.orgId)) throw new Error(`org id ${options.orgId} is not a plain code`);
  const O = text(options.orgId);
  const seed = options.seed ?? 1;
  const already = await sql`select 1 from items where org_id = ${options.orgId} and code = 'Y-00001'`.execute(
    db,
  );
  if (already.rows.length > 0) return { seeded: false, seconds: 0, counts: {} };
  const plant = await sql`select 1 from locations where org_id = ${options.orgId} and code = 'FG-01'`.execute(
    db,
  );
  if (plant.rows.length === 0)
    throw new Error('the scale data set goes on top of the demo plant: seed the demo first');

  // Hash-based draws: h() an integer in [0, 2^31), u() in [0, 1), zipf() in [0, n) with P(k) ∝ 1/(k+1).
  const h = (expr: string, salt: number) =>
    `(hashint8extended((${expr})::int8, ${seed * 1000 + salt}) & 2147483647)`;
  const u = (expr: string, salt: number) => `(${h(expr, salt)}::float8 / 2147483648.0)`;
  const zipf = (expr: string, salt: number, n: number) =>
    `least(${n - 1}, floor(exp(${u(expr, salt)} * ln(${n + 1})))::int - 1)`;
  const code = (expr: string) => `('Y-' || lpad((${expr})::text, 5, '0'))`;
  const nowEpoch = Math.floor(options.now.getTime() / 1000);
  const NOW = `to_timestamp(${nowEpoch})`;
  const today = dateShanghai(options.now);
  const { first, bucketDay } = yearBuckets(today);
  const base = Math.floor(new Date(`${first}T00:00:00+08:00`).getTime() / 1000);
  /** An instant on day index `di` (0 = a year ago), `secs` after midnight in Shanghai. */
  const at = (di: string, secs: string) => `to_timestamp(${base} + (${di}) * 86400 + (${secs}))`;
  /** The bucket of row `g` of `n`: rows spread over the year by the day weights. */
  const bucket = (g: string, n: number) => `((((${g}) - 1)::int8 * ${BUCKETS}) / ${n})::int`;

  const S = size;
  const buy = S.items - S.makeItems;
  const finished = S.workOrders;
  const material = S.lots - finished;
  if (material < 1) throw new Error('lots must outnumber work orders: each work order has its finished lot');
  const level2 = Math.max(1, Math.floor((S.makeItems - S.routedItems) / 2));
  const level3 = S.makeItems - S.routedItems - level2;
  if (level3 < 1) throw new Error('made items must outnumber routed items by two at least');
  const perLot = Math.ceil(S.movements / S.lots);
  const receiptQty = Math.max(1000, 10 * perLot);

  const steps: Array<[string, string]> = [
    [
      'days',
      `create temp table scale_bucket (b int primary key, di int not null) on commit drop;
       insert into scale_bucket select o - 1, v from unnest('{${bucketDay.join(',')}}'::int[]) with ordinality t(v, o);`,
    ],
    [
      'items',
      `insert into items (org_id, code, name, uom, type, safety_stock, lead_time, abc_class, cost, precision, created_at, updated_at, spec)
       select ${O}, ${code('g')},
         case when g <= ${S.routedItems} then '产品 ' when g <= ${S.makeItems} then '组件 ' else '物料 ' end || g,
         case when g <= ${S.makeItems} then 'pcs' else (array['pcs','pcs','kg','m'])[1 + ${h('g', 1)} % 4] end,
         case when g <= ${S.makeItems} then 'make' else 'buy' end,
         case when g > ${S.makeItems} then ${h('g', 2)} % 200 else 0 end,
         ${h('g', 3)} % 15,
         case when g <= ${S.makeItems} then null when g <= ${S.makeItems + Math.ceil(buy * 0.1)} then 'A'
              when g <= ${S.makeItems + Math.ceil(buy * 0.4)} then 'B' else 'C' end,
         round((1 + ${h('g', 4)} % 50000 / 100.0)::numeric, 2),
         case when g <= ${S.makeItems} then 0 else 2 end,
         to_timestamp(${base}), to_timestamp(${base}), 'S' || (${h('g', 5)} % 900 + 100)
       from generate_series(1, ${S.items}) g;`,
    ],
    [
      'bom lines',
      // Three levels: a product names two sub-assemblies, a sub-assembly two components, the rest
      // of each BOM is bought parts drawn Zipf-like, so a few screws and boards sit in almost every
      // BOM; a product explodes to about 100 parts, as a real one does.
      `insert into bom_lines (org_id, parent, child, seq, qty)
       select ${O}, ${code('p')}, ${code('c')}, 10 * row_number() over (partition by p order by k), 1 + hk % 4
       from (
         select distinct on (p, c) p, k, c, hk from (
           select p, k, ${h('p * 1000 + k', 7)} hk,
             case when k <= 2 and p <= ${S.routedItems} then ${S.routedItems + 1} + ${h('p * 1000 + k', 8)} % ${level2}
                  when k <= 2 and p <= ${S.routedItems + level2} then ${S.routedItems + level2 + 1} + ${h('p * 1000 + k', 8)} % ${level3}
                  else ${S.makeItems + 1} + ${zipf('p * 1000 + k', 9, buy)} end c
           from generate_series(1, ${S.makeItems}) p, generate_series(1, ${S.bomLinesPerParent}) k
         ) x order by p, c, k
       ) y;
       update bom_revisions set revision = revision + 1, changed_at = ${NOW} where org_id = ${O};`,
    ],
    [
      'routings',
      `insert into routings (org_id, item, seq, name, workshop, work_center, standard_minutes, setup_minutes)
       select ${O}, ${code('i')}, s * 10, c.name, c.workshop, c.code, 1 + ${h('i * 100 + s', 11)} % 12, ${h('i * 100 + s', 12)} % 30
       from generate_series(1, ${S.routedItems}) i
       cross join lateral generate_series(1, 3 + ${h('i', 10)} % 8) s
       join (values ${CENTERS.map(([c, w, n], i) => `(${i}, ${text(c!)}, ${text(w!)}, ${text(n!)})`).join(', ')}) c(n, code, workshop, name)
         on c.n = (i + s) % ${CENTERS.length};`,
    ],
    [
      'work orders',
      // The last 30 days are the open month; before it most orders are closed.
      `create temp table scale_wo on commit drop as
       select g, 'YWO' || lpad(g::text, 6, '0') no, 1 + ${zipf('g', 20, S.routedItems)} item_i, sb.di,
         ${at('sb.di', `27000 + ${h('g', 21)} % 32400`)} created_at, 20 + ${h('g', 22)} % 481 qty,
         case when sb.di >= 335 then
           case when ${u('g', 23)} < 0.45 then 'in-progress' when ${u('g', 23)} < 0.8 then 'released'
                when ${u('g', 23)} < 0.92 then 'draft' else 'on-hold' end
         else
           case when ${u('g', 23)} < 0.9 then 'closed' when ${u('g', 23)} < 0.96 then 'done'
                when ${u('g', 23)} < 0.985 then 'cancelled' else 'in-progress' end
         end status
       from generate_series(1, ${S.workOrders}) g join scale_bucket sb on sb.b = ${bucket('g', S.workOrders)};
       create temp table scale_lot on commit drop as
       select g i, 'YF' || lpad(g::text, 6, '0') code, ${code('item_i')} item, least(${NOW}, created_at + interval '3 days') created_at,
         true fin, 'FG-01' loc, no origin
       from scale_wo
       union all
       select ${finished} + m, 'YM' || lpad(m::text, 6, '0'), ${code(`${S.makeItems + 1} + ${zipf('m', 24, buy)}`)},
         ${at('sb.di', `28800 + ${h('m', 25)} % 28800`)}, false,
         (${textArray(RM_LOCATIONS)})[1 + ${h('m', 26)} % ${RM_LOCATIONS.length}], 'YRC' || lpad(m::text, 6, '0')
       from generate_series(1, ${material}) m join scale_bucket sb on sb.b = ${bucket('m', material)};
       create index on scale_lot (i);
       insert into lots (org_id, code, item, kind, created_at, origin_type, origin_id)
       select ${O}, code, item, case when fin then 'finished' else 'material' end, created_at,
         case when fin then 'work-order' else 'receipt' end, origin
       from scale_lot;
       insert into work_orders (org_id, no, item, qty, due, status, lot, location, created_at, released_at, closed_at,
         resume_status, held_at, held_by, cancelled_at, cancelled_by, closed_by)
       select ${O}, no, ${code('item_i')}, qty, ${text(first)}::date + (di + 7 + ${h('g', 27)} % 14)::int, status,
         'YF' || lpad(g::text, 6, '0'), 'FG-01', created_at,
         case when status <> 'draft' then created_at + interval '1 hour' end,
         case when status = 'closed' then least(${NOW}, created_at + (5 + ${h('g', 28)} % 10) * interval '1 day') end,
         case when status = 'on-hold' then 'in-progress' end,
         case when status = 'on-hold' then least(${NOW}, created_at + interval '1 day') end,
         case when status = 'on-hold' then 'demo-planner' end,
         case when status = 'cancelled' then created_at + interval '2 hours' end,
         case when status = 'cancelled' then 'demo-planner' end,
         case when status = 'closed' then 'demo-planner' end
       from scale_wo;`,
    ],
    [
      'operations',
      `create temp table scale_op on commit drop as
       select w.g, w.no, r.seq, r.name, r.workshop, r.work_center, r.standard_minutes, r.setup_minutes, w.qty, w.status wo_status,
         least(${NOW}, w.created_at + interval '1 day' + (k - 1) * interval '8 hours') start_at,
         case when w.status in ('closed', 'done') then 'done'
              when w.status in ('in-progress', 'on-hold') then
                case when k < ceil(n / 2.0) then 'done' when k = ceil(n / 2.0) then 'in-progress' else 'pending' end
              when w.status = 'released' and k = 1 then 'ready' else 'pending' end status
       from (select r.*, row_number() over (partition by r.item order by r.seq) k, count(*) over (partition by r.item) n
             from routings r where r.org_id = ${O} and r.item like 'Y-%') r
       join scale_wo w on r.item = ${code('w.item_i')};
       insert into work_order_operations (org_id, work_order_no, seq, name, workshop, work_center, standard_minutes, setup_minutes,
         status, planned_start, planned_end, actual_start, actual_end)
       select ${O}, no, seq, name, workshop, work_center, standard_minutes, setup_minutes, status,
         start_at, start_at + interval '6 hours',
         case when status in ('done', 'in-progress') then start_at end,
         case when status = 'done' then least(${NOW}, start_at + interval '6 hours') end
       from scale_op;
       create temp table scale_rop on commit drop as
       select row_number() over (order by g, seq) i, no, seq, qty, start_at from scale_op where status in ('done', 'in-progress');
       create index on scale_rop (i);`,
    ],
  ];
  const later: Array<[string, (reportable: number) => string]> = [
    [
      'reports',
      (
        nr,
      ) => `insert into operation_reports (id, org_id, work_order_no, seq, good_qty, scrap_qty, scrap_reason, reporter,
         device_time, created_at, started_at)
       select md5('scale-${seed}-r' || g)::uuid, ${O}, o.no, o.seq, greatest(1, ceil(o.qty::numeric / ${Math.ceil(S.reports / nr)})),
         case when ${h('g', 32)} % 100 < 3 then 1 else 0 end,
         case when ${h('g', 32)} % 100 < 3 then (array['尺寸超差','崩边','漆面不良'])[1 + ${h('g', 33)} % 3] end,
         (${textArray(REPORTERS)})[1 + ${h('g', 34)} % ${REPORTERS.length}],
         t - (${h('g', 35)} % 120) * interval '1 second', t, t - interval '40 minutes'
       from generate_series(1, ${S.reports}) g
       join scale_rop o on o.i = 1 + (g - 1) % ${nr}
       cross join lateral (select least(${NOW} - interval '1 minute',
         o.start_at + ((g - 1) / ${nr}) * interval '47 minutes' + (${h('g', 31)} % 1200) * interval '1 second') t) x;
       update work_order_operations w set good_qty = s.good, scrap_qty = s.scrap
       from (select work_order_no, seq, sum(good_qty) good, sum(scrap_qty) scrap from operation_reports
             where org_id = ${O} and work_order_no like 'YWO%' group by 1, 2) s
       where w.org_id = ${O} and w.work_order_no = s.work_order_no and w.seq = s.seq;`,
    ],
    [
      'movements',
      // Each lot: one receipt, then small issues that never take it below zero.
      () => `insert into stock_movements (org_id, at, kind, item, location, lot, qty, source_type, source_id, actor)
       select ${O},
         least(${NOW} - (${perLot + 1} - j) * interval '1 minute', l.created_at + j * (6 + ${h('g', 41)} % 24) * interval '1 hour'),
         case when j = 0 then case when l.fin then 'production-receipt' else 'receipt' end else 'issue' end,
         l.item, l.loc, l.code,
         case when j = 0 then ${receiptQty} else -(1 + ${h('g', 42)} % 9) end,
         case when j = 0 then case when l.fin then 'operation-report' else 'receipt' end else 'issue-request' end,
         case when j = 0 then l.origin else 'YIR-' || lpad((1 + ${h('g', 43)} % ${S.requests})::text, 6, '0') end,
         case when j = 0 and l.fin then 'demo-operator' else 'demo-storekeeper' end
       from (select g, (g - 1) / ${S.lots} j, 1 + (g - 1) % ${S.lots} i from generate_series(1, ${S.movements}) g) x
       join scale_lot l on l.i = x.i;`,
    ],
    [
      'balances',
      // Balances come from the ledger in one pass, so they equal it by construction.
      () => `insert into stock_balances (org_id, item, location, lot, qty, updated_at)
       select org_id, item, location, lot, sum(qty), max(at) from stock_movements
       where org_id = ${O} and item like 'Y-%' group by org_id, item, location, lot;
       update lots l set qty = b.qty from stock_balances b
       where l.org_id = ${O} and b.org_id = ${O} and b.item like 'Y-%' and l.code = b.lot;`,
    ],
    [
      'genealogy',
      () => `insert into genealogy_edges (org_id, from_lot, to_lot, qty, kind, at)
       select ${O}, m.code, f.code, 1 + ${h('e', 51)} % 20, 'consume', least(${NOW}, f.created_at - interval '1 day')
       from generate_series(1, ${S.genealogyEdges}) e
       join scale_lot f on f.i = 1 + (e - 1) % ${finished}
       join scale_lot m on m.i = ${finished + 1} + ${h('e', 52)} % ${material};`,
    ],
    [
      'requests',
      () => `create temp table scale_req on commit drop as
       select r, md5('scale-${seed}-q' || r)::uuid id, 'YIR-' || lpad(r::text, 6, '0') no, w.no wo,
         least(${NOW}, w.created_at + interval '1 hour') created_at,
         case when w.di >= 335 and ${h('r', 61)} % 2 = 0 then 'pending' when r % 20 = 0 then 'rejected' else 'approved' end status
       from generate_series(1, ${S.requests}) r join scale_wo w on w.g = 1 + ((r - 1)::int8 * ${S.workOrders}) / ${S.requests};
       insert into issue_requests (id, org_id, no, kind, work_order_no, warehouse, requester, status, created_at, decided_at, posted_at)
       select id, ${O}, no, 'issue', wo, 'WH-RM', 'demo-operator', status, created_at,
         case when status <> 'pending' then least(${NOW}, created_at + interval '2 hours') end,
         case when status = 'approved' then least(${NOW}, created_at + interval '2 hours') end
       from scale_req;
       insert into issue_request_lines (org_id, request_id, line_no, item, qty, location, approved_qty)
       select ${O}, id, n, ${code(`${S.makeItems + 1} + ${zipf('r * 10 + n', 62, buy)}`)}, 5 + ${h('r * 10 + n', 63)} % 50, 'RM-C01',
         case when status = 'approved' then 5 + ${h('r * 10 + n', 63)} % 50 when status = 'rejected' then 0 end
       from scale_req, generate_series(1, 2) n;
       insert into approvals (id, org_id, request_id, approver, at, decision, lines)
       select md5('scale-${seed}-a' || r)::uuid, ${O}, id, 'demo-approver', least(${NOW}, created_at + interval '2 hours'), status, '[]'
       from scale_req where status <> 'pending';`,
    ],
    [
      'alerts',
      // All resolved, then the newest of some subjects in the last 30 days stays open (one live per subject).
      () => `insert into alerts (id, org_id, kind, severity, subject, message, status, params, opened_at, acknowledged_at,
         acknowledged_by, resolved_at, warehouse)
       select md5('scale-${seed}-x' || a)::uuid, ${O}, 'safety-stock', case when ${h('a', 71)} % 5 = 0 then 'critical' else 'warning' end,
         i.code, i.name || '（' || i.code || '）库存 ' || (${h('a', 72)} % 50) || ' ' || i.uom || '，低于安全库存 ' || i.safety_stock || ' ' || i.uom,
         'resolved',
         jsonb_build_object('item', i.code, 'itemName', i.name, 'onHand', ${h('a', 72)} % 50, 'safetyStock', i.safety_stock, 'uom', i.uom),
         t, t + interval '30 minutes', 'demo-storekeeper', least(${NOW}, t + interval '6 hours'), 'WH-RM'
       from generate_series(1, ${S.alerts}) a
       join scale_bucket sb on sb.b = ${bucket('a', S.alerts)}
       cross join lateral (select least(${NOW} - interval '1 minute', ${at('sb.di', `28800 + ${h('a', 73)} % 36000`)}) t) x
       join items i on i.org_id = ${O} and i.code = ${code(`${S.makeItems + 1} + ${zipf('a', 74, buy)}`)};
       update alerts set status = 'open', acknowledged_at = null, acknowledged_by = null, resolved_at = null
       where id in (
         select distinct on (subject) id from alerts
         where org_id = ${O} and subject like 'Y-%' and opened_at > ${NOW} - interval '30 days'
         order by subject, opened_at desc)
       and ${h('hashtext(subject)', 75)} % 3 = 0;`,
    ],
  ];

  await db.transaction().execute(async (tx) => {
    for (const [name, statement] of steps) {
      const t = performance.now();
      await run(tx, statement);
      log(`${name}: ${Math.round(performance.now() - t)} ms`);
    }
    const reportable = await sql<{ n: number }>`select count(*)::int n from scale_rop`.execute(tx);
    const nr = Number(reportable.rows[0]!.n);
    if (nr === 0) throw new Error('no operation is done or in progress: too few work orders');
    for (const [name, statement] of later) {
      const t = performance.now();
      await run(tx, statement(nr));
      log(`${name}: ${Math.round(performance.now() - t)} ms`);
    }
    // Its reports have no outbox events: the team comparison's backfill measures them.
    await reopenTeamMinutesBackfill(tx);
  });
  const t = performance.now();
  await sql.raw('analyze').execute(db);
  log(`analyze: ${Math.round(performance.now() - t)} ms`);
  return {
    seeded: true,
    seconds: (performance.now() - started) / 1000,
    counts: await scaleCounts(db, options.orgId),
  };
}

/** One statement at a time: PGlite's extended protocol takes a single statement per query. */
async function run(db: Kysely<Database>, statements: string): Promise<void> {
  for (const statement of statements.split(/;\s*\n/)) {
    if (statement.trim()) await sql.raw(statement.trim().replace(/;$/, '')).execute(db);
  }
}

/** Rows of the scale data set, by table (the demo's own rows are not counted). */
export async function scaleCounts(db: Kysely<Database>, orgId: string): Promise<Record<string, number>> {
  const r = await sql<Record<string, string>>`select
    (select count(*) from items where org_id = ${orgId} and code like 'Y-%') items,
    (select count(*) from bom_lines where org_id = ${orgId} and parent like 'Y-%') bom_lines,
    (select count(distinct item) from routings where org_id = ${orgId} and item like 'Y-%') routings,
    (select count(*) from work_orders where org_id = ${orgId} and no like 'YWO%') work_orders,
    (select count(*) from work_order_operations where org_id = ${orgId} and work_order_no like 'YWO%') operations,
    (select count(*) from operation_reports where org_id = ${orgId} and work_order_no like 'YWO%') reports,
    (select count(*) from stock_movements where org_id = ${orgId} and item like 'Y-%') movements,
    (select count(*) from stock_balances where org_id = ${orgId} and item like 'Y-%') balances,
    (select count(*) from lots where org_id = ${orgId} and code like 'Y%') lots,
    (select count(*) from genealogy_edges where org_id = ${orgId} and to_lot like 'YF%') genealogy_edges,
    (select count(*) from issue_requests where org_id = ${orgId} and no like 'YIR-%') requests,
    (select count(*) from alerts where org_id = ${orgId} and subject like 'Y-%') alerts`.execute(db);
  return Object.fromEntries(Object.entries(r.rows[0]!).map(([k, v]) => [k, Number(v)]));
}
