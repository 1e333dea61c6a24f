import { AuditEntry, Page } from '@shopfloor/sdk';
import {
  type AdminClient,
  createAdminClient,
  isRoleChangePending,
  type RoleChangeAnswer,
  type RoleChangePending,
} from '@shopfloor/sdk/admin';
import fc from 'fast-check';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerConfig } from '../src/config.js';
import type { Database } from '../src/db/schema.js';
import { type Access, GUARDED_ROLES, splitRoleChange } from '../src/modules/access/role-change.js';
import { seedUsers } from './fixtures.js';
import { backends, startTestServer, type TestServer } from './harness.js';

/** The fixture users, two more administrators, and people whose roles the tests change. */
async function seedRoleRequests(db: Kysely<Database>, config: ServerConfig) {
  await seedUsers(db, config);
  const org = config.orgId;
  await db
    .insertInto('users')
    .values([
      { org_id: org, id: 'admin-2', name: '第二管理员', roles: ['admin'] },
      { org_id: org, id: 'admin-3', name: '第三管理员', roles: ['admin'] },
      ...Array.from({ length: 12 }, (_, i) => ({
        org_id: org,
        id: `rr-${i}`,
        name: `试用员工${i}`,
        roles: ['operator'],
        workshops: ['WS-ASM'],
      })),
    ])
    .execute();
}

const pending = (answer: RoleChangeAnswer): RoleChangePending => {
  if (!isRoleChangePending(answer))
    throw new Error(`expected a pending role request, got ${JSON.stringify(answer)}`);
  return answer;
};

