import { DEFAULT_CALENDAR, type LocationKind, type WorkCalendar } from '@shopfloor/sdk/admin';
import { sql } from 'kysely';
import type { Db } from '../../http/route.js';
import { type Access, splitRoleChange } from '../access/role-change.js';
import { locationView, warehouseView, workCenterView, workshopView } from '../plant/store.js';
import { shopfloorUserId } from '../platform/login.js';
import {
  type AuditRow,
  chunks,
  counts,
  firstByKey,
  type ImportContext,
  type SheetPlan,
  sameSet,
} from './context.js';
import type { People, PersonRow } from './people.js';

export interface StoredPlant {
  warehouses: Map<string, { name: string; active: boolean }>;
  locations: Map<string, { warehouse: string; name: string; kind: LocationKind; active: boolean }>;
  workshops: Map<string, { name: string; supervisor: string | null; active: boolean }>;
  workCenters: Map<
    string,
    { name: string; workshop: string; stations: number; calendar: WorkCalendar; active: boolean }
  >;
}

export async function loadPlant(db: Db, orgId: string): Promise<StoredPlant> {
  const [warehouses, locations, workshops, workCenters] = await Promise.all([
    db.selectFrom('warehouses').selectAll().where('org_id', '=', orgId).orderBy('code').execute(),
    db.selectFrom('locations').selectAll().where('org_id', '=', orgId).orderBy('code').execute(),
    db.selectFrom('workshops').selectAll().where('org_id', '=', orgId).orderBy('code').execute(),
    db.selectFrom('work_centers').selectAll().where('org_id', '=', orgId).orderBy('code').execute(),
  ]);
  return {
    warehouses: new Map(warehouses.map((r) => [r.code, r])),
    locations: new Map(locations.map((r) => [r.code, r])),
    workshops: new Map(workshops.map((r) => [r.code, r])),
    workCenters: new Map(workCenters.map((r) => [r.code, r])),
  };
}

/** A calendar with its keys in one order: jsonb stores them in its own. */
export function canonicalCalendar(calendar: WorkCalendar): WorkCalendar {
  return {
    workdays: [...calendar.workdays],
    shifts: calendar.shifts.map((s) => ({ start: s.start, end: s.end })),
    ...(calendar.holidays?.length ? { holidays: [...calendar.holidays] } : {}),
    ...(calendar.workingDates?.length ? { workingDates: [...calendar.workingDates] } : {}),
  };
}

const sameCalendar = (a: WorkCalendar, b: WorkCalendar) =>
  JSON.stringify(canonicalCalendar(a)) === JSON.stringify(canonicalCalendar(b));

/**
 * Whether a plant code named by another sheet exists: in its own sheet or stored, and active
 * (the workbook never reactivates). Adds the problem and answers false otherwise.
 */
function refersTo(
  ctx: ImportContext,
  at: { sheet: Parameters<ImportContext['problems']['add']>[0]; row: number; column: string },
  kind: 'warehouses' | 'workshops' | 'workCenters' | 'locations',
  code: string,
  stored: Map<string, { active: boolean }>,
): boolean {
  const names = {
    warehouses: ['仓库', 'warehouse'],
    workshops: ['车间', 'workshop'],
    workCenters: ['工作中心', 'work center'],
    locations: ['库位', 'location'],
  } as const;
  const [zh, en] = names[kind];
  const row = stored.get(code);
  if (row && !row.active) {
    ctx.problems.add(
      at.sheet,
      at.row,
      at.column,
      `${zh} ${code} 已停用：请先在控制台启用`,
      `${en} ${code} is deactivated: reactivate it in the console first`,
    );
    return false;
  }
  if (!row && !ctx.records.declared[kind].has(code)) {
    ctx.problems.add(
      at.sheet,
      at.row,
      at.column,
      `${zh} ${code} 不存在：请在 ${kind} 表中添加`,
      `no ${en} ${code}: add it to the ${kind} sheet`,
    );
    return false;
  }
  return true;
}

export function planWarehouses(ctx: ImportContext, stored: StoredPlant): SheetPlan {
  const c = counts('warehouses');
  const rows = firstByKey(
    ctx,
    'warehouses',
    ctx.records.warehouses,
    (r) => r.value.code,
    'code',
    (r) => r.value.code,
  );
  const writes: { code: string; name: string }[] = [];
  for (const { value } of rows) {
    const before = stored.warehouses.get(value.code);
    if (before && before.name === value.name) {
      c.unchanged++;
      continue;
    }
    writes.push(value);
    if (before) c.updated++;
    else c.created++;
    const active = before?.active ?? true;
    ctx.audits.push(
      before
        ? change('warehouse', value.code, warehouseView({ code: value.code, ...before }), {
            code: value.code,
            name: value.name,
            active,
          })
        : created('warehouse', value.code, warehouseView({ ...value, active })),
    );
  }
  return {
    counts: c,
    async apply({ db, orgId }) {
      for (const part of chunks(writes)) {
        await db
          .insertInto('warehouses')
          .values(part.map((w) => ({ org_id: orgId, code: w.code, name: w.name })))
          .onConflict((oc) =>
            oc.columns(['org_id', 'code']).doUpdateSet((eb) => ({ name: eb.ref('excluded.name') })),
          )
          .execute();
      }
    },
  };
}

