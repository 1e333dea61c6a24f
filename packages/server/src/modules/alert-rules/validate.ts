import type { FieldError } from '@shopfloor/sdk';
import { sql } from 'kysely';
import type { AppDeps } from '../../deps.js';
import { badRequest } from '../../http/problem.js';
import type { Db } from '../../http/route.js';
import type { AlertRuleInput } from './rules.js';

const ROBOT_KINDS = new Set(['dingtalk-robot', 'wecom-robot']);

/**
 * The references a rule makes must exist in the org: named users (at every level), workshops,
 * warehouses and robot connectors. 400 with the field path of each one that does not.
 */
export async function checkReferences(
  db: Db,
  _deps: AppDeps,
  orgId: string,
  input: AlertRuleInput,
): Promise<void> {
  const errors: FieldError[] = [];
  const userRefs: { path: string; id: string }[] = [
    ...input.recipients.users.map((id, i) => ({ path: `recipients.users.${i}`, id })),
    ...input.escalation.flatMap((step, s) =>
      step.recipients.users.map((id, i) => ({ path: `escalation.${s}.recipients.users.${i}`, id })),
    ),
  ];
  const known = async (table: 'users' | 'workshops' | 'warehouses', column: string, ids: string[]) => {
    if (ids.length === 0) return new Set<string>();
    const r = await sql<{ k: string }>`
      select ${sql.ref(column)} as k from ${sql.table(table)}
      where org_id = ${orgId} and ${sql.ref(column)} = any(${ids}::text[])`.execute(db);
    return new Set(r.rows.map((x) => x.k));
  };
  const users = await known(
    'users',
    'id',
    userRefs.map((u) => u.id),
  );
  for (const u of userRefs) if (!users.has(u.id)) errors.push({ path: u.path, message: `no user '${u.id}'` });
  const shops = await known('workshops', 'code', input.workshops);
  input.workshops.forEach((w, i) => {
    if (!shops.has(w)) errors.push({ path: `workshops.${i}`, message: `no workshop '${w}'` });
  });
  const houses = await known('warehouses', 'code', input.warehouses);
  input.warehouses.forEach((w, i) => {
    if (!houses.has(w)) errors.push({ path: `warehouses.${i}`, message: `no warehouse '${w}'` });
  });
  const robots = input.channels
    .map((c, i) => ({ i, id: c.startsWith('robot:') ? c.slice('robot:'.length) : null }))
    .filter((r): r is { i: number; id: string } => r.id !== null);
  if (robots.length > 0) {
    const r = await sql<{ id: string; kind: string }>`
      select id::text as id, kind from sync_connectors
      where org_id = ${orgId} and deleted_at is null and id::text = any(${robots.map((x) => x.id)}::text[])`.execute(
      db,
    );
    const kinds = new Map(r.rows.map((x) => [x.id, x.kind]));
    for (const robot of robots) {
      const kind = kinds.get(robot.id);
      if (!kind) errors.push({ path: `channels.${robot.i}`, message: `no connector '${robot.id}'` });
      else if (!ROBOT_KINDS.has(kind))
        errors.push({
          path: `channels.${robot.i}`,
          message: `connector '${robot.id}' is a ${kind}, not a group robot`,
        });
    }
  }
  const dupes = input.channels.filter((c, i) => input.channels.indexOf(c) !== i);
  if (dupes.length > 0) errors.push({ path: 'channels', message: `listed twice: ${dupes.join(', ')}` });
  if (errors.length > 0) throw badRequest(errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
}
