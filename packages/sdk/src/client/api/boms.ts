import { Bom, BomDocument, BomImportResult, BomInput } from '../../schemas/bom.js';
import { Explosion, type ExplosionQuery, ExplosionTree } from '../../schemas/explosion.js';
import { validate } from '../../schemas/validate.js';
import type { Request } from '../request.js';
import { path } from '../url.js';
import type { WriteOptions } from './shared.js';

export function bomsApi(request: Request) {
  return {
    /** Replaces the BOM of `parentCode` with `input.lines`. */
    put: async (parentCode: string, input: BomInput, options: WriteOptions = {}) =>
      request({
        method: 'PUT',
        path: path`/boms/${parentCode}`,
        body: validate(BomInput, input, `BOM of ${parentCode}`),
        idempotencyKey: options.idempotencyKey,
        schema: Bom,
      }),
    /** Imports a whole BOM file (items, lines, conversions), as the CLI reads it. */
    import: async (document: BomDocument, options: WriteOptions = {}) =>
      request({
        method: 'POST',
        path: '/boms/import',
        body: validate(BomDocument, document, 'BOM document'),
        idempotencyKey: options.idempotencyKey,
        schema: BomImportResult,
      }),
    /** Total requirement per component to make `qty` of `code`. */
    explosion: async (code: string, query: ExplosionQuery) =>
      request({ method: 'GET', path: path`/boms/${code}/explosion`, query, schema: Explosion }),
    /** The indented BOM (one row per path), depth-first. */
    explosionTree: async (code: string, query: ExplosionQuery) =>
      request({
        method: 'GET',
        path: path`/boms/${code}/explosion`,
        query: { ...query, tree: true },
        schema: ExplosionTree,
      }),
  };
}