export function planLocations(ctx: ImportContext, stored: StoredPlant): SheetPlan {
  const c = counts('locations');
  const rows = firstByKey(
    ctx,
    'locations',
    ctx.records.locations,
    (r) => r.value.code,
    'code',
    (r) => r.value.code,
  );
  const writes: { warehouse: string; code: string; name: string; kind: LocationKind }[] = [];
  for (const { row, value } of rows) {
    const at = { sheet: 'locations' as const, row, column: 'warehouse' };
    if (!refersTo(ctx, at, 'warehouses', value.warehouse, stored.warehouses)) continue;
    const before = stored.locations.get(value.code);
    if (before && before.warehouse !== value.warehouse) {
      ctx.problems.add(
        'locations',
        row,
        'warehouse',
        `库位 ${value.code} 属于仓库 ${before.warehouse}：导入不能把库位移到别的仓库`,
        `location ${value.code} is in warehouse ${before.warehouse}: an import cannot move it`,
      );
      continue;
    }
    const after = {
      warehouse: value.warehouse,
      code: value.code,
      name: value.name ?? before?.name ?? '',
      kind: value.kind,
    };
    if (before && before.name === after.name && before.kind === after.kind) {
      c.unchanged++;
      continue;
    }
    writes.push(after);
    const active = before?.active ?? true;
    if (before) {
      c.updated++;
      ctx.audits.push(
        change('location', value.code, locationView({ code: value.code, ...before }), { ...after, active }),
      );
    } else {
      c.created++;
      ctx.audits.push(created('location', value.code, locationView({ ...after, active })));
    }
  }
  return {
    counts: c,
    async apply({ db, orgId }) {
      for (const part of chunks(writes)) {
        await db
          .insertInto('locations')
          .values(part.map((l) => ({ org_id: orgId, ...l })))
          .onConflict((oc) =>
            oc
              .columns(['org_id', 'code'])
              .doUpdateSet((eb) => ({ name: eb.ref('excluded.name'), kind: eb.ref('excluded.kind') })),
          )
          .execute();
      }
    },
  };
}

export function planWorkshops(ctx: ImportContext, stored: StoredPlant, people: People): SheetPlan {
  const c = counts('workshops');
  const rows = firstByKey(
    ctx,
    'workshops',
    ctx.records.workshops,
    (r) => r.value.code,
    'code',
    (r) => r.value.code,
  );
  const writes: { code: string; name: string; supervisor: string | null }[] = [];
  for (const { row, value } of rows) {
    const before = stored.workshops.get(value.code);
    let supervisor = before?.supervisor ?? null;
    if (value.supervisor !== undefined) {
      const person = people.resolve(value.supervisor);
      if (!('id' in person)) {
        ctx.problems.add('workshops', row, 'supervisor', person.zh, person.en);
        continue;
      }
      supervisor = person.id;
    }
    const after = { code: value.code, name: value.name, supervisor };
    if (before && before.name === after.name && before.supervisor === after.supervisor) {
      c.unchanged++;
      continue;
    }
    writes.push(after);
    const active = before?.active ?? true;
    if (before) {
      c.updated++;
      ctx.audits.push(
        change('workshop', value.code, workshopView({ code: value.code, ...before }), { ...after, active }),
      );
    } else {
      c.created++;
      ctx.audits.push(created('workshop', value.code, workshopView({ ...after, active })));
    }
  }
  return {
    counts: c,
    async apply({ db, orgId }) {
      for (const part of chunks(writes)) {
        await db
          .insertInto('workshops')
          .values(part.map((w) => ({ org_id: orgId, ...w })))
          .onConflict((oc) =>
            oc.columns(['org_id', 'code']).doUpdateSet((eb) => ({
              name: eb.ref('excluded.name'),
              supervisor: eb.ref('excluded.supervisor'),
            })),
          )
          .execute();
      }
    },
  };
}

