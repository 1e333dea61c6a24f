import type { BomDocument, BomItemInput, BomLineInput, UomConversionInput } from '@shopfloor/bom-engine';

/**
 * The org's BOM after a change: the change's records first, in their order, so the engine's
 * `bomLines[i]` names record i of the change; the stored records it does not replace follow.
 */
export interface MergedBom {
  document: BomDocument;
  /** How many of `document`'s items, lines and conversions came from the change. */
  counts: { items: number; bomLines: number; uomConversions: number };
}

/** Replaces the lines of each parent the change has lines for (or lists in `parents`). */
export function mergeLines(
  stored: BomDocument,
  lines: readonly BomLineInput[],
  parents: ReadonlySet<string> = new Set(lines.map((line) => line.parent)),
): MergedBom {
  const kept = stored.bomLines.filter((line) => !parents.has(line.parent));
  return {
    document: { ...stored, bomLines: [...lines, ...kept] },
    counts: { items: 0, bomLines: lines.length, uomConversions: 0 },
  };
}

const conversionKey = (c: UomConversionInput) => `${c.from}\u0000${c.to}\u0000${c.item ?? ''}`;

/**
 * A whole file over the stored BOM: its items update the stored ones field by field (fields the
 * file leaves out keep their stored value), its lines replace those of every parent it has lines
 * for, its conversions replace stored ones with the same units and item.
 */
export function mergeFile(stored: BomDocument, file: BomDocument): MergedBom {
  const storedItems = new Map(stored.items.map((item) => [item.code, item]));
  const fileCodes = new Set(file.items.map((item) => item.code));
  const items: BomItemInput[] = [
    ...file.items.map(
      (item): BomItemInput => ({ ...storedItems.get(item.code), ...withoutUndefined(item) }) as BomItemInput,
    ),
    ...stored.items.filter((item) => !fileCodes.has(item.code)),
  ];
  const fileConversions = file.uomConversions ?? [];
  const replaced = new Set(fileConversions.map(conversionKey));
  const uomConversions = [
    ...fileConversions,
    ...(stored.uomConversions ?? []).filter((c) => !replaced.has(conversionKey(c))),
  ];
  const lines = mergeLines(stored, file.bomLines);
  return {
    document: { items, uomConversions, bomLines: lines.document.bomLines },
    counts: {
      items: file.items.length,
      bomLines: file.bomLines.length,
      uomConversions: fileConversions.length,
    },
  };
}

function withoutUndefined<T extends object>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as Partial<T>;
}
