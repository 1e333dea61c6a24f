export type GenealogyErrorCode =
  | 'UNKNOWN_LOT'
  | 'BAD_EDGE'
  | 'BAD_QTY'
  | 'BAD_LOT'
  | 'BAD_COLUMNS'
  | 'BAD_OPTION'
  | 'BUILDER_FINISHED'
  | 'GENEALOGY_CYCLE';

export interface GenealogyErrorDetails {
  /** The lot code the problem is about. */
  lot?: string;
  /** Index of the offending edge in the input (object or columnar order). */
  edge?: number;
  /** A cycle, first lot repeated at the end: `['A', 'B', 'A']`. */
  path?: string[];
}

/** Bad genealogy input or a question about a lot the genealogy does not know. */
export class GenealogyError extends Error {
  readonly code: GenealogyErrorCode;
  readonly lot?: string;
  readonly edge?: number;
  readonly path?: string[];

  constructor(code: GenealogyErrorCode, message: string, details: GenealogyErrorDetails = {}) {
    super(message);
    this.name = 'GenealogyError';
    this.code = code;
    if (details.lot !== undefined) this.lot = details.lot;
    if (details.edge !== undefined) this.edge = details.edge;
    if (details.path !== undefined) this.path = details.path;
  }
}