export function planWorkCenters(ctx: ImportContext, stored: StoredPlant): SheetPlan {
  const c = counts('workCenters');
  const rows = firstByKey(
    ctx,
    'workCenters',
    ctx.records.workCenters,
    (r) => r.value.code,
    'code',
    (r) => r.value.code,
  );
  type Write = { code: string; name: string; workshop: string; stations: number; calendar: WorkCalendar };
  const writes: Write[] = [];
  for (const { row, value } of rows) {
    const at = { sheet: 'workCenters' as const, row, column: 'workshop' };
    if (!refersTo(ctx, at, 'workshops', value.workshop, stored.workshops)) continue;
    const before = stored.workCenters.get(value.code);
    const after: Write = {
      code: value.code,
      name: value.name,
      workshop: value.workshop,
      stations: value.stations ?? before?.stations ?? 1,
      calendar: canonicalCalendar(value.calendar ?? before?.calendar ?? DEFAULT_CALENDAR),
    };
    if (
      before &&
      before.name === after.name &&
      before.workshop === after.workshop &&
      before.stations === after.stations &&
      sameCalendar(before.calendar, after.calendar)
    ) {
      c.unchanged++;
      continue;
    }
    writes.push(after);
    const active = before?.active ?? true;
    if (before) {
      c.updated++;
      ctx.audits.push(
        change('work-center', value.code, workCenterView({ code: value.code, ...before }), {
          ...after,
          active,
        }),
      );
    } else {
      c.created++;
      ctx.audits.push(created('work-center', value.code, workCenterView({ ...after, active })));
    }
  }
  return {
    counts: c,
    async apply({ db, orgId }) {
      for (const part of chunks(writes)) {
        await db
          .insertInto('work_centers')
          .values(part.map((w) => ({ org_id: orgId, ...w, calendar: JSON.stringify(w.calendar) })))
          .onConflict((oc) =>
            oc.columns(['org_id', 'code']).doUpdateSet((eb) => ({
              name: eb.ref('excluded.name'),
              workshop: eb.ref('excluded.workshop'),
              stations: eb.ref('excluded.stations'),
              calendar: eb.ref('excluded.calendar'),
            })),
          )
          .execute();
      }
    },
  };
}

/**
 * People of the users sheet, by platform and platform userid: new ones are registered (id
 * `dt-…`/`wc-…`, as their first sign-in would make it), known ones get the name, roles and scopes
 * the sheet gives (blank cells keep theirs). Nobody is deactivated, and the last administrator
 * keeps the role.
 */
