/**
 * What a violated database constraint is about, in the API's words: the field (as the request names
 * it), the value and the thing it names — never the SQL text. Read from the constraint name (always
 * there, whatever the server's language) and the English `Key (…)=(…)` detail when there is one.
 */
export interface ConstraintSubject {
  /** camelCase field(s) of the request, comma-separated; null when the constraint names none. */
  field: string | null;
  /** The value(s) the database refused; null when its detail is not in English. */
  value: string | null;
  /** The referenced thing for a foreign key (the deleted one when still referenced), the table's thing otherwise. */
  noun: string;
  /** The table's own thing (for a foreign key: the one that refers). */
  owner: string;
  /** True when a delete/update hit rows that still refer to the row (not a missing reference). */
  stillReferenced: boolean;
}

const NOUNS: Record<string, string> = {
  items: 'item',
  uom_conversions: 'unit conversion',
  bom_lines: 'BOM line',
  warehouses: 'warehouse',
  locations: 'location',
  workshops: 'workshop',
  work_centers: 'work center',
  routings: 'routing operation',
  work_orders: 'work order',
  work_order_operations: 'operation',
  operation_reports: 'report',
  lots: 'lot',
  genealogy_edges: 'lot link',
  issue_requests: 'issue request',
  issue_request_lines: 'issue request line',
  stock_movements: 'stock movement',
  stock_balances: 'stock balance',
  stock_receipts: 'receipt',
  stock_receipt_lines: 'receipt line',
  users: 'user',
  api_tokens: 'API token',
  orgs: 'organisation',
  alerts: 'alert',
  sync_connectors: 'connector',
  outbox_events: 'event',
};

/** The table a foreign-key column points at, for servers whose detail is not in English. */
const REFERENCED_BY_COLUMN: Record<string, string> = {
  item: 'items',
  parent: 'items',
  child: 'items',
  warehouse: 'warehouses',
  location: 'locations',
  issue_location: 'locations',
  workshop: 'workshops',
  work_center: 'work_centers',
  lot: 'lots',
  from_lot: 'lots',
  to_lot: 'lots',
  work_order_no: 'work_orders',
  work_order_no_seq: 'work_order_operations',
  user_id: 'users',
  request_id: 'issue_requests',
  receipt_id: 'stock_receipts',
  report_id: 'operation_reports',
  connector_id: 'sync_connectors',
  event_id: 'outbox_events',
  org_id: 'orgs',
};

const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
export const nounOf = (table: string | undefined) =>
  table ? (NOUNS[table] ?? table.replaceAll('_', ' ')) : 'record';

interface PgConstraintError {
  constraint?: string;
  detail?: string;
  table?: string;
  message?: string;
}

/** `Key (org_id, item)=(demo, NOPE) …` → the columns and values, org_id left out. */
function keyOf(detail: string | undefined): { columns: string[]; values: string[] } | null {
  const match = /^Key \(([^)]*)\)=\((.*)\) (?:is not present|is still referenced|already exists)/s.exec(
    detail ?? '',
  );
  if (!match) return null;
  const columns = match[1]!.split(', ');
  const parts = match[2]!.split(', ');
  // A value with ", " in it: whatever is left over belongs to the last column.
  const values = [...parts.slice(0, columns.length - 1), parts.slice(columns.length - 1).join(', ')];
  const kept = columns.map((c, i) => [c, values[i] ?? ''] as const).filter(([c]) => c !== 'org_id');
  return { columns: kept.map(([c]) => c), values: kept.map(([, v]) => v) };
}

/** `work_orders_org_id_location_fkey` on `work_orders` → `location`. */
function columnsFromName(constraint: string | undefined, table: string | undefined): string | null {
  if (!constraint) return null;
  let rest = table && constraint.startsWith(`${table}_`) ? constraint.slice(table.length + 1) : constraint;
  rest = rest.replace(/_(fkey|fk|pkey|key|check\d*|uid)$/, '').replace(/^org_id_?/, '');
  return rest === '' || rest === 'check' || /^\d+$/.test(rest) ? null : rest;
}

/** Reads a foreign-key (23503), unique (23505) or check (23514) violation. */
export function constraintSubject(
  err: PgConstraintError,
  kind: 'foreign-key' | 'unique' | 'check',
): ConstraintSubject {
  const key = keyOf(err.detail);
  const named = columnsFromName(err.constraint, err.table);
  const columns = key?.columns.length ? key.columns : named ? [named] : [];
  // A delete or key change of a row others still point at: the message names the row's table.
  const stillReferenced =
    kind === 'foreign-key' &&
    (/still referenced/.test(err.detail ?? '') || /^update or delete on table/.test(err.message ?? ''));
  const referenced =
    kind !== 'foreign-key'
      ? err.table
      : stillReferenced
        ? /^update or delete on table "([^"]+)"/.exec(err.message ?? '')?.[1]
        : (/table "([^"]+)"/.exec(err.detail ?? '')?.[1] ?? REFERENCED_BY_COLUMN[columns.join('_')]);
  return {
    field: columns.length ? columns.map(camel).join(',') : null,
    value: key?.values.length ? key.values.join(', ') : null,
    noun: nounOf(referenced ?? err.table),
    owner: nounOf(err.table),
    stillReferenced,
  };
}
