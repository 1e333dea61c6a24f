/**
 * Deterministic BOM generators for the benchmarks (and for engine tests that want big inputs).
 * Dependency-free: a seeded PRNG, no Math.random, so the same seed always gives the same document.
 */
import type {
  BomDocument,
  BomItemInput,
  BomLineInput,
  UomConversionInput,
} from '../packages/bom-engine/src/types.js';

/** The date every benchmark explodes at; the generators place effectivity windows around it. */
export const BENCH_DATE = '2026-06-30';

/** A generated document plus the items a benchmark asks about. */
export interface GeneratedBom {
  document: BomDocument;
  /** A finished product to explode. */
  endItem: string;
  /** A purchased part used almost everywhere (the screw of a where-used query). */
  commonLeaf: string;
}

export type Random = () => number;

/** mulberry32: tiny, fast, good enough for test data; returns floats in [0, 1). */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const randomInt = (random: Random, min: number, max: number): number =>
  min + Math.floor(random() * (max - min + 1));
const pickOne = <T>(random: Random, values: readonly T[]): T => values[Math.floor(random() * values.length)];
/** An index in [0, size) biased towards 0, so low indices become the widely shared components. */
const skewedIndex = (random: Random, size: number, skew: number): number =>
  Math.floor(size * random() ** skew);
const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Real BOMs are mostly qty 1 or 2, with a few fractional quantities. */
function lineQty(random: Random): number {
  const r = random();
  if (r < 0.55) return 1;
  if (r < 0.75) return 2;
  if (r < 0.83) return 3;
  if (r < 0.88) return 4;
  return pickOne(random, [0.25, 0.5, 1.5, 2.5, 0.125]);
}

const SCRAP_RATES = [0.01, 0.02, 0.03, 0.05, 0.1] as const;

/** Effectivity on about 1 % of lines: some expired, some future, some current at BENCH_DATE. */
function effectivity(random: Random): Pick<BomLineInput, 'effectiveFrom' | 'effectiveTo'> {
  if (random() >= 0.01) return {};
  const r = random();
  if (r < 0.35) return { effectiveFrom: null, effectiveTo: '2025-12-31' };
  if (r < 0.7) return { effectiveFrom: '2027-01-01', effectiveTo: null };
  return { effectiveFrom: '2026-01-01', effectiveTo: '2026-12-31' };
}

/** Number of successes in `trials` coin flips of probability p: spreads line counts evenly in a range. */
function binomial(random: Random, trials: number, p: number): number {
  let successes = 0;
  for (let i = 0; i < trials; i++) if (random() < p) successes++;
  return successes;
}

export interface SyntheticDagOptions {
  seed?: number;
  items?: number;
  /** Depth of the structure: items sit on levels 0 (end items) to levels - 1 (purchased parts). */
  levels?: number;
  /** Target line count; the result lands within a few percent of it. */
  lines?: number;
}

export const SYNTHETIC_DAG_DEFAULTS: Required<SyntheticDagOptions> = {
  seed: 20_260_630,
  items: 100_000,
  levels: 12,
  lines: 500_000,
};

/** Level sizes widen like a product structure; the bottom level (purchased parts) holds ~31 %. */
function levelSizes(items: number, levels: number): number[] {
  const bottom = Math.round(items * 0.31);
  const weights = Array.from({ length: levels - 1 }, (_, level) => (level + 1) ** 2.2);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const sizes = weights.map((w) => Math.max(1, Math.round(((items - bottom) * w) / weightSum)));
  sizes.push(Math.max(1, items - sizes.reduce((a, b) => a + b, 0)));
  return sizes;
}

interface DagItem {
  code: string;
  type: BomItemInput['type'];
  uom: string;
}

/**
 * A 12-level synthetic product structure: few end items at level 0 widening to many purchased
 * parts at the bottom; every parent has 3–10 lines to lower levels (skipping levels sometimes),
 * components shared across parents and levels, a pool of fasteners used from every level.
 * Every item below level 0 has a parent exactly one level up, so its low-level code is its level.
 */
