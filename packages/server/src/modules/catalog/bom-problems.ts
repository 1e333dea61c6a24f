import type { BomDocument, BomIssue } from '@shopfloor/bom-engine';
import type { FieldError } from '@shopfloor/sdk';
import { HttpProblem } from '../../http/problem.js';

export type ListName = 'items' | 'bomLines' | 'uomConversions';

/**
 * How the records of the document the engine checked relate to the request: the request sent
 * some of them (a path into the body, a label for messages), the others were already stored.
 */
export interface RecordMap {
  /** Field path prefix in the request (`lines.2`, `bomLines.2`), or undefined for a stored record. */
  path(list: ListName, index: number): string | undefined;
  /** How messages name the record: `lines[2]`, `bomLines.csv line 4`, `stored line`. */
  label(list: ListName, index: number): string;
}

const REFERENCE = /\b(items|bomLines|uomConversions)\[(\d+)\]/g;

/** The engine's message with its record references (`bomLines[12]`) renamed for the request. */
export function describeIssue(issue: BomIssue, map: RecordMap): string {
  return issue.message.replace(REFERENCE, (_, list: ListName, index: string) =>
    map.label(list, Number(index)),
  );
}

/** The field an engine message is about: `bomLines[3] A > B: qty must be …` → qty. */
function fieldOf(issue: BomIssue): string | undefined {
  const message = issue.message;
  const unknown = /: unknown (parent|child) item/.exec(message);
  if (unknown) return unknown[1];
  if (/: unknown item /.test(message)) return 'item';
  if (/: no conversion from /.test(message)) return 'uom';
  if (/: item code is listed twice/.test(message)) return 'code';
  if (/: a conversion needs from and to/.test(message)) return 'from';
  return /: (\w+) (?:must|\S+ is after)/.exec(message)?.[1];
}

/** The request field an issue is about: the record it names, or for a cycle a request line on it. */
function requestPath(issue: BomIssue, document: BomDocument, map: RecordMap): string | undefined {
  const first = new RegExp(REFERENCE.source).exec(issue.message);
  if (first) {
    const record = map.path(first[1] as ListName, Number(first[2]));
    const field = fieldOf(issue);
    return record && field ? `${record}.${field}` : record;
  }
  if (issue.path && issue.path.length > 1) {
    const steps = new Set(issue.path.slice(1).map((child, i) => `${issue.path![i]}\u0000${child}`));
    const index = document.bomLines.findIndex(
      (line, i) => map.path('bomLines', i) !== undefined && steps.has(`${line.parent}\u0000${line.child}`),
    );
    if (index >= 0) return `${map.path('bomLines', index)}.child`;
  }
  return undefined;
}

/** Engine errors as a 400 problem: the first message as detail, every error with its request path. */
export function bomProblem(
  issues: readonly BomIssue[],
  document: BomDocument,
  map: RecordMap,
  fallbackPath: string,
): HttpProblem {
  const errors: FieldError[] = issues.map((issue) => ({
    path: requestPath(issue, document, map) ?? fallbackPath,
    message: describeIssue(issue, map),
  }));
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return new HttpProblem(400, 'invalid-bom', 'Invalid BOM', `${errors[0]!.message}${more}`, errors);
}
