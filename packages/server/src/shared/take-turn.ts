import { sql } from 'kysely';
import type { Db } from '../http/route.js';

/** Advisory lock keys of workers that replicas run in turn (docs/deployment.md lists them all). */
export const TURN_LOCKS = { overdue: 7_260_410, emergency: 7_260_411 } as const;

/**
 * True when this transaction holds the worker's turn until it ends; false when another replica's
 * tick holds it (that tick does the work: this one skips). Never waits.
 */
export async function takeTurn(tx: Db, key: number): Promise<boolean> {
  const got = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(${key}) as ok`.execute(tx);
  return got.rows[0]?.ok === true;
}