export function generateSyntheticDag(options: SyntheticDagOptions = {}): GeneratedBom {
  const { seed, items: itemCount, levels, lines: targetLines } = { ...SYNTHETIC_DAG_DEFAULTS, ...options };
  if (levels < 2) throw new RangeError('a DAG needs at least 2 levels');
  const random = seededRandom(seed);
  const sizes = levelSizes(itemCount, levels);
  const bottom = levels - 1;
  const fastenerCount = Math.max(5, Math.round(sizes[bottom] * 0.01));

  // Items, level by level.
  const byLevel: DagItem[][] = [];
  let serial = 0;
  for (let level = 0; level < levels; level++) {
    const row: DagItem[] = [];
    for (let i = 0; i < sizes[level]; i++) {
      serial++;
      if (level === 0) row.push({ code: `END-${pad(serial, 6)}`, type: 'make', uom: 'pcs' });
      else if (level === bottom && i < fastenerCount)
        row.push({ code: `FST-${pad(serial, 6)}`, type: 'buy', uom: 'pcs' });
      else if (level === bottom || (level >= levels / 2 && random() < 0.05)) {
        const r = random();
        const uom = r < 0.03 ? 'm' : r < 0.05 ? 'kg' : 'pcs';
        row.push({ code: `PRT-${pad(serial, 6)}`, type: 'buy', uom });
      } else if (level >= 2 && level <= levels - 3 && random() < 0.004) {
        row.push({ code: `PHT-${pad(serial, 6)}`, type: 'phantom', uom: 'pcs' });
      } else row.push({ code: `ASM-${pad(serial, 6)}`, type: 'make', uom: 'pcs' });
    }
    byLevel.push(row);
  }
  const parentsByLevel = byLevel.map((row) => row.filter((item) => item.type !== 'buy'));
  const parentCount = parentsByLevel.reduce((n, row) => n + row.length, 0);
  const meanExtraLines = Math.min(7, Math.max(0, targetLines / parentCount - 3));

  // Spanning lines first: each item below level 0 gets one parent on the level just above it.
  const childrenOf = new Map<DagItem, Set<DagItem>>();
  for (const row of parentsByLevel) for (const parent of row) childrenOf.set(parent, new Set());
  // Round-robin from a random start keeps every parent within ceil(children / parents) of them.
  for (let level = 1; level < levels; level++) {
    const parents = parentsByLevel[level - 1];
    const offset = randomInt(random, 0, parents.length - 1);
    for (const [i, child] of byLevel[level].entries()) {
      childrenOf.get(parents[(offset + i) % parents.length])!.add(child);
    }
  }

  // Then fill each parent up to 3–10 lines with shared components from lower levels.
  const fasteners = byLevel[bottom].slice(0, fastenerCount);
  for (let level = 0; level < bottom; level++) {
    for (const parent of parentsByLevel[level]) {
      const children = childrenOf.get(parent)!;
      const wanted = 3 + binomial(random, 7, meanExtraLines / 7);
      for (let attempt = 0; children.size < wanted && attempt < 40; attempt++) {
        const r = random();
        let child: DagItem;
        if (r < 0.1) child = fasteners[skewedIndex(random, fasteners.length, 3)];
        else {
          const target = r < 0.7 ? level + 1 : Math.min(bottom, level + randomInt(random, 2, 4));
          child = byLevel[target][skewedIndex(random, byLevel[target].length, 2)];
        }
        children.add(child);
      }
    }
  }

  const bomLines: BomLineInput[] = [];
  for (const row of parentsByLevel) {
    for (const parent of row) {
      for (const child of childrenOf.get(parent)!) bomLines.push(dagLine(random, parent, child));
    }
  }
  const items: BomItemInput[] = byLevel.flat().map((item) => ({
    code: item.code,
    name: item.type === 'buy' ? `外购件 ${item.code}` : `组件 ${item.code}`,
    uom: item.uom,
    type: item.type,
  }));
  const uomConversions: UomConversionInput[] = [
    { from: 'mm', to: 'm', factor: 0.001 },
    { from: 'g', to: 'kg', factor: 0.001 },
  ];
  return {
    document: { uomConversions, items, bomLines },
    endItem: byLevel[0][0].code,
    commonLeaf: fasteners[0].code,
  };
}