describe.each(backends())('role changes with four eyes (权限变更双人复核) on %s', (backend) => {
  let server: TestServer;
  let admin: AdminClient;
  let second: AdminClient;
  let third: AdminClient;
  const adminAs = async (userId: string) =>
    createAdminClient({ baseUrl: server.url, token: await server.token(userId), retry: { limit: 0 } });
  const userRow = (id: string) =>
    server.database.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const auditOf = (subjectId: string) =>
    admin.request({
      method: 'GET',
      path: '/audit',
      query: { subjectType: 'user', subjectId },
      schema: Page(AuditEntry),
    });

  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedRoleRequests });
    [admin, second, third] = await Promise.all(['admin', 'admin-2', 'admin-3'].map(adminAs));
  });
  afterAll(() => server?.close());

  it('answers 202 with a pending request for a guarded role, and changes nothing until a second admin approves', async () => {
    const answer = pending(
      await admin.users.setRoles('rr-0', {
        roles: ['operator', 'storekeeper'],
        workshops: ['WS-ASM'],
        warehouses: ['WH-RM'],
      }),
    );
    expect(answer.user).toMatchObject({ id: 'rr-0', roles: ['operator'], scopes: { warehouses: [] } });
    expect(answer.roleRequest).toMatchObject({
      userId: 'rr-0',
      userName: '试用员工0',
      add: { roles: ['storekeeper'], workshops: [], warehouses: ['WH-RM'] },
      requestedBy: 'admin',
      status: 'pending',
      decidedBy: null,
    });
    expect((await userRow('rr-0')).roles).toEqual(['operator']);
    const listed = await second.roleRequests.listPage({ status: 'pending' });
    expect(listed.items.find((r) => r.id === answer.roleRequest.id)).toMatchObject({
      requestedBy: 'admin',
      requestedByName: '系统管理员',
    });

    await expect(admin.roleRequests.approve(answer.roleRequest.id)).rejects.toMatchObject({
      status: 403,
      problem: { type: '/problems/own-role-request' },
    });
    const approved = await second.roleRequests.approve(answer.roleRequest.id);
    expect(approved).toMatchObject({ status: 'approved', decidedBy: 'admin-2' });
    expect(await userRow('rr-0')).toMatchObject({
      roles: ['operator', 'storekeeper'],
      warehouses: ['WH-RM'],
    });
    // Both the request and the decision are in the audit log, with who did each.
    const { items } = await auditOf('rr-0');
    expect(items.map((e) => [e.action, e.actor])).toEqual(
      expect.arrayContaining([
        ['user.roles.requested', 'admin'],
        ['user.roles.approved', 'admin-2'],
      ]),
    );
    await expect(third.roleRequests.reject(answer.roleRequest.id)).rejects.toMatchObject({
      status: 409,
      problem: { type: '/problems/role-request-decided', params: { status: 'approved' } },
    });
  });

  it('applies removals, operator and planner at once, with 200 and no request', async () => {
    const answer = await admin.users.setRoles('ap-qian', {
      roles: ['planner', 'operator'],
      workshops: [],
      warehouses: [],
    });
    expect(isRoleChangePending(answer)).toBe(false);
    expect(answer).toMatchObject({
      roles: ['planner', 'operator'],
      scopes: { workshops: [], warehouses: [] },
    });
    expect(await userRow('ap-qian')).toMatchObject({ roles: ['planner', 'operator'], warehouses: [] });
    expect((await auditOf('ap-qian')).items[0]).toMatchObject({
      action: 'user.roles.changed',
      actor: 'admin',
    });
  });

  it('splits a mixed change: the narrowing now, the widening as a request', async () => {
    // sk-sun keeps WH-RM only at once; approver and WS-MCH wait.
    const answer = pending(
      await admin.users.setRoles('sk-sun', {
        roles: ['storekeeper', 'approver'],
        workshops: ['WS-MCH'],
        warehouses: ['WH-RM'],
      }),
    );
    expect(answer.user).toMatchObject({
      roles: ['storekeeper'],
      scopes: { workshops: [], warehouses: ['WH-RM'] },
    });
    expect(answer.roleRequest.add).toEqual({ roles: ['approver'], workshops: ['WS-MCH'], warehouses: [] });
    // Taken away meanwhile: the approval adds its grant to what the user holds then, nothing more.
    await admin.users.setRoles('sk-sun', { roles: [], workshops: [], warehouses: [] });
    await second.roleRequests.approve(answer.roleRequest.id);
    expect(await userRow('sk-sun')).toMatchObject({
      roles: ['approver'],
      workshops: ['WS-MCH'],
      warehouses: [],
    });
  });

  it('treats any new workshop or warehouse as widening, also for an operator', async () => {
    const answer = pending(
      await admin.users.setRoles('rr-1', { roles: ['operator'], workshops: ['WS-ASM', 'WS-MCH'] }),
    );
    expect(answer.roleRequest.add).toEqual({ roles: [], workshops: ['WS-MCH'], warehouses: [] });
    await third.roleRequests.reject(answer.roleRequest.id);
    expect((await userRow('rr-1')).workshops).toEqual(['WS-ASM']);
  });

  it('registers a new user with operator and planner at once and the rest pending', async () => {
    const plain = await admin.users.create({
      platform: 'dingtalk',
      platformUserId: 'plan-new',
      name: '新计划员',
      roles: ['planner'],
    });
    expect(plain).toMatchObject({ id: 'dt-plan-new', roles: ['planner'] });
    const boss = pending(
      await admin.users.create({
        platform: 'wecom',
        platformUserId: 'NewBoss',
        name: '新主管',
        roles: ['admin', 'planner'],
      }),
    );
    expect(boss.user).toMatchObject({ id: 'wc-NewBoss', roles: ['planner'] });
    expect(boss.roleRequest.add.roles).toEqual(['admin']);
    const actions = (await auditOf('wc-NewBoss')).items.map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['user.created', 'user.roles.changed', 'user.roles.requested']),
    );
  });

  it('answers a retried registration (same Idempotency-Key) with the same 202, not 409 exists', async () => {
    const send = async () =>
      fetch(`${server.url}/api/v1/users`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${await server.token('admin')}`,
          'Content-Type': 'application/json',
          'Idempotency-Key': `retry-${backend}-register`,
        },
        body: JSON.stringify({
          platform: 'wecom',
          platformUserId: 'RetryKeeper',
          name: '重试仓管',
          roles: ['storekeeper'],
        }),
      });
    const first = await send();
    expect(first.status).toBe(202);
    const firstBody = await first.json();
    expect(firstBody.roleRequest.add.roles).toEqual(['storekeeper']);
    const again = await send();
    expect(again.status).toBe(202);
    expect(again.headers.get('Idempotency-Replayed')).toBe('true');
    expect(await again.json()).toEqual(firstBody);
    const requests = await server.database.db
      .selectFrom('role_requests')
      .select('id')
      .where('user_id', '=', 'wc-RetryKeeper')
      .execute();
    expect(requests).toHaveLength(1);
  });

  it('keeps one pending request per user, and answers a repeat of the same grant with it', async () => {
    const first = pending(
      await admin.users.setRoles('rr-2', {
        roles: ['operator', 'approver'],
        workshops: ['WS-ASM'],
        warehouses: ['WH-FG'],
      }),
    );
    const again = pending(
      await admin.users.setRoles('rr-2', {
        roles: ['operator', 'approver'],
        workshops: ['WS-ASM'],
        warehouses: ['WH-FG'],
      }),
    );
    expect(again.roleRequest.id).toBe(first.roleRequest.id);
    await expect(
      second.users.setRoles('rr-2', { roles: ['operator', 'admin'], workshops: ['WS-ASM'] }),
    ).rejects.toMatchObject({
      status: 409,
      problem: {
        type: '/problems/role-request-pending',
        params: { user: 'rr-2', request: first.roleRequest.id },
      },
    });
    // The requester may withdraw his own request.
    await expect(admin.roleRequests.reject(first.roleRequest.id)).resolves.toMatchObject({
      status: 'rejected',
      decidedBy: 'admin',
    });
    expect((await auditOf('rr-2')).items[0]).toMatchObject({ action: 'user.roles.rejected', actor: 'admin' });
  });

  it('does not let the user approve a grant to himself', async () => {
    const answer = pending(
      await admin.users.setRoles('admin-3', { roles: ['admin'], warehouses: ['WH-RM'] }),
    );
    await expect(third.roleRequests.approve(answer.roleRequest.id)).rejects.toMatchObject({
      status: 403,
      problem: { type: '/problems/own-role-grant' },
    });
    await second.roleRequests.reject(answer.roleRequest.id);
  });

  it('re-checks on approval that the user is still active', async () => {
    const answer = pending(
      await admin.users.setRoles('rr-3', { roles: ['operator', 'approver'], workshops: ['WS-ASM'] }),
    );
    await admin.users.update('rr-3', { active: false });
    await expect(second.roleRequests.approve(answer.roleRequest.id)).rejects.toMatchObject({
      status: 409,
      problem: { type: '/problems/role-request-user-inactive' },
    });
    expect((await userRow('rr-3')).roles).toEqual(['operator']);
    await second.roleRequests.reject(answer.roleRequest.id);
  });

  it('decides a request once when an approval and a rejection race', async () => {
    for (const id of ['rr-4', 'rr-5', 'rr-6', 'rr-7', 'rr-8']) {
      const answer = pending(
        await admin.users.setRoles(id, {
          roles: ['operator', 'storekeeper'],
          workshops: ['WS-ASM'],
          warehouses: ['WH-RM'],
        }),
      );
      const outcomes = await Promise.allSettled([
        second.roleRequests.approve(answer.roleRequest.id),
        third.roleRequests.reject(answer.roleRequest.id),
        third.roleRequests.approve(answer.roleRequest.id),
      ]);
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      expect(won).toHaveLength(1);
      for (const lost of outcomes.filter((o) => o.status === 'rejected')) {
        expect(lost.reason).toMatchObject({
          status: 409,
          problem: { type: '/problems/role-request-decided' },
        });
      }
      const row = await userRow(id);
      const status = (won[0] as PromiseFulfilledResult<{ status: string }>).value.status;
      expect(row.roles).toEqual(status === 'approved' ? ['operator', 'storekeeper'] : ['operator']);
      const decisions = (await auditOf(id)).items.filter((e) => /approved|rejected/.test(e.action));
      expect(decisions).toHaveLength(1);
    }
  });

  it('lets only administrators list and decide role requests', async () => {
    const planner = await server.as('pl-zhou');
    await expect(planner.request({ method: 'GET', path: '/role-requests' })).rejects.toMatchObject({
      status: 403,
    });
    await expect(planner.request({ method: 'POST', path: '/role-requests/1/approve' })).rejects.toMatchObject(
      {
        status: 403,
      },
    );
    await expect(second.roleRequests.approve('999999')).rejects.toMatchObject({
      status: 404,
      problem: { type: '/problems/role-request-not-found' },
    });
  });

  it('pages the requests newest first and filters by status', async () => {
    const first = await admin.roleRequests.listPage({ limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(Number(first.items[0]!.id)).toBeGreaterThan(Number(first.items[1]!.id));
    const rest = await admin.roleRequests.listPage({ limit: 100, cursor: first.nextCursor! });
    expect(Number(rest.items[0]!.id)).toBeLessThan(Number(first.items[1]!.id));
    const rejected = await admin.roleRequests.listPage({ status: 'rejected' });
    expect(rejected.items.length).toBeGreaterThan(0);
    expect(rejected.items.every((r) => r.status === 'rejected')).toBe(true);
  });
});

describe('splitting a role change', () => {
  const role = fc.constantFrom('operator', 'approver', 'storekeeper', 'planner', 'admin' as const);
  const access = fc.record({
    roles: fc.uniqueArray(role, { maxLength: 5 }),
    workshops: fc.uniqueArray(fc.constantFrom('W1', 'W2', 'W3', 'W4'), { maxLength: 4 }),
    warehouses: fc.uniqueArray(fc.constantFrom('H1', 'H2', 'H3'), { maxLength: 3 }),
  }) as fc.Arbitrary<Access>;

  it('never grants a guarded role or a new scope at once, and loses nothing asked for', () => {
    fc.assert(
      fc.property(access, access, (before, wanted) => {
        const { now, granted } = splitRoleChange(before, wanted);
        for (const r of now.roles) expect(before.roles.includes(r) || !GUARDED_ROLES.includes(r)).toBe(true);
        for (const w of now.workshops) expect(before.workshops).toContain(w);
        for (const w of now.warehouses) expect(before.warehouses).toContain(w);
        // What applies now plus what waits is exactly what was asked for.
        const all = (k: keyof Access) => [...now[k], ...(granted?.[k] ?? [])].sort();
        expect(all('roles')).toEqual([...wanted.roles].sort());
        expect(all('workshops')).toEqual([...wanted.workshops].sort());
        expect(all('warehouses')).toEqual([...wanted.warehouses].sort());
        // Nothing waits for a removal or a narrowing.
        const widens =
          wanted.roles.some((r) => GUARDED_ROLES.includes(r) && !before.roles.includes(r)) ||
          wanted.workshops.some((w) => !before.workshops.includes(w)) ||
          wanted.warehouses.some((w) => !before.warehouses.includes(w));
        expect(granted !== null).toBe(widens);
      }),
    );
  });
});
