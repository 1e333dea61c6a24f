import type { Db } from '../../http/route.js';
import type { Principal } from '../../http/session.js';

/**
 * The workshops that bound what a user sees of production: an operator (and nothing more) sees his
 * workshops' work; planners, approvers, storekeepers and admins see all (null).
 */
export function workshopScope(user: Principal): readonly string[] | null {
  return user.roles.every((r) => r === 'operator') ? user.workshops : null;
}

/** Name-by-code for the workshops given, the code standing in for one that does not exist. */
export async function workshopNames(
  db: Db,
  orgId: string,
  codes: readonly string[],
): Promise<(code: string) => string> {
  const rows =
    codes.length === 0
      ? []
      : await db
          .selectFrom('workshops')
          .select(['code', 'name'])
          .where('org_id', '=', orgId)
          .where('code', 'in', [...codes])
          .execute();
  const names = new Map(rows.map((r) => [r.code, r.name]));
  return (code) => names.get(code) ?? code;
}
