/**
 * The classic SQL explosion: items and BOM lines in tables, a `WITH RECURSIVE` query that
 * multiplies quantities down every path, grouped and summed at the end. The same statements run
 * in PGlite and in a PostgreSQL server. UoM conversion is resolved into a column at load time,
 * which spares the query a join (flattering the baseline, never the engine).
 */
import type { FlatBom } from './flat-bom.js';

/** The part of PGlite's and node-postgres' clients the baseline needs: one statement per call. */
export interface SqlClient {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

const SCHEMA = [
  `CREATE TABLE item (
     code text PRIMARY KEY,
     item_type text NOT NULL,
     uom text NOT NULL)`,
  `CREATE TABLE bom_line (
     id serial PRIMARY KEY,
     parent text NOT NULL REFERENCES item (code),
     child text NOT NULL REFERENCES item (code),
     qty numeric NOT NULL,
     scrap_rate numeric NOT NULL DEFAULT 0,
     uom_factor numeric NOT NULL DEFAULT 1,
     effective_from date,
     effective_to date)`,
  'CREATE INDEX bom_line_parent ON bom_line (parent)',
];

/** The explosion as ERPs write it, with the usual depth guard against cycles. */
export const EXPLOSION_SQL = `
WITH RECURSIVE explosion (item_code, qty, depth) AS (
    SELECT l.child, $2::numeric * l.qty * (1 + l.scrap_rate) * l.uom_factor, 1
    FROM bom_line l
    WHERE l.parent = $1
      AND (l.effective_from IS NULL OR l.effective_from <= $3::date)
      AND (l.effective_to IS NULL OR l.effective_to >= $3::date)
  UNION ALL
    SELECT l.child, e.qty * l.qty * (1 + l.scrap_rate) * l.uom_factor, e.depth + 1
    FROM explosion e
    JOIN bom_line l ON l.parent = e.item_code
    WHERE e.depth < 50
      AND (l.effective_from IS NULL OR l.effective_from <= $3::date)
      AND (l.effective_to IS NULL OR l.effective_to >= $3::date)
)
SELECT e.item_code AS item, sum(e.qty)::text AS qty
FROM explosion e
JOIN item i ON i.code = e.item_code
WHERE i.item_type <> 'phantom'
GROUP BY e.item_code`;

async function insertRows(
  sql: SqlClient,
  table: string,
  columns: string[],
  rows: unknown[][],
): Promise<void> {
  const batch = Math.floor(5000 / columns.length);
  for (let offset = 0; offset < rows.length; offset += batch) {
    const chunk = rows.slice(offset, offset + batch);
    const values = chunk.map(
      (_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`,
    );
    await sql.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values.join(', ')}`, chunk.flat());
  }
}

/**
 * Creates the tables in the current schema and loads them with multi-row INSERTs.
 * Pass a FlatBom of all lines (no date): the query applies effectivity itself.
 */
export async function loadCteTables(sql: SqlClient, flat: FlatBom): Promise<void> {
  for (const statement of SCHEMA) await sql.query(statement);
  await insertRows(
    sql,
    'item',
    ['code', 'item_type', 'uom'],
    flat.codes.map((code, i) => [code, flat.types[i], flat.uoms[i]]),
  );
  await insertRows(
    sql,
    'bom_line',
    ['parent', 'child', 'qty', 'scrap_rate', 'uom_factor', 'effective_from', 'effective_to'],
    flat.lineSource.map((line, i) => [
      flat.codes[flat.lineParent[i]],
      flat.codes[flat.lineChild[i]],
      line.qty,
      line.scrapRate,
      line.uomFactor,
      line.effectiveFrom,
      line.effectiveTo,
    ]),
  );
  await sql.query('ANALYZE');
}

export async function explodeWithCte(sql: SqlClient, item: string, qty: number, date: string) {
  const { rows } = await sql.query(EXPLOSION_SQL, [item, qty, date]);
  return new Map((rows as Array<{ item: string; qty: string }>).map((row) => [row.item, Number(row.qty)]));
}
