import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { countPaths, flattenBom, lowLevelCodes } from '../bench/baselines/flat-bom.js';
import {
  BENCH_DATE,
  type GeneratedBom,
  generateRealisticBom,
  generateSyntheticDag,
  SYNTHETIC_DAG_DEFAULTS,
} from '../bench/generators.js';
import type { BomDocument } from '../packages/bom-engine/src/types.js';

/** Structural facts every generated document must satisfy, whatever the seed. */
function expectWellFormed({ document, endItem, commonLeaf }: GeneratedBom): void {
  const types = new Map(document.items.map((item) => [item.code, item.type]));
  expect(types.size).toBe(document.items.length);
  const pairs = new Set<string>();
  const badLines = document.bomLines.filter((line) => {
    pairs.add(`${line.parent}>${line.child}`);
    return (
      !types.has(line.child) || !types.has(line.parent) || types.get(line.parent) === 'buy' || !(line.qty > 0)
    );
  });
  expect(badLines).toEqual([]);
  expect(pairs.size).toBe(document.bomLines.length);
  expect(types.get(endItem)).toBe('make');
  expect(types.get(commonLeaf)).toBe('buy');
  // flattenBom resolves every UoM conversion and throws on a cycle.
  expect(flattenBom(document).topologicalOrder).toHaveLength(document.items.length);
}

const linesPerParent = (document: BomDocument) => {
  const counts = new Map<string, number>();
  for (const line of document.bomLines) counts.set(line.parent, (counts.get(line.parent) ?? 0) + 1);
  return counts;
};

const levelSizes = (document: BomDocument) => {
  const sizes: number[] = [];
  for (const level of lowLevelCodes(flattenBom(document))) sizes[level] = (sizes[level] ?? 0) + 1;
  return sizes;
};

describe('realistic machine BOM generator', () => {
  const generated = generateRealisticBom();
  const { document, endItem, commonLeaf } = generated;

  it('builds one machine of about 1,700 lines over 8 levels', () => {
    expect(document.bomLines.length).toBeGreaterThanOrEqual(1_600);
    expect(document.bomLines.length).toBeLessThanOrEqual(1_800);
    const sizes = levelSizes(document);
    expect(sizes).toHaveLength(8);
    expect(sizes[0]).toBe(1);
    expect(document.bomLines.some((line) => line.parent === endItem)).toBe(true);
  });

  it('shares sub-assemblies and fasteners enough for tens of thousands of paths', () => {
    const { leafPaths } = countPaths(flattenBom(document, BENCH_DATE), endItem);
    expect(leafPaths).toBeGreaterThanOrEqual(10_000);
    expect(leafPaths).toBeLessThan(100_000);
    const parentsOfScrew = new Set(
      document.bomLines.filter((l) => l.child === commonLeaf).map((l) => l.parent),
    );
    expect(parentsOfScrew.size).toBeGreaterThanOrEqual(30);
  });

  it('exercises phantoms, scrap, unit conversions and effectivity', () => {
    expect(document.items.some((item) => item.type === 'phantom')).toBe(true);
    expect(document.bomLines.some((line) => (line.scrapRate ?? 0) > 0)).toBe(true);
    expect(document.bomLines.some((line) => line.uom === 'mm')).toBe(true);
    expect(document.uomConversions?.some((c) => c.item !== undefined)).toBe(true);
    expect(document.bomLines.some((line) => line.effectiveTo != null)).toBe(true);
  });

  it('gives the same document for the same seed and another one for another seed', () => {
    expect(generateRealisticBom()).toEqual(generated);
    expect(generateRealisticBom({ seed: 2 }).document).not.toEqual(document);
  });

  it('is well formed for any seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) =>
        expectWellFormed(generateRealisticBom({ seed })),
      ),
      { numRuns: 25 },
    );
  });
});

describe('synthetic DAG generator', () => {
  let generated: GeneratedBom;
  let sizes: number[];
  beforeAll(() => {
    generated = generateSyntheticDag();
    sizes = levelSizes(generated.document);
  });

  it('builds 100k items over 12 levels with about 500k lines', () => {
    const { document } = generated;
    expect(document.items).toHaveLength(SYNTHETIC_DAG_DEFAULTS.items);
    expect(Math.abs(document.bomLines.length - 500_000)).toBeLessThan(25_000);
    expect(sizes).toHaveLength(12);
  });

  it('widens from few end items to many purchased parts at the bottom', () => {
    expect(sizes[0]).toBeLessThan(sizes[1]);
    expect(sizes[0]).toBeLessThan(SYNTHETIC_DAG_DEFAULTS.items / 500);
    expect(Math.max(...sizes)).toBe(sizes[11]);
  });

  it('gives every parent 3 to 10 lines and shares the common screw widely', () => {
    const counts = [...linesPerParent(generated.document).values()];
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(3);
    expect(Math.max(...counts)).toBeLessThanOrEqual(10);
    const usesOfScrew = generated.document.bomLines.filter((l) => l.child === generated.commonLeaf).length;
    expect(usesOfScrew).toBeGreaterThan(1_000);
  });

  it('is well formed', () => {
    expectWellFormed(generated);
  });

  it('gives the same document for the same seed and another one for another seed', () => {
    const small = { items: 2_000, lines: 10_000 };
    expect(generateSyntheticDag(small)).toEqual(generateSyntheticDag(small));
    expect(generateSyntheticDag({ ...small, seed: 1 }).document).not.toEqual(
      generateSyntheticDag(small).document,
    );
  });

  it('keeps the requested depth and line range for any seed and size', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.integer({ min: 2, max: 12 }),
        fc.integer({ min: 200, max: 1_500 }),
        (seed, levels, items) => {
          const small = generateSyntheticDag({ seed, levels, items, lines: items * 5 });
          expectWellFormed(small);
          expect(levelSizes(small.document)).toHaveLength(levels);
          expect(Math.min(...linesPerParent(small.document).values())).toBeGreaterThanOrEqual(3);
        },
      ),
      { numRuns: 20 },
    );
  });
});
