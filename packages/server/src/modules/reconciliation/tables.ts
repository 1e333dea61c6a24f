import type { ColumnType, Kysely, Selectable, Transaction } from 'kysely';
import type { Database, DateColumn, NullableTimestamp, Timestamp } from '../../db/schema.js';
import type { Db } from '../../http/route.js';

type NullableNumeric = ColumnType<string | null, number | string | null | undefined, number | string | null>;
type Count = ColumnType<number, number | undefined, number>;
export type ReconciliationKind = 'stock' | 'workOrders';
export type ReconciliationSource = 'upload' | 'connector' | 'schedule';
export type RowStatus = 'matched' | 'missingHere' | 'missingThere' | 'differing';

/** The tables of migration 0017, typed here so the module owns its schema (as counts does). */
export interface ReconciliationTables {
  reconciliations: {
    id: string;
    org_id: string;
    kind: ReconciliationKind;
    connector_id: string | null;
    source: ReconciliationSource;
    file_name: string | null;
    status: 'done' | 'failed';
    error: string | null;
    created_at: Timestamp;
    created_by: string;
    theirs: Count;
    ours: Count;
    matched: Count;
    missing_here: Count;
    missing_there: Count;
    differing: Count;
  };
  reconciliation_rows: {
    run_id: string;
    seq: number;
    org_id: string;
    status: RowStatus;
    key_item: string | null;
    key_location: string | null;
    key_lot: string | null;
    key_no: string | null;
    our_item: string | null;
    their_item: string | null;
    our_qty: NullableNumeric;
    their_qty: NullableNumeric;
    our_status: string | null;
    their_status: string | null;
    diff_qty: NullableNumeric;
    owners: ColumnType<unknown, string | null | undefined, string | null>;
  };
  /** Matched rows, MATCHED_CHUNK to a row: a JSON array of [item, location, lot, no, ourItem, theirItem, ourQty, theirQty, ourStatus, theirStatus]. */
  reconciliation_matched: {
    run_id: string;
    chunk: number;
    org_id: string;
    rows: string;
  };
  reconciliation_schedules: {
    connector_id: string;
    org_id: string;
    at: string;
    kinds: string[];
    alert_above: number;
    last_run_day: ColumnType<string | null, string | null | undefined, string | null>;
    updated_at: Timestamp;
    updated_by: string;
  };
}

export type ReconDb = Kysely<Database & ReconciliationTables> | Transaction<Database & ReconciliationTables>;
export type RunRow = Selectable<ReconciliationTables['reconciliations']>;
export type ScheduleRow = Selectable<ReconciliationTables['reconciliation_schedules']>;
export type { DateColumn, NullableTimestamp };

/** The app's database seen with the reconciliation tables. */
export const reconDb = (db: Db): ReconDb => db as unknown as ReconDb;
export const appDb = (db: ReconDb): Db => db as unknown as Db;