function dagLine(random: Random, parent: DagItem, child: DagItem): BomLineInput {
  const line: BomLineInput = { parent: parent.code, child: child.code, qty: lineQty(random) };
  // Lengths and weights are written in the drawing's unit (mm, g) and stocked in m and kg.
  if (child.uom === 'm') Object.assign(line, { qty: randomInt(random, 1, 40) * 50, uom: 'mm' });
  if (child.uom === 'kg') Object.assign(line, { qty: randomInt(random, 1, 80) * 12.5, uom: 'g' });
  if (random() < 0.08) line.scrapRate = pickOne(random, SCRAP_RATES);
  return Object.assign(line, effectivity(random));
}

// ---------------------------------------------------------------------------------------------
// A realistic machine: one vertical machining centre, ~1,700 lines over 8 levels.

const MODULES = [
  '床身组件',
  '立柱组件',
  '主轴箱组件',
  'X轴进给组件',
  'Y轴进给组件',
  'Z轴进给组件',
  '工作台组件',
  '刀库组件',
  '冷却系统',
  '润滑系统',
  '气动系统',
  '电气柜',
  '操作面板',
  '钣金防护罩',
  '排屑器',
] as const;

const SUBASSEMBLY_KINDS = [
  '电机座',
  '轴承座',
  '联轴器组件',
  '丝杠组件',
  '导轨滑块组件',
  '拖链组件',
  '传感器支架',
  '线束',
  '管路组件',
  '护板',
  '端盖组件',
  '阀组',
  '接线板',
  '风扇组件',
  '门锁组件',
  '支撑架',
] as const;

/** ISO fasteners shared by nearly every sub-assembly: what makes naive explosion slow. */
function fastenerCatalog(): BomItemInput[] {
  const catalog: BomItemInput[] = [];
  for (const d of [3, 4, 5, 6, 8, 10, 12]) {
    for (const length of [8, 12, 16, 20, 25, 30]) {
      catalog.push({
        code: `GB70-M${d}X${length}`,
        name: `内六角圆柱头螺钉 M${d}×${length}`,
        uom: 'pcs',
        type: 'buy',
      });
    }
  }
  for (const d of [3, 4, 5, 6, 8, 10, 12]) {
    catalog.push({ code: `GB6170-M${d}`, name: `六角螺母 M${d}`, uom: 'pcs', type: 'buy' });
    catalog.push({ code: `GB97-${d}`, name: `平垫圈 ${d}`, uom: 'pcs', type: 'buy' });
    catalog.push({ code: `GB93-${d}`, name: `弹簧垫圈 ${d}`, uom: 'pcs', type: 'buy' });
  }
  return catalog;
}

