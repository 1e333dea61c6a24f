import type { CheckupCheck, CheckupRun } from '@shopfloor/sdk/admin';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.js';
import { decodeCursor, page } from '../../shared/cursor.js';
import { isoShanghai } from '../../shared/time.js';
import type { CheckupResult } from './run.js';

type Row = Database['checkup_runs'] extends infer T ? { [K in keyof T]: unknown } : never;

const view = (r: Row): CheckupRun => ({
  id: String(r.id),
  ranAt: isoShanghai(r.ran_at as Date)!,
  ranBy: r.ran_by as string,
  status: r.status as CheckupRun['status'],
  durationMs: Number(r.duration_ms),
  checks: (typeof r.checks === 'string' ? JSON.parse(r.checks) : r.checks) as CheckupCheck[],
});

export async function saveCheckupRun(
  db: Kysely<Database>,
  orgId: string,
  ranBy: string,
  result: CheckupResult,
): Promise<CheckupRun> {
  const row = await db
    .insertInto('checkup_runs')
    .values({
      org_id: orgId,
      ran_by: ranBy,
      status: result.status,
      duration_ms: result.durationMs,
      checks: JSON.stringify(result.checks),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return view(row as Row);
}

/** Past runs, newest first, keyset-paged by id. */
export async function listCheckupRuns(
  db: Kysely<Database>,
  orgId: string,
  query: { cursor?: string; limit?: number },
): Promise<{ items: CheckupRun[]; nextCursor: string | null }> {
  const limit = query.limit ?? 20;
  const after = decodeCursor(query.cursor, 1);
  let q = db.selectFrom('checkup_runs').selectAll().where('org_id', '=', orgId);
  if (after) q = q.where(sql<boolean>`id < ${String(after[0])}::bigint`);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const { rows: shown, nextCursor } = page(rows, limit, (r) => [String(r.id)]);
  return { items: shown.map((r) => view(r as Row)), nextCursor };
}
