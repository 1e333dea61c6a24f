/**
 * Where explode's time goes on the 100k-item DAG, one API per process (docs/bom-engine.md):
 *   for api in explode explodeSummary roundedIdColumns stringColumns; do
 *     node --expose-gc --import tsx bench/explode-breakdown.ts $api; done
 * Loads the built engine (`pnpm --filter @shopfloor/bom-engine build`), explodes the realistic BOM
 * 2,000 times first (the bench's order), then prints CPU (every thread), wall and minor page faults
 * per DAG call. The two column variants are the API alternatives measured there, not engine code.
 * A third argument `realistic` times the realistic BOM instead (a call is 20 explosions, figures
 * per explosion): `... explode-breakdown.ts explode 100 realistic`.
 */
import { readFileSync } from 'node:fs';
import type * as Engine from '../packages/bom-engine/src/index.js';
import { BENCH_DATE, generateRealisticBom, generateSyntheticDag } from './generators.js';
import { collectGarbage, keepAlive } from './measure.js';

const engine = (await import(
  new URL('../packages/bom-engine/dist/index.js', import.meta.url).href
)) as typeof Engine;
const api = process.argv[2] ?? 'explode';
const calls = Number(process.argv[3] ?? 100);
const input = process.argv[4] ?? 'dag';
if (input !== 'dag' && input !== 'realistic')
  throw new RangeError(`unknown input ${input}: dag or realistic`);

const realistic = generateRealisticBom();
const small = engine.compileBom(realistic.document);
for (let i = 0; i < 2000; i++)
  keepAlive(small.explode({ item: realistic.endItem, qty: 1, date: BENCH_DATE }));

const dag = input === 'dag' ? generateSyntheticDag() : realistic;
const bom = input === 'dag' ? engine.compileBom(dag.document) : small;
const g = bom.graph;
const options = { item: dag.endItem, qty: 1, date: BENCH_DATE };
/** Explosions a call: one of the DAG, 20 of the realistic BOM (one is too quick to time alone). */
const batch = input === 'dag' ? 1 : 20;
const TYPE_NAMES = ['make', 'buy', 'phantom'] as const;

/** explodeSummary's quantities rounded in place as explode rounds them; ids stay ids. */
function roundedIdColumns() {
  const s = bom.explodeSummary(options);
  for (let i = 0; i < s.count; i++) s.qty[i] = engine.roundQty(s.qty[i], g.precisions[s.items[i]]);
  return s;
}

/** One array per field of a requirement instead of one object per requirement. */
function stringColumns() {
  const s = bom.explodeSummary(options);
  const n = s.count;
  const item = new Array<string>(n);
  const uom = new Array<string>(n);
  const type = new Array<string>(n);
  const lowLevelCode = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = s.items[i];
    item[i] = g.codes[v];
    uom[i] = g.uoms[v];
    type[i] = TYPE_NAMES[g.types[v]];
    lowLevelCode[i] = g.llc[v];
    s.qty[i] = engine.roundQty(s.qty[i], g.precisions[v]);
  }
  return { item, qty: s.qty, uom, type, lowLevelCode, count: n };
}

const apis: Record<string, () => unknown> = {
  explode: () => bom.explode(options),
  explodeSummary: () => bom.explodeSummary(options),
  roundedIdColumns,
  stringColumns,
};
const one = apis[api];
if (!one) throw new RangeError(`unknown api ${api}: one of ${Object.keys(apis).join(', ')}`);

const run = () => {
  let last: unknown;
  for (let i = 0; i < batch; i++) last = one();
  return last;
};
const minorFaults = () => Number(readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ')[7]);
for (let i = 0; i < 5; i++) keepAlive(run());
collectGarbage();
const faults0 = minorFaults();
const cpu0 = process.cpuUsage();
const wall: number[] = [];
for (let i = 0; i < calls; i++) {
  const start = process.hrtime.bigint();
  keepAlive(run());
  wall.push(Number(process.hrtime.bigint() - start) / 1e6);
}
const cpu = process.cpuUsage(cpu0);
const faults = minorFaults() - faults0;
wall.sort((a, b) => a - b);
const perCall = (micros: number) => (micros / 1000 / calls / batch).toFixed(input === 'dag' ? 2 : 4);
console.log(
  `${api} (${input}): CPU ${perCall(cpu.user + cpu.system)} ms a call (user ${perCall(cpu.user)}, system ${perCall(cpu.system)}), ` +
    `wall median ${(wall[calls >> 1] / batch).toFixed(3)} ms, min ${(wall[0] / batch).toFixed(3)} ms, ` +
    `minor faults ${(faults / calls / batch).toFixed(input === 'dag' ? 0 : 1)} a call, load ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}`,
);
