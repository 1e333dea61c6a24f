import { createHash } from 'node:crypto';
import { AuditEntry, createClient, Page, type ShopfloorClient, User } from '@shopfloor/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedUsers } from './fixtures.js';
import { backends, startTestServer, type TestServer } from './harness.js';

interface TokenAnswer {
  id: string;
  userId: string;
  name: string;
  token: string;
  revokedAt: string | null;
}

describe.each(backends())('users, roles, API tokens and the audit log on %s', (backend) => {
  let server: TestServer;
  let admin: ShopfloorClient;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedUsers });
    admin = await server.as('admin');
  });
  afterAll(() => server?.close());

  const setRoles = (client: ShopfloorClient, id: string, body: unknown) =>
    client.request({ method: 'PUT', path: `/users/${id}/roles`, body, schema: User });
  const auditOf = (subjectId: string) =>
    admin.request({
      method: 'GET',
      path: '/audit',
      query: { subjectType: 'user', subjectId },
      schema: Page(AuditEntry),
    });

  it('offers dev-login in demo mode', async () => {
    expect(server.deps.config.demo).toBe(true);
    const session = await server.anonymous.auth.devLogin({ userId: 'op-li' });
    expect(session.user.id).toBe('op-li');
  });

  it('writes every role change to the audit log with the values before and after', async () => {
    // Planner applies at once (a guarded role would wait for a second administrator: role-requests.test.ts).
    const changed = await setRoles(admin, 'op-wang', {
      roles: ['operator', 'planner'],
      workshops: ['WS-MCH'],
      warehouses: [],
    });
    expect(changed).toMatchObject({
      roles: ['operator', 'planner'],
      scopes: { workshops: ['WS-MCH'], warehouses: [] },
    });
    const { items } = await auditOf('op-wang');
    expect(items[0]).toMatchObject({
      actor: 'admin',
      action: 'user.roles.changed',
      target: { type: 'user', id: 'op-wang' },
      before: { roles: ['operator'], workshops: ['WS-MCH'], warehouses: [] },
      after: { roles: ['operator', 'planner'], workshops: ['WS-MCH'], warehouses: [] },
    });
  });

  it('writes nothing when the roles do not change', async () => {
    const before = (await auditOf('sk-sun')).items.length;
    await setRoles(admin, 'sk-sun', {
      roles: ['storekeeper'],
      workshops: [],
      warehouses: ['WH-RM', 'WH-FG'],
    });
    expect((await auditOf('sk-sun')).items.length).toBe(before);
  });

  it('refuses unknown workshops and warehouses with field paths', async () => {
    await expect(
      setRoles(admin, 'op-li', { roles: ['operator'], workshops: ['WS-NOPE'], warehouses: [] }),
    ).rejects.toMatchObject({
      status: 400,
      errors: [{ path: 'workshops.0', message: "no active workshop 'WS-NOPE'" }],
    });
  });

  it('never takes admin away from the last administrator', async () => {
    await expect(
      setRoles(admin, 'admin', { roles: ['planner'], workshops: [], warehouses: [] }),
    ).rejects.toMatchObject({ status: 409 });
  });

  it('lets only admins list users, change roles and read the audit log', async () => {
    const planner = await server.as('pl-zhou');
    await expect(planner.request({ method: 'GET', path: '/users' })).rejects.toMatchObject({ status: 403 });
    await expect(
      setRoles(planner, 'pl-zhou', { roles: ['admin'], workshops: [], warehouses: [] }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(planner.request({ method: 'GET', path: '/audit' })).rejects.toMatchObject({ status: 403 });
    const users = await admin.request({
      method: 'GET',
      path: '/users',
      query: { limit: 3 },
      schema: Page(User),
    });
    expect(users.items).toHaveLength(3);
    const rest = await admin.request({
      method: 'GET',
      path: '/users',
      query: { limit: 50, cursor: users.nextCursor! },
      schema: Page(User),
    });
    expect(new Set([...users.items, ...rest.items].map((u) => u.id)).size).toBe(7);
  });

  it('creates an API token shown once and stored only as a hash, which acts as its user until revoked', async () => {
    const created = (await admin.request({
      method: 'POST',
      path: '/auth/api-tokens',
      body: { userId: 'pl-zhou', name: 'ERP 同步脚本' },
    })) as TokenAnswer;
    expect(created.token).toMatch(/^sft_/);
    const stored = await server.database.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).toBe(createHash('sha256').update(created.token).digest('hex'));
    expect(JSON.stringify(stored)).not.toContain(created.token);
    const listed = (await admin.request({
      method: 'GET',
      path: '/auth/api-tokens',
      query: { userId: 'pl-zhou' },
    })) as { items: object[] };
    expect(JSON.stringify(listed)).not.toContain(created.token);

    const sdk = createClient({ baseUrl: server.url, token: created.token });
    expect(await sdk.request({ method: 'GET', path: '/auth/me' })).toMatchObject({ id: 'pl-zhou' });

    const revoked = (await admin.request({
      method: 'DELETE',
      path: `/auth/api-tokens/${created.id}`,
    })) as TokenAnswer;
    expect(revoked.revokedAt).not.toBeNull();
    await expect(sdk.request({ method: 'GET', path: '/auth/me' })).rejects.toMatchObject({ status: 401 });
    const actions = (await auditOf('pl-zhou')).items.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['api-token.created', 'api-token.revoked']));
    expect(JSON.stringify(await auditOf('pl-zhou'))).not.toContain(created.token);
  });

  it('answers 404 for a token of an unknown user and for revoking an unknown token', async () => {
    await expect(
      admin.request({ method: 'POST', path: '/auth/api-tokens', body: { userId: 'ghost', name: 'x' } }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      admin.request({ method: 'DELETE', path: '/auth/api-tokens/tok_missing' }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('pages the audit log newest first', async () => {
    await setRoles(admin, 'ap-qian', { roles: ['approver'], workshops: [], warehouses: ['WH-FG'] });
    await setRoles(admin, 'ap-qian', {
      roles: ['approver', 'planner'],
      workshops: [],
      warehouses: ['WH-FG'],
    });
    const first = await admin.request({
      method: 'GET',
      path: '/audit',
      query: { limit: 1 },
      schema: Page(AuditEntry),
    });
    expect(first.nextCursor).not.toBeNull();
    const second = await admin.request({
      method: 'GET',
      path: '/audit',
      query: { limit: 1, cursor: first.nextCursor! },
      schema: Page(AuditEntry),
    });
    expect(Number(second.items[0]!.id)).toBeLessThan(Number(first.items[0]!.id));
  });
});
