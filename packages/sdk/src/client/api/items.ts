import { WhereUsed } from '../../schemas/explosion.js';
import { Item, ItemInput, type ItemQuery } from '../../schemas/item.js';
import { validate } from '../../schemas/validate.js';
import type { Request } from '../request.js';
import { path } from '../url.js';
import { listMethods, type WriteOptions } from './shared.js';

export function itemsApi(request: Request) {
  return {
    ...listMethods<Item, ItemQuery>(request, '/items', Item),
    get: async (code: string) => request({ method: 'GET', path: path`/items/${code}`, schema: Item }),
    create: async (input: ItemInput, options: WriteOptions = {}) =>
      request({
        method: 'POST',
        path: '/items',
        body: validate(ItemInput, input, 'item'),
        idempotencyKey: options.idempotencyKey,
        schema: Item,
      }),
    /** Every item that uses `code`, directly or through sub-assemblies, with the quantity per unit. */
    whereUsed: async (code: string, query: { date?: string } = {}) =>
      request({ method: 'GET', path: path`/items/${code}/where-used`, query, schema: WhereUsed }),
  };
}
