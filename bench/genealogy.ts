/**
 * Lot genealogy at 10k and 10M edges: build time, memory, and the same-shaped traces in both.
 * The goal of issue 2: a trace costs what the lot reaches, so the 10M/10k time ratio stays within 3×.
 *
 * Standalone: `node --expose-gc --import tsx bench/genealogy.ts` prints the result as JSON.
 */
import { pathToFileURL } from 'node:url';
import {
  compileGenealogy,
  type Genealogy,
  type GenealogyColumns,
} from '../packages/bom-engine/src/genealogy/index.js';
import { collectGarbage, hasGc, keepAlive, measure, type Timing, usedMemoryBytes } from './measure.js';

/**
 * One product family per work cycle: raw-material lots → component lots → sub-assembly lots →
 * finished lots → shipments. 50 edges and 27 lots per family.
 */
const RAWS = 6;
const COMPONENTS = 12;
const SUBASSEMBLIES = 4;
const FINISHED = 2;
const SHIPMENTS = 3;
const LOTS_PER_FAMILY = RAWS + COMPONENTS + SUBASSEMBLIES + FINISHED + SHIPMENTS;
const EDGES_PER_FAMILY = COMPONENTS * 2 + SUBASSEMBLIES * 4 + FINISHED * 3 + 4;
/**
 * Families produced in the same period share it: their lots are numbered stage by stage across the
 * whole period (all raw receipts, then all components, …), as lot codes are issued in time order.
 * One family's lots therefore lie far apart in the arrays, not in one cache-friendly block.
 */
const FAMILIES_PER_PERIOD = 2000;

export interface SyntheticGenealogy {
  columns: GenealogyColumns & { lotCodes: string[] };
  families: number;
  /** Lot id of the first finished lot / the first raw lot of family f. */
  finishedLotOf(family: number): number;
  rawLotOf(family: number): number;
}

/** Deterministic small PRNG (mulberry32) so both sizes get the same shapes run after run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticGenealogy(edgeCount: number, seed = 7): SyntheticGenealogy {
  const families = Math.max(1, Math.round(edgeCount / EDGES_PER_FAMILY));
  const lotCount = families * LOTS_PER_FAMILY;
  const edges = families * EDGES_PER_FAMILY;
  const from = new Int32Array(edges);
  const to = new Int32Array(edges);
  const qty = new Float64Array(edges);
  const kind = new Uint8Array(edges);
  const rand = random(seed);
  const stageSizes = [RAWS, COMPONENTS, SUBASSEMBLIES, FINISHED, SHIPMENTS];
  const stagePrefixes = ['RM', 'CP', 'SA', 'FG', 'SH'];

  // Lot id of lot k of stage s in family f: periods are consecutive, stages consecutive inside a period.
  const lotId = (f: number, stage: number, k: number): number => {
    const period = Math.floor(f / FAMILIES_PER_PERIOD);
    const periodStart = period * FAMILIES_PER_PERIOD;
    const familiesInPeriod = Math.min(FAMILIES_PER_PERIOD, families - periodStart);
    let id = periodStart * LOTS_PER_FAMILY;
    for (let s = 0; s < stage; s++) id += stageSizes[s] * familiesInPeriod;
    return id + (f - periodStart) * stageSizes[stage] + k;
  };

  // 500 products; item codes are shared strings, as a real item master would hand them out.
  const PRODUCTS = 500;
  const itemCodes = stageSizes.map((size, stage) =>
    Array.from({ length: stage === 0 ? 1 : PRODUCTS }, (_, product) =>
      Array.from({ length: size }, (_, k) =>
        stage === 0 ? `RAW-${k}` : `${stagePrefixes[stage]}-${product}-${k}`,
      ),
    ),
  );
  const lotCodes = Array.from({ length: lotCount }, () => '');
  const lotItems = Array.from({ length: lotCount }, () => '');
  for (let f = 0; f < families; f++) {
    for (let stage = 0; stage < stageSizes.length; stage++) {
      const items = itemCodes[stage][stage === 0 ? 0 : f % PRODUCTS];
      for (let k = 0; k < stageSizes[stage]; k++) {
        const id = lotId(f, stage, k);
        lotCodes[id] = `${stagePrefixes[stage]}${String(id).padStart(8, '0')}`;
        lotItems[id] = items[k];
      }
    }
  }

  let e = 0;
  const edge = (a: number, b: number, q: number, ship = false) => {
    from[e] = a;
    to[e] = b;
    qty[e] = q;
    kind[e] = ship ? 1 : 0;
    e++;
  };
  // Records in time order: every family of a period goes through one stage before the next stage.
  for (let periodStart = 0; periodStart < families; periodStart += FAMILIES_PER_PERIOD) {
    const periodEnd = Math.min(families, periodStart + FAMILIES_PER_PERIOD);
    for (let f = periodStart; f < periodEnd; f++) {
      for (let c = 0; c < COMPONENTS; c++) {
        const first = c % RAWS;
        const second = (first + 1 + Math.floor(rand() * (RAWS - 1))) % RAWS;
        edge(lotId(f, 0, first), lotId(f, 1, c), 1 + Math.floor(rand() * 20));
        edge(lotId(f, 0, second), lotId(f, 1, c), 1 + Math.floor(rand() * 20));
      }
    }
    for (let f = periodStart; f < periodEnd; f++) {
      for (let s = 0; s < SUBASSEMBLIES; s++) {
        for (let c = 0; c < 3; c++) edge(lotId(f, 1, s * 3 + c), lotId(f, 2, s), 2);
        edge(lotId(f, 0, RAWS - 1), lotId(f, 2, s), 8); // screws
      }
    }
    for (let f = periodStart; f < periodEnd; f++) {
      for (let j = 0; j < FINISHED; j++) {
        edge(lotId(f, 2, 2 * j), lotId(f, 3, j), 1);
        edge(lotId(f, 2, 2 * j + 1), lotId(f, 3, j), 1);
        edge(lotId(f, 0, RAWS - 2), lotId(f, 3, j), 1); // packaging
      }
    }
    for (let f = periodStart; f < periodEnd; f++) {
      edge(lotId(f, 3, 0), lotId(f, 4, 0), 40, true);
      edge(lotId(f, 3, 1), lotId(f, 4, 1), 40, true);
      edge(lotId(f, 3, 0), lotId(f, 4, 2), 10, true);
      edge(lotId(f, 3, 1), lotId(f, 4, 2), 10, true);
    }
  }

  return {
    columns: { lotCodes, lotItems, from, to, qty, kind },
    families,
    finishedLotOf: (f) => lotId(f, 3, 0),
    rawLotOf: (f) => lotId(f, 0, 0),
  };
}

export interface GenealogyBenchCase {
  edges: number;
  lots: number;
  buildMs: number;
  /** Retained by the compiled genealogy (CSR both ways, lot table and hash index); lot-code strings excluded. */
  graphBytes: number;
  /** Traversal scratch (queue + visit stamps), allocated by the first trace and reused by every other. */
  scratchBytes: number;
  /** The lot-code strings and the lotCodes/lotItems arrays: input the genealogy keeps referencing. */
  lotCodeBytes: number;
  /** The numeric edge columns (from, to, qty, kind) handed to compileGenealogy. */
  edgeColumnBytes: number;
  /** graphBytes / edges. */
  bytesPerEdge: number;
  /** Mean lots reached per trace over the rotating start lots (same shape in both sizes). */
  backwardReach: number;
  forwardReach: number;
  traceBackward: Timing;
  traceForward: Timing;
  recallImpact: Timing;
}

