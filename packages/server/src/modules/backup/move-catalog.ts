import type { PGlite } from '@electric-sql/pglite';

/** A table of the embedded database as the move copies it: its name and the columns it inserts. */
export interface MoveTable {
  name: string;
  /** Columns in their order, without generated ones (the target computes those itself). */
  columns: string[];
}

export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * The source's tables (schema public) ordered so every table comes after the tables its foreign
 * keys point to: rows are inserted parent first, with every constraint checked as they land.
 */
export async function tablesInDependencyOrder(source: PGlite): Promise<MoveTable[]> {
  const columns = await source.query<{ table: string; column: string }>(`
    select c.relname as table, a.attname as column
    from pg_attribute a
    join pg_class c on c.oid = a.attrelid
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') and a.attnum > 0
      and not a.attisdropped and a.attgenerated = ''
    order by c.relname, a.attnum`);
  const references = await source.query<{ child: string; parent: string }>(`
    select c.relname as child, p.relname as parent
    from pg_constraint k
    join pg_class c on c.oid = k.conrelid
    join pg_class p on p.oid = k.confrelid
    join pg_namespace n on n.oid = c.relnamespace
    where k.contype = 'f' and n.nspname = 'public' and k.conrelid <> k.confrelid`);
  const byName = new Map<string, string[]>();
  for (const row of columns.rows) byName.set(row.table, [...(byName.get(row.table) ?? []), row.column]);
  const parents = new Map<string, Set<string>>([...byName.keys()].map((name) => [name, new Set<string>()]));
  for (const { child, parent } of references.rows) parents.get(child)?.add(parent);
  return topologicalOrder(parents).map((name) => ({ name, columns: byName.get(name)! }));
}

/** Kahn's order, ties by name so two moves of one database copy in the same order. */
export function topologicalOrder(parents: Map<string, Set<string>>): string[] {
  const waiting = new Map([...parents].map(([name, of]) => [name, new Set(of)]));
  const order: string[] = [];
  while (waiting.size > 0) {
    const ready = [...waiting]
      .filter(([, of]) => [...of].every((parent) => !waiting.has(parent)))
      .map(([name]) => name)
      .sort();
    if (ready.length === 0) {
      throw new Error(`foreign keys form a cycle among ${[...waiting.keys()].sort().join(', ')}`);
    }
    for (const name of ready) {
      waiting.delete(name);
      order.push(name);
    }
  }
  return order;
}

/** Every sequence of the source with the last value it handed out (null: never used). */
export async function sequencesOf(
  source: PGlite,
): Promise<Array<{ name: string; lastValue: string | null }>> {
  const r = await source.query<{ name: string; last: string | null }>(`
    select sequencename as name, last_value::text as last
    from pg_sequences where schemaname = 'public' order by sequencename`);
  return r.rows.map((row) => ({ name: row.name, lastValue: row.last }));
}