/** Purchased parts in the units a storekeeper uses: cables and hoses by the metre, steel by the kg. */
function purchasedCatalog(random: Random): BomItemInput[] {
  const kinds: Array<[prefix: string, name: string, uom: string, count: number]> = [
    ['BRG', '深沟球轴承', 'pcs', 30],
    ['SEAL', 'O型密封圈', 'pcs', 30],
    ['SNS', '接近开关', 'pcs', 16],
    ['CON', '连接器', 'pcs', 30],
    ['CBL', '电缆', 'm', 20],
    ['HOSE', '软管', 'm', 12],
    ['STL', '冷轧钢板', 'kg', 10],
    ['BAR', '圆钢', 'kg', 8],
    ['MTR', '伺服电机', 'pcs', 8],
    ['VLV', '电磁阀', 'pcs', 12],
    ['FIT', '管接头', 'pcs', 30],
    ['LBL', '标牌', 'pcs', 10],
    ['PIN', '圆柱销', 'pcs', 16],
    ['CLIP', '线卡', 'pcs', 12],
    ['GRS', '润滑脂', 'kg', 2],
  ];
  const catalog: BomItemInput[] = [];
  for (const [prefix, name, uom, count] of kinds) {
    for (let i = 1; i <= count; i++) {
      catalog.push({
        code: `${prefix}-${pad(i, 3)}`,
        name: `${name} ${prefix}-${pad(i, 3)}`,
        uom,
        type: 'buy',
      });
    }
  }
  catalog.push({ code: 'TIE-100', name: '尼龙扎带 (100只/包)', uom: 'bag', type: 'buy' });
  for (const item of catalog) item.cost = Math.round(random() * 20_000) / 100;
  return catalog;
}

export interface RealisticBomOptions {
  seed?: number;
}

/**
 * One vertical machining centre (立式加工中心 VMC-850): 15 modules, sub-assemblies down to
 * level 6, purchased parts and ISO fasteners at the bottom (level 7). Sub-assemblies and
 * fasteners are shared across modules, which gives tens of thousands of root-to-leaf paths.
 */
