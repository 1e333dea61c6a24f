import { assembleGenealogy } from './assemble.js';
import { createGenealogyBuilder } from './builder.js';
import type { EdgeList } from './edge-list.js';
import { GenealogyError } from './errors.js';
import type { Genealogy } from './genealogy.js';
import { LotTable } from './lot-table.js';
import type { CompileGenealogyOptions, GenealogyColumns, GenealogyEdge } from './types.js';

/**
 * Compiles consumption records into a queryable genealogy. Takes edge objects, or columns
 * (typed arrays + a lot-code dictionary) so ten million edges never become ten million objects.
 */
export function compileGenealogy(
  input: Iterable<GenealogyEdge> | GenealogyColumns,
  options: CompileGenealogyOptions = {},
): Genealogy {
  if (input === null || typeof input !== 'object') {
    throw new GenealogyError('BAD_COLUMNS', `expected edges or columns, got ${String(input)}`);
  }
  if (Symbol.iterator in input) return compileEdgeObjects(input, options);
  return compileColumns(input, options);
}

function compileEdgeObjects(edges: Iterable<GenealogyEdge>, options: CompileGenealogyOptions): Genealogy {
  const expectedEdges = Array.isArray(edges) ? edges.length : undefined;
  const builder = createGenealogyBuilder({ expectedEdges });
  // Lots listed up front get the first ids, in their order, like a columnar lot dictionary.
  for (const lot of options.lots ?? []) builder.setLot(lot);
  for (const edge of edges) builder.addEdge(edge);
  return builder.build({ validate: options.validate });
}

function compileColumns(columns: GenealogyColumns, options: CompileGenealogyOptions): Genealogy {
  const { from, to, qty } = columns;
  const count = checkedColumnLength(columns);
  const lots = new LotTable(columns.lotCodes?.length);
  const hasDictionary = columns.lotCodes !== undefined;
  if (hasDictionary) internDictionary(lots, columns);
  for (const lot of options.lots ?? []) lots.setAttributes(lot);

  const edges: EdgeList = {
    count,
    from: lotIdColumn(lots, from, 'from', count, hasDictionary),
    to: lotIdColumn(lots, to, 'to', count, hasDictionary),
    qty: qtyColumn(qty, count),
    kind: kindColumn(columns.kind, count),
    at: atColumn(columns.at, count),
  };
  return assembleGenealogy(lots, edges, options.validate === true);
}

function checkedColumnLength(columns: GenealogyColumns): number {
  const count = columns.from?.length;
  if (typeof count !== 'number')
    throw new GenealogyError('BAD_COLUMNS', 'columns need from, to and qty arrays');
  for (const name of ['to', 'qty', 'kind', 'at'] as const) {
    const column = columns[name];
    if ((name === 'to' || name === 'qty' || column !== undefined) && column?.length !== count) {
      throw new GenealogyError(
        'BAD_COLUMNS',
        `column ${name} has ${column?.length} entries, from has ${count}`,
      );
    }
  }
  return count;
}

function internDictionary(lots: LotTable, columns: GenealogyColumns): void {
  const codes = columns.lotCodes!;
  const items = columns.lotItems;
  if (items !== undefined && items.length !== codes.length) {
    throw new GenealogyError(
      'BAD_COLUMNS',
      `lotItems has ${items.length} entries, lotCodes has ${codes.length}`,
    );
  }
  for (let id = 0; id < codes.length; id++) {
    const code = codes[id];
    if (typeof code !== 'string' || code === '') {
      throw new GenealogyError(
        'BAD_COLUMNS',
        `lotCodes[${id}] must be a non-empty lot code, got ${JSON.stringify(code)}`,
      );
    }
    if (lots.intern(code) !== id) {
      throw new GenealogyError('BAD_COLUMNS', `lotCodes[${id}] repeats lot ${code}`, { lot: code });
    }
    const item = items?.[id];
    if (item !== undefined && item !== null) lots.setItem(id, item);
  }
}

/** Ids are used in place when they index the dictionary; lot codes are interned. */
function lotIdColumn(
  lots: LotTable,
  column: GenealogyColumns['from'],
  name: string,
  count: number,
  hasDictionary: boolean,
): Int32Array {
  if (count > 0 && typeof column[0] === 'string') {
    const ids = new Int32Array(count);
    for (let e = 0; e < count; e++) {
      const code = column[e];
      if (typeof code !== 'string' || code === '') {
        throw new GenealogyError(
          'BAD_EDGE',
          `${name}[${e}] must be a non-empty lot code, got ${JSON.stringify(code)}`,
          {
            edge: e,
          },
        );
      }
      ids[e] = lots.intern(code);
    }
    return ids;
  }
  if (!hasDictionary && count > 0) {
    throw new GenealogyError('BAD_COLUMNS', `${name} holds lot ids but no lotCodes dictionary was given`);
  }
  const ids = column instanceof Int32Array ? column : Int32Array.from(column as ArrayLike<number>);
  const lotCount = lots.size;
  for (let e = 0; e < count; e++) {
    const id = ids[e];
    // Int32Array.from turns non-integers and out-of-range numbers into other ints: compare with the source.
    if (!(id >= 0 && id < lotCount) || ids[e] !== column[e]) {
      throw new GenealogyError('BAD_EDGE', `${name}[${e}] = ${column[e]} is not a lot id below ${lotCount}`, {
        edge: e,
      });
    }
  }
  return ids;
}

function qtyColumn(column: GenealogyColumns['qty'], count: number): Float64Array {
  const qty = column instanceof Float64Array ? column : Float64Array.from(column);
  for (let e = 0; e < count; e++) {
    const q = qty[e];
    if (!(q >= 0 && q !== Number.POSITIVE_INFINITY)) {
      throw new GenealogyError('BAD_QTY', `qty[${e}] must be a non-negative number, got ${column[e]}`, {
        edge: e,
      });
    }
  }
  return qty;
}

function kindColumn(column: GenealogyColumns['kind'], count: number): Uint8Array | null {
  if (column === undefined) return null;
  const kind = column instanceof Uint8Array ? column : Uint8Array.from(column);
  for (let e = 0; e < count; e++) {
    if (kind[e] > 1 || kind[e] !== column[e]) {
      throw new GenealogyError('BAD_EDGE', `kind[${e}] must be 0 (consume) or 1 (ship), got ${column[e]}`, {
        edge: e,
      });
    }
  }
  return kind;
}

function atColumn(column: GenealogyColumns['at'], count: number): Float64Array | null {
  if (column === undefined) return null;
  const at = column instanceof Float64Array ? column : Float64Array.from(column);
  for (let e = 0; e < count; e++) {
    if (at[e] === Number.POSITIVE_INFINITY || at[e] === Number.NEGATIVE_INFINITY) {
      throw new GenealogyError('BAD_EDGE', `at[${e}] must be epoch milliseconds or NaN, got ${at[e]}`, {
        edge: e,
      });
    }
  }
  return at;
}
