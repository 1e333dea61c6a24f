/** What a BOM benchmark knows about its input before anything is timed. */
import { countPaths, type FlatBom, flattenBom, lowLevelCodes } from '../baselines/flat-bom.js';
import { BENCH_DATE, type GeneratedBom } from '../generators.js';

export interface BenchInput {
  label: string;
  generated: GeneratedBom;
  /** All lines, no date: for low-level codes and the SQL tables. */
  allLines: FlatBom;
  /** Lines effective at BENCH_DATE: what every explosion sees. */
  effective: FlatBom;
  items: number;
  lines: number;
  levels: number;
  leafPaths: number;
  pathRows: number;
}

export function describeInput(label: string, generated: GeneratedBom): BenchInput {
  const allLines = flattenBom(generated.document);
  const effective = flattenBom(generated.document, BENCH_DATE);
  const { leafPaths, pathRows } = countPaths(effective, generated.endItem);
  return {
    label,
    generated,
    allLines,
    effective,
    items: generated.document.items.length,
    lines: generated.document.bomLines.length,
    levels: Math.max(...lowLevelCodes(allLines)) + 1,
    leafPaths,
    pathRows,
  };
}