export function planUsers(
  ctx: ImportContext,
  stored: StoredPlant,
  storedPeople: readonly PersonRow[],
  people: People,
): SheetPlan {
  const c = counts('users');
  const rows = firstByKey(
    ctx,
    'users',
    ctx.records.users,
    (r) => `${r.value.platform}:${r.value.userId}`,
    'userId',
    (r) => `${r.value.platform}:${r.value.userId}`,
  );
  const byPlatform = new Map(
    storedPeople.filter((p) => p.platform_user_id).map((p) => [`${p.platform}:${p.platform_user_id}`, p]),
  );
  const byId = new Map(storedPeople.map((p) => [p.id, p]));
  type After = {
    id: string;
    name: string;
    roles: string[];
    workshops: string[];
    warehouses: string[];
    team: string | null;
    email: string | null;
  };
  const inserts: (After & { platform: string; userId: string })[] = [];
  const updates: After[] = [];
  const adminsAfter = new Set(
    storedPeople.filter((p) => p.active && p.roles.includes('admin')).map((p) => p.id),
  );
  const hadAdmin = adminsAfter.size > 0;
  const demoted: number[] = [];
  const grants: { id: string; granted: Access }[] = [];
  for (const { row, value } of rows) {
    const before = byPlatform.get(`${value.platform}:${value.userId}`);
    const id = before?.id ?? shopfloorUserId(value.platform, value.userId);
    if (!before && byId.has(id)) {
      ctx.problems.add(
        'users',
        row,
        'userId',
        `用户编号 ${id} 已被另一个人使用`,
        `the user id ${id} is taken by someone else`,
      );
      continue;
    }
    people.add(value.platform, value.userId, id, before?.active ?? true);
    let scopesOk = true;
    for (const [column, kind, map] of [
      ['workshops', 'workshops', stored.workshops],
      ['warehouses', 'warehouses', stored.warehouses],
    ] as const) {
      for (const code of value[column] ?? []) {
        if (!refersTo(ctx, { sheet: 'users', row, column }, kind, code, map)) scopesOk = false;
      }
    }
    if (!scopesOk) continue;
    const wanted = {
      roles: value.roles ?? before?.roles ?? [],
      workshops: value.workshops ?? before?.workshops ?? [],
      warehouses: value.warehouses ?? before?.warehouses ?? [],
    } as Access;
    // 权限变更双人复核 here too: guarded roles and new scopes become role requests, not grants.
    const { now, granted } = splitRoleChange((before ?? NO_ACCESS) as Access, wanted);
    if (granted) grants.push({ id, granted });
    // Blank cells keep what the person has: the workbook adds and changes, the console clears.
    const team = value.team ?? before?.team ?? null;
    const email = value.email ?? before?.email ?? null;
    const after: After = { id, name: value.name, ...now, team, email };
    if ((before?.active ?? true) && after.roles.includes('admin')) adminsAfter.add(id);
    else if (adminsAfter.delete(id)) demoted.push(row);
    if (!before) {
      c.created++;
      inserts.push({ ...after, platform: value.platform, userId: value.userId });
      ctx.audits.push(
        created('user', id, { ...after, platform: value.platform, platformUserId: value.userId }),
      );
      continue;
    }
    const scopesBefore = { roles: before.roles, workshops: before.workshops, warehouses: before.warehouses };
    const scopesAfter = { roles: after.roles, workshops: after.workshops, warehouses: after.warehouses };
    const sameScopes =
      sameSet(before.roles, after.roles) &&
      sameSet(before.workshops, after.workshops) &&
      sameSet(before.warehouses, after.warehouses);
    const sameContact = before.team === after.team && before.email === after.email;
    if (sameScopes && before.name === after.name && sameContact) {
      c.unchanged++;
      continue;
    }
    c.updated++;
    updates.push(after);
    if (!sameScopes) ctx.audits.push(change('user', id, scopesBefore, scopesAfter, 'user.roles.changed'));
    if (before.name !== after.name) {
      ctx.audits.push(change('user', id, { name: before.name }, { name: after.name }, 'user.renamed'));
    }
    // The same audit actions as PUT /users/{id}.
    if (before.team !== after.team) {
      ctx.audits.push(change('user', id, { team: before.team }, { team: after.team }, 'user.team-changed'));
    }
    if (before.email !== after.email) {
      ctx.audits.push(
        change('user', id, { email: before.email }, { email: after.email }, 'user.email-changed'),
      );
    }
  }
  if (hadAdmin && adminsAfter.size === 0) {
    for (const row of demoted) {
      ctx.problems.add(
        'users',
        row,
        'roles',
        '这会去掉最后一位管理员的 admin 角色：请先给另一个人 admin',
        'this takes admin from the last administrator: grant admin to someone else first',
      );
    }
  }
  return {
    counts: c,
    async apply({ db, orgId, at, user, audits }) {
      for (const part of chunks(inserts)) {
        await db
          .insertInto('users')
          .values(
            part.map((u) => ({
              org_id: orgId,
              id: u.id,
              name: u.name,
              roles: u.roles,
              workshops: u.workshops,
              warehouses: u.warehouses,
              team: u.team,
              email: u.email,
              platform: u.platform,
              platform_user_id: u.userId,
              created_at: at,
            })),
          )
          .execute();
      }
      for (const u of updates) {
        await db
          .updateTable('users')
          .set({
            name: u.name,
            roles: u.roles,
            workshops: u.workshops,
            warehouses: u.warehouses,
            team: u.team,
            email: u.email,
            updated_at: at,
          })
          .where('org_id', '=', orgId)
          .where('id', '=', u.id)
          .execute();
      }
      if (grants.length > 0) {
        const requested = await db
          .insertInto('role_requests')
          .values(
            grants.map((g) => ({
              org_id: orgId,
              user_id: g.id,
              roles_added: g.granted.roles,
              workshops_added: g.granted.workshops,
              warehouses_added: g.granted.warehouses,
              requested_by: user.userId,
              requested_at: at,
            })),
          )
          // A user with a request already waiting (the same file imported again) keeps that one.
          .onConflict((oc) =>
            oc.columns(['org_id', 'user_id']).where(sql<boolean>`status = 'pending'`).doNothing(),
          )
          .returning(['id', 'user_id', 'roles_added', 'workshops_added', 'warehouses_added'])
          .execute();
        audits.push(
          ...requested.map((r) => ({
            action: 'user.roles.requested',
            subjectType: 'user',
            subjectId: r.user_id,
            after: {
              requestId: String(r.id),
              add: { roles: r.roles_added, workshops: r.workshops_added, warehouses: r.warehouses_added },
            },
          })),
        );
      }
    },
  };
}

const NO_ACCESS: Access = { roles: [], workshops: [], warehouses: [] };

function created(type: string, id: string, after: unknown): AuditRow {
  return { action: `${type}.created`, subjectType: type, subjectId: id, after };
}

function change(
  type: string,
  id: string,
  before: unknown,
  after: unknown,
  action = `${type}.changed`,
): AuditRow {
  return { action, subjectType: type, subjectId: id, before, after };
}
