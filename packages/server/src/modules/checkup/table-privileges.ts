import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { ReconciliationTables } from '../reconciliation/tables.js';

export type TablePrivilege = 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE';

const READ_WRITE: readonly TablePrivilege[] = ['SELECT', 'INSERT', 'UPDATE'];
const FULL: readonly TablePrivilege[] = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'];

/** What a table the list below does not name needs: the server reads and writes every table it has. */
export const DEFAULT_PRIVILEGES = READ_WRITE;

/**
 * The privileges the server's database role needs, table by table: the one list the check-up,
 * `/health` and `shopfloor doctor` judge by. Keyed by the Kysely schema's table names; a table of
 * the database it does not name needs DEFAULT_PRIVILEGES. DELETE only where the code deletes rows.
 */
/** The tables of the server: the Kysely schema and the modules that type their own (reconciliation). */
type ServerTables = keyof Database | keyof ReconciliationTables;

export const NEEDED_PRIVILEGES: { readonly [T in ServerTables]?: readonly TablePrivilege[] } = {
  orgs: READ_WRITE,
  settings: READ_WRITE,
  users: READ_WRITE,
  api_tokens: READ_WRITE,
  audit_log: ['SELECT', 'INSERT'],
  items: READ_WRITE,
  uom_conversions: FULL,
  bom_lines: FULL,
  bom_revisions: READ_WRITE,
  workshops: FULL,
  warehouses: FULL,
  locations: FULL,
  work_centers: FULL,
  routings: FULL,
  work_orders: READ_WRITE,
  work_order_operations: READ_WRITE,
  lots: READ_WRITE,
  operation_reports: READ_WRITE,
  genealogy_edges: READ_WRITE,
  issue_requests: READ_WRITE,
  issue_request_lines: READ_WRITE,
  approvals: READ_WRITE,
  stock_movements: READ_WRITE,
  stock_balances: READ_WRITE,
  alerts: READ_WRITE,
  outbox_events: READ_WRITE,
  sync_connectors: READ_WRITE,
  sync_deliveries: READ_WRITE,
  work_order_numbers: READ_WRITE,
  stock_receipts: READ_WRITE,
  stock_receipt_lines: READ_WRITE,
  idempotency_keys: FULL,
  backups: FULL,
  role_requests: READ_WRITE,
  checkup_runs: ['SELECT', 'INSERT'],
  transfers: READ_WRITE,
  transfer_lines: READ_WRITE,
  // DELETE /reconciliations/schedules/{connectorId} removes the connector's daily run.
  reconciliation_schedules: FULL,
  // DELETE /alert-rules/{id} removes a rule (its notifications stay, for the alert's record).
  alert_rules: FULL,
};

export interface MissingPrivilege {
  /** A table, or a table's id sequence. */
  object: string;
  privilege: TablePrivilege | 'USAGE';
  /** The statement an administrator of the database runs to fix it. */
  grant: string;
}

export interface PrivilegeReport {
  role: string;
  missing: MissingPrivilege[];
  /** Tables of the list that do not exist (yet): the migrations check speaks of those. */
  absentTables: string[];
}

const ident = (name: string) => (/^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`);

/** Asks the database, for the role the server connects as, which needed privilege it lacks. */
export async function checkTablePrivileges(db: Kysely<Database>): Promise<PrivilegeReport> {
  // The tables of the server's schema, listed from pg_class (visible even where every privilege is gone).
  const present = await sql<{ name: string }>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and c.relkind in ('r', 'p') and c.relname <> 'schema_migrations'`.execute(
    db,
  );
  const needed = new Map<string, readonly TablePrivilege[]>(Object.entries(NEEDED_PRIVILEGES));
  for (const { name } of present.rows) if (!needed.has(name)) needed.set(name, DEFAULT_PRIVILEGES);
  const pairs = [...needed].flatMap(([table, privileges]) =>
    privileges.map((privilege) => sql`(${table}, ${privilege})`),
  );
  const tables = [...needed.keys()].map((table) => sql`(${table})`);
  const result = await sql<{ role: string; table: string; privilege: string | null; absent: boolean }>`
    with needed(tbl, priv) as (values ${sql.join(pairs)}),
    qualified as (
      select tbl, priv, quote_ident(current_schema()) || '.' || quote_ident(tbl) as name from needed
    )
    select current_user::text as role, tbl as table, priv as privilege, false as absent
    from qualified
    where to_regclass(name) is not null and not has_table_privilege(current_user, name, priv)
    union all
    select current_user::text, tbl, null, true
    from (values ${sql.join(tables)}) as t(tbl)
    where to_regclass(quote_ident(current_schema()) || '.' || quote_ident(tbl)) is null`.execute(db);
  const sequences = await sql<{ role: string; sequence: string }>`
    select current_user::text as role, s.seq as sequence
    from (
      select pg_get_serial_sequence(quote_ident(c.table_schema) || '.' || quote_ident(c.table_name), c.column_name) as seq,
             c.table_name
      from information_schema.columns c
      where c.table_schema = current_schema() and c.column_default like 'nextval(%'
    ) s
    where s.seq is not null and s.table_name in (${sql.join([...needed.keys()])})
      and not has_sequence_privilege(current_user, s.seq, 'USAGE')
    order by s.seq`.execute(db);
  const role =
    result.rows[0]?.role ??
    sequences.rows[0]?.role ??
    (await sql<{ role: string }>`select current_user::text as role`.execute(db)).rows[0]!.role;
  const missing: MissingPrivilege[] = result.rows
    .filter((r) => !r.absent)
    .map((r) => ({
      object: r.table,
      privilege: r.privilege as TablePrivilege,
      grant: `GRANT ${r.privilege} ON ${ident(r.table)} TO ${ident(role)};`,
    }));
  for (const s of sequences.rows) {
    const name = s.sequence.split('.').at(-1)!;
    missing.push({
      object: name,
      privilege: 'USAGE',
      grant: `GRANT USAGE ON SEQUENCE ${name} TO ${ident(role)};`,
    });
  }
  return { role, missing, absentTables: result.rows.filter((r) => r.absent).map((r) => r.table) };
}