export interface GenealogyBenchResult {
  gcExposed: boolean;
  small: GenealogyBenchCase;
  large: GenealogyBenchCase;
  /** Median trace time at 10M edges divided by the same at 10k edges. */
  ratio: { traceBackward: number; traceForward: number; recallImpact: number };
  /** Goal of issue 2: every ratio within this. */
  goal: number;
  withinGoal: boolean;
}

/** Start lots spread over random families, so the large case does not re-trace one cached family. */
const STARTS = 256;
const TIMING = { warmup: 20, samples: 300, batch: STARTS };

function benchCase(edgeCount: number): GenealogyBenchCase {
  const before = usedMemoryBytes();
  const synthetic = syntheticGenealogy(edgeCount);
  const { columns } = synthetic;
  const edgeColumnBytes = [columns.from, columns.to, columns.qty, columns.kind].reduce(
    (sum, column) => sum + (column as Uint8Array).byteLength,
    0,
  );
  const lotCodeBytes = usedMemoryBytes() - before - edgeColumnBytes;

  const baseline = usedMemoryBytes();
  const started = performance.now();
  let genealogy: Genealogy | null = compileGenealogy(columns);
  const buildMs = performance.now() - started;
  const graphBytes = usedMemoryBytes() - baseline;

  const pick = random(11);
  const familyAt = () => Math.floor(pick() * synthetic.families);
  const finished = Array.from(
    { length: STARTS },
    () => columns.lotCodes[synthetic.finishedLotOf(familyAt())],
  );
  const raws = Array.from({ length: STARTS }, () => columns.lotCodes[synthetic.rawLotOf(familyAt())]);
  const g = genealogy;
  const rotating = (starts: string[], run: (lot: string) => unknown) => {
    let i = 0;
    return () => run(starts[i++ % STARTS]);
  };

  const beforeFirstTrace = usedMemoryBytes();
  keepAlive(g.traceBackward(finished[0]));
  const scratchBytes = usedMemoryBytes() - beforeFirstTrace;
  const meanReach = (starts: string[], trace: (lot: string) => { nodes: unknown[] }) =>
    starts.reduce((sum, lot) => sum + trace(lot).nodes.length, 0) / starts.length;

  const result: GenealogyBenchCase = {
    edges: g.edgeCount,
    lots: g.lotCount,
    buildMs,
    graphBytes,
    scratchBytes,
    lotCodeBytes,
    edgeColumnBytes,
    bytesPerEdge: graphBytes / g.edgeCount,
    backwardReach: meanReach(finished, (lot) => g.traceBackward(lot)),
    forwardReach: meanReach(raws, (lot) => g.traceForward(lot)),
    traceBackward: measure(
      rotating(finished, (lot) => g.traceBackward(lot)),
      TIMING,
    ),
    traceForward: measure(
      rotating(raws, (lot) => g.traceForward(lot)),
      TIMING,
    ),
    recallImpact: measure(
      rotating(raws, (lot) => g.recallImpact(lot)),
      TIMING,
    ),
  };
  keepAlive(null);
  genealogy = null;
  collectGarbage();
  return result;
}

export async function benchGenealogy(): Promise<GenealogyBenchResult> {
  const small = benchCase(10_000);
  const large = benchCase(10_000_000);
  const ratio = {
    traceBackward: large.traceBackward.medianMs / small.traceBackward.medianMs,
    traceForward: large.traceForward.medianMs / small.traceForward.medianMs,
    recallImpact: large.recallImpact.medianMs / small.recallImpact.medianMs,
  };
  const goal = 3;
  return {
    gcExposed: hasGc(),
    small,
    large,
    ratio,
    goal,
    withinGoal: Object.values(ratio).every((r) => r <= goal),
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await benchGenealogy(), null, 2));
}
