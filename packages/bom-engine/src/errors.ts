export type BomErrorCode =
  | 'BAD_DOCUMENT'
  | 'BAD_ITEM'
  | 'DUPLICATE_ITEM'
  | 'UNKNOWN_ITEM'
  | 'BAD_QTY'
  | 'BAD_SCRAP'
  | 'BAD_DATE'
  | 'BAD_EFFECTIVITY'
  | 'UOM_CONVERSION'
  | 'BOM_CYCLE'
  | 'BAD_OPTION';

/** Warnings never stop compilation; `shopfloor bom check` shows them. */
export type BomWarningCode = 'BUY_ITEM_WITH_BOM' | 'EMPTY_PHANTOM' | 'DUPLICATE_LINE' | 'UNUSED_CONVERSION';

export interface BomIssue {
  code: BomErrorCode | BomWarningCode;
  severity: 'error' | 'warning';
  message: string;
  /** Index in `bomLines` (or in `items` for item issues when `item` is set without `line`). */
  line?: number;
  item?: string;
  /** The cycle, first item repeated at the end: ['P', 'Q', 'R', 'P']. */
  path?: string[];
}

/** Thrown for bad input. `message` is one line a person can act on; `issues` lists every problem found. */
export class BomError extends Error {
  readonly code: BomErrorCode;
  readonly line?: number;
  readonly item?: string;
  readonly path?: string[];
  readonly issues: BomIssue[];

  constructor(issue: BomIssue, issues: BomIssue[] = [issue]) {
    super(issue.message);
    this.name = 'BomError';
    this.code = issue.code as BomErrorCode;
    this.line = issue.line;
    this.item = issue.item;
    this.path = issue.path;
    this.issues = issues;
  }
}

export function unknownItem(code: unknown): BomError {
  return new BomError({
    code: 'UNKNOWN_ITEM',
    severity: 'error',
    message: `unknown item '${String(code)}'`,
    item: String(code),
  });
}

export function badOption(message: string): BomError {
  return new BomError({ code: 'BAD_OPTION', severity: 'error', message });
}
