import { analyze } from './analyze.js';
import { CompiledBom } from './compiled.js';
import { BomError, type BomIssue } from './errors.js';
import type { BomDocument } from './types.js';

/** Validates and compiles a BOM document. Throws a BomError naming the first problem; `issues` has all. */
export function compileBom(doc: BomDocument): CompiledBom {
  const { issues, graph } = analyze(doc);
  if (!graph) {
    const errors = issues.filter((i) => i.severity === 'error');
    throw new BomError(errors[0]!, errors);
  }
  return new CompiledBom(graph);
}

/** Every problem in a BOM document, errors and warnings, without throwing. */
export function validateBom(doc: unknown): BomIssue[] {
  return analyze(doc).issues;
}