export function generateRealisticBom(options: RealisticBomOptions = {}): GeneratedBom {
  const random = seededRandom(options.seed ?? 1_700);
  const fasteners = fastenerCatalog();
  const purchased = purchasedCatalog(random);
  const kits: BomItemInput[] = [1, 2, 3, 4, 5, 6].map((n) => ({
    code: `KIT-FST-${pad(n, 2)}`,
    name: `紧固件包 ${n}`,
    uom: 'set',
    type: 'phantom',
  }));
  const root: BomItemInput = { code: 'VMC-850', name: '立式加工中心 VMC-850', uom: 'set', type: 'make' };

  // Make items per level (1 = modules, 6 = deepest sub-assemblies); purchased parts sit below.
  const levelSizes = [0, MODULES.length, 36, 50, 56, 50, 36];
  const makeByLevel: BomItemInput[][] = [[root]];
  for (let level = 1; level < levelSizes.length; level++) {
    const row: BomItemInput[] = [];
    for (let i = 0; i < levelSizes[level]; i++) {
      const name =
        level === 1 ? MODULES[i] : `${pickOne(random, SUBASSEMBLY_KINDS)} L${level}-${pad(i + 1, 3)}`;
      row.push({ code: `ASM-${level}${pad(i + 1, 3)}`, name, uom: 'pcs', type: 'make' });
    }
    makeByLevel.push(row);
  }

  const lines: BomLineInput[] = [];
  const childrenOf = new Map<string, Set<string>>();
  const addLine = (
    parent: BomItemInput,
    child: BomItemInput,
    line: Omit<BomLineInput, 'parent' | 'child'>,
  ) => {
    const seen = childrenOf.get(parent.code) ?? new Set<string>();
    childrenOf.set(parent.code, seen);
    if (seen.has(child.code)) return;
    seen.add(child.code);
    lines.push({ parent: parent.code, child: child.code, ...line });
  };
  const fastenerLine = (parent: BomItemInput, fastener: BomItemInput) =>
    addLine(parent, fastener, { qty: pickOne(random, [2, 4, 4, 6, 8, 8, 12, 16]) });
  const purchasedLine = (parent: BomItemInput, part: BomItemInput) => {
    if (part.uom === 'm')
      addLine(parent, part, { qty: randomInt(random, 2, 60) * 50, uom: 'mm', scrapRate: 0.05 });
    else if (part.uom === 'kg')
      addLine(parent, part, { qty: randomInt(random, 1, 40) * 25, uom: 'g', scrapRate: 0.03 });
    else if (part.uom === 'bag') addLine(parent, part, { qty: pickOne(random, [5, 10, 20]), uom: 'pcs' });
    else addLine(parent, part, { qty: pickOne(random, [1, 1, 1, 2, 2, 4]) });
  };

  // Fastener kits: phantoms the designers use to avoid listing the same screws again and again.
  for (const kit of kits) {
    for (let i = 0; i < 4; i++) fastenerLine(kit, fasteners[skewedIndex(random, fasteners.length, 2)]);
  }

  // Deepest level first, so every sub-assembly's children already exist.
  for (let level = levelSizes.length - 1; level >= 0; level--) {
    const below = makeByLevel[level + 1] ?? [];
    const twoBelow = makeByLevel[level + 2] ?? [];
    for (const [i, parent] of makeByLevel[level].entries()) {
      // Spanning: each sub-assembly one level down is used by at least one parent.
      for (let j = i; j < below.length; j += makeByLevel[level].length) addLine(parent, below[j], { qty: 1 });
      if (level === 0) continue;
      const shared = level <= 4 ? randomInt(random, 1, 3) : randomInt(random, 1, 2);
      for (let s = 0; s < shared && below.length > 0; s++) {
        const pool = twoBelow.length > 0 && random() < 0.25 ? twoBelow : below;
        addLine(parent, pool[skewedIndex(random, pool.length, 1.6)], {
          qty: pickOne(random, [1, 1, 1, 2, 2, 4]),
        });
      }
      for (let f = randomInt(random, 1, 4); f > 0; f--)
        fastenerLine(parent, fasteners[skewedIndex(random, fasteners.length, 2)]);
      if (level <= 5 && random() < 0.2) addLine(parent, pickOne(random, kits), { qty: 1 });
      for (let p = randomInt(random, 1, 3); p > 0; p--)
        purchasedLine(parent, purchased[skewedIndex(random, purchased.length, 1.3)]);
    }
  }
  // The finished machine also carries its nameplate, manual labels and lubricant fill.
  const part = (code: string) => purchased.find((p) => p.code === code)!;
  for (const code of ['LBL-001', 'LBL-002', 'GRS-001']) purchasedLine(root, part(code));
  // An engineering change on the spindle head: the old motor ran out on 2026-03-31.
  const spindleHead = makeByLevel[1][MODULES.indexOf('主轴箱组件')];
  addLine(spindleHead, part('MTR-007'), { qty: 1, effectiveTo: '2026-03-31' });
  addLine(spindleHead, part('MTR-008'), { qty: 1, effectiveFrom: '2026-04-01' });

  // A product's BOM lists only the catalogue parts it uses; a kit no assembly took drops its lines.
  const kitCodes = new Set(kits.map((kit) => kit.code));
  const usedKits = new Set(lines.filter((l) => kitCodes.has(l.child)).map((l) => l.child));
  const kept = lines.filter((line) => !kitCodes.has(line.parent) || usedKits.has(line.parent));
  lines.length = 0;
  lines.push(...kept);
  const used = new Set(lines.map((line) => line.child));
  const items = [
    root,
    ...makeByLevel.slice(1).flat(),
    ...[...kits, ...fasteners, ...purchased].filter((i) => used.has(i.code)),
  ];
  const uomConversions: UomConversionInput[] = [
    { from: 'mm', to: 'm', factor: 0.001 },
    { from: 'g', to: 'kg', factor: 0.001 },
    { from: 'pcs', to: 'bag', factor: 0.01, item: 'TIE-100' },
  ];
  return {
    document: { uomConversions, items, bomLines: lines },
    endItem: root.code,
    commonLeaf: mostUsed(lines, fasteners),
  };
}

/** The candidate that appears as a child on the most lines. */
function mostUsed(lines: BomLineInput[], candidates: BomItemInput[]): string {
  const uses = new Map<string, number>();
  for (const line of lines) uses.set(line.child, (uses.get(line.child) ?? 0) + 1);
  let best = candidates[0].code;
  for (const { code } of candidates) if ((uses.get(code) ?? 0) > (uses.get(best) ?? 0)) best = code;
  return best;
}
