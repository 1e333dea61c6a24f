export type { EdgeDetails, GenealogyBuilder, GenealogyBuilderOptions } from './builder.js';
export { createGenealogyBuilder } from './builder.js';
export { compileGenealogy } from './compile.js';
export type { GenealogyErrorCode, GenealogyErrorDetails } from './errors.js';
export { GenealogyError } from './errors.js';
export { Genealogy } from './genealogy.js';
export { LotTrace } from './trace.js';
export type {
  CompileGenealogyOptions,
  GenealogyColumns,
  GenealogyEdge,
  GenealogyEdgeKind,
  GenealogyTrace,
  GenealogyTreeNode,
  LotAttributes,
  LotInfo,
  LotKind,
  RecallImpact,
  TraceDirection,
  TraceEdge,
  TraceNode,
  TraceOptions,
} from './types.js';
export { EDGE_KIND_CONSUME, EDGE_KIND_SHIP } from './types.js';
