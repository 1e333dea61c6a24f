import type { ColumnType, Kysely, Selectable, Transaction } from 'kysely';
import type { Database, DateColumn, NullableTimestamp, Numeric, Timestamp } from '../../db/schema.js';
import type { Db } from '../../http/route.js';

type NullableNumeric = ColumnType<string | null, number | string | null | undefined, number | string | null>;
export type CountStatus = 'open' | 'pending-approval' | 'done' | 'rejected';
export type AbcClass = 'A' | 'B' | 'C';

/** The tables of migration 0011, typed here so the counts module owns its own schema. */
export interface CountTables {
  count_plans: {
    id: string;
    org_id: string;
    week: DateColumn;
    created_at: Timestamp;
    created_by: string;
    stocked: number;
  };
  cycle_counts: {
    id: string;
    org_id: string;
    plan_id: string | null;
    item: string;
    location: string;
    warehouse: string;
    lot: ColumnType<string, string | undefined, string>;
    abc_class: AbcClass;
    blind: ColumnType<boolean, boolean | undefined, boolean>;
    status: CountStatus;
    tolerance_pct: Numeric;
    counted_qty: NullableNumeric;
    book_qty: NullableNumeric;
    counted_by: string | null;
    counted_at: NullableTimestamp;
    decided_by: string | null;
    decided_at: NullableTimestamp;
    comment: string | null;
    created_by: string;
    created_at: Timestamp;
  };
}

export type CountDb = Kysely<Database & CountTables> | Transaction<Database & CountTables>;
export type CountRow = Selectable<CountTables['cycle_counts']>;

/** The app's database seen with the counts tables. */
export const countsDb = (db: Db): CountDb => db as unknown as CountDb;

/** The same connection as the app's database type, for the shared ledger, audit and outbox helpers. */
export const appDb = (db: CountDb): Db => db as unknown as Db;
