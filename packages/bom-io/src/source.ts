import type { BomDocument } from '@shopfloor/bom-engine';

export type ListName = 'items' | 'bomLines' | 'uomConversions';

/** A BOM document and where each of its records came from, so messages can point into the file. */
export interface LoadedBom {
  /** The path as the user gave it, for messages. */
  file: string;
  document: BomDocument;
  /**
   * Where record `index` of a list sits in the file, e.g. `bomLines.csv line 14` or `sheet BOM row 14`;
   * undefined where the engine's own `bomLines[12]` already says it (JSON).
   */
  locate(list: ListName, index: number): string | undefined;
  /** Where the item with this code is defined. */
  itemLocation(code: string): string | undefined;
}

/** The input cannot be turned into a BOM document at all (unreadable file, missing sheet or column). */
export class BomFileError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`cannot read ${file}: ${reason}`);
    this.name = 'BomFileError';
  }
}

const RECORD_REFERENCE = /\b(items|bomLines|uomConversions)\[(\d+)\]/;

/**
 * The file location for an engine message: engine messages name records by list index
 * (`bomLines[12] TABLE > LEG: …`); a spreadsheet user needs the row.
 */
export function locationOf(
  bom: LoadedBom,
  issue: { message: string; item?: string; path?: string[] },
): string | undefined {
  const reference = RECORD_REFERENCE.exec(issue.message);
  if (reference) return bom.locate(reference[1] as ListName, Number(reference[2]));
  // A cycle spans several records: its path says more than any one of them.
  if (issue.path !== undefined || issue.item === undefined) return undefined;
  return bom.itemLocation(issue.item);
}
