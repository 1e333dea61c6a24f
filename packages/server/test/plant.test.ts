import { type AuditEntry, type ShopfloorClient, User } from '@shopfloor/sdk';
import { type AdminClient, createAdminClient } from '@shopfloor/sdk/admin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USER_ACCESS_TTL_MS } from '../src/modules/auth/user-access.js';
import { seedStock } from './fixtures-stock.js';
import { backends, startTestServer, type TestServer } from './harness.js';

const CALENDAR = { workdays: [1, 2, 3, 4, 5, 6], shifts: [{ start: '20:00', end: '08:00' }] };

describe.each(backends())('plant master data on %s', (backend) => {
  let server: TestServer;
  let admin: AdminClient;
  const adminAs = async (userId: string) =>
    createAdminClient({ baseUrl: server.url, token: await server.token(userId), retry: { limit: 0 } });
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedStock });
    admin = await adminAs('admin');
  });
  afterAll(() => server?.close());

  const auditOf = (subjectType: string, subjectId: string) =>
    admin.request<{ items: AuditEntry[] }>({
      method: 'GET',
      path: '/audit',
      query: { subjectType, subjectId },
    });
  const me = (client: ShopfloorClient) => client.request({ method: 'GET', path: '/auth/me' });

  it('creates a warehouse with locations of each kind and lists them, audit-logged', async () => {
    await admin.warehouses.create({ code: 'WH-QC', name: '质检仓' });
    for (const [code, kind] of [
      ['QC-IN', 'quarantine'],
      ['QC-OK', 'finished-goods'],
    ] as const) {
      await admin.locations.create({ warehouse: 'WH-QC', code, name: code, kind });
    }
    const house = await admin.warehouses.get('WH-QC');
    expect(house).toMatchObject({ code: 'WH-QC', name: '质检仓', active: true });
    const listed = await admin.locations.listPage({ warehouse: 'WH-QC' });
    expect(listed.items.map((l) => [l.code, l.kind])).toEqual([
      ['QC-IN', 'quarantine'],
      ['QC-OK', 'finished-goods'],
    ]);
    const log = await auditOf('warehouse', 'WH-QC');
    expect(log.items.map((e) => e.action)).toContain('warehouse.created');
  });

  it('refuses a second warehouse with the same code (409) and a location in an unknown warehouse (400)', async () => {
    await expect(admin.warehouses.create({ code: 'WH-RM', name: 'dup' })).rejects.toMatchObject({
      status: 409,
    });
    await expect(
      admin.locations.create({ warehouse: 'WH-NOPE', code: 'X-1', kind: 'raw-material' }),
    ).rejects.toMatchObject({
      status: 400,
      errors: [{ path: 'warehouse', message: "no warehouse 'WH-NOPE'" }],
    });
  });

  it('deletes an unreferenced location but only deactivates a referenced one', async () => {
    await admin.locations.create({ warehouse: 'WH-QC', code: 'QC-TMP', kind: 'quarantine' });
    await expect(admin.locations.remove('QC-TMP')).resolves.toEqual({ deleted: true });
    await expect(admin.locations.get('QC-TMP')).rejects.toMatchObject({ status: 404 });
    // RM-A01 has work referring to it once stock moved there: receipt, then delete is refused.
    const storekeeper = await adminAs('sk-sun');
    await storekeeper.request({
      method: 'POST',
      path: '/stock/receipts',
      body: { lines: [{ item: 'SCREW', qty: 5, location: 'RM-A02' }] },
    });
    await expect(admin.locations.remove('RM-A02')).rejects.toMatchObject({
      status: 409,
      problem: { type: '/problems/in-use' },
    });
  });

  it('refuses to deactivate a location or its warehouse while it holds stock', async () => {
    await expect(admin.locations.update('RM-A02', { active: false })).rejects.toMatchObject({
      status: 409,
      problem: { type: '/problems/has-stock' },
    });
    await expect(admin.warehouses.update('WH-RM', { active: false })).rejects.toMatchObject({
      status: 409,
      problem: { type: '/problems/has-stock' },
    });
  });

  it('hides a deactivated warehouse and its locations unless asked, and stops granting it', async () => {
    await admin.warehouses.update('WH-QC', { active: false });
    const active = await admin.warehouses.listPage();
    expect(active.items.map((w) => w.code)).not.toContain('WH-QC');
    const all = await admin.warehouses.listPage({ includeInactive: true });
    const qc = all.items.find((w) => w.code === 'WH-QC')!;
    expect(qc.active).toBe(false);
    expect(qc.locations.every((l) => !l.active)).toBe(true);
    await expect(
      admin.users.setRoles('sk-sun', { roles: ['storekeeper'], warehouses: ['WH-QC'] }),
    ).rejects.toMatchObject({ status: 400, errors: [{ path: 'warehouses.0' }] });
    await expect(
      admin.locations.create({ warehouse: 'WH-QC', code: 'QC-2', kind: 'quarantine' }),
    ).rejects.toMatchObject({ status: 400 });
    await admin.warehouses.update('WH-QC', { active: true });
  });

  it('lets a storekeeper keep the locations of his warehouses only', async () => {
    const fgOnly = await adminAs('sk-fg');
    await expect(
      fgOnly.locations.create({ warehouse: 'WH-RM', code: 'RM-B01', kind: 'raw-material' }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      fgOnly.locations.create({
        warehouse: 'WH-FG',
        code: 'FG-02',
        name: '成品区02',
        kind: 'finished-goods',
      }),
    ).resolves.toMatchObject({ code: 'FG-02' });
    await expect(fgOnly.warehouses.create({ code: 'WH-X', name: 'x' })).rejects.toMatchObject({
      status: 403,
    });
  });

  it('keeps workshops with a supervisor and work centers with stations and a night-shift calendar', async () => {
    await expect(
      admin.workshops.create({ code: 'WS-PNT', name: '油漆车间', supervisor: 'nobody' }),
    ).rejects.toMatchObject({ status: 400, errors: [{ path: 'supervisor' }] });
    const shop = await admin.workshops.create({ code: 'WS-PNT', name: '油漆车间', supervisor: 'pl-zhou' });
    expect(shop).toEqual({ code: 'WS-PNT', name: '油漆车间', supervisor: 'pl-zhou', active: true });
    const planner = await adminAs('pl-zhou');
    const center = await planner.workCenters.create({
      code: 'PNT-1',
      name: '喷漆线',
      workshop: 'WS-PNT',
      stations: 3,
      calendar: CALENDAR,
    });
    expect(center).toEqual({
      code: 'PNT-1',
      name: '喷漆线',
      workshop: 'WS-PNT',
      stations: 3,
      calendar: CALENDAR,
      active: true,
      owner: null,
      lateTolerance: null,
    });
    const defaulted = await planner.workCenters.create({ code: 'PNT-2', name: '烘干', workshop: 'WS-PNT' });
    expect(defaulted.calendar.workdays).toEqual([1, 2, 3, 4, 5]);
    await expect(planner.workshops.create({ code: 'WS-Y', name: 'y' })).rejects.toMatchObject({
      status: 403,
    });
    // The SDK refuses it before sending; the server refuses it as well, with the field path.
    const bad = { code: 'BAD', name: 'bad', workshop: 'WS-PNT', calendar: { workdays: [8], shifts: [] } };
    await expect(planner.workCenters.create(bad)).rejects.toThrow(/calendar/);
    await expect(planner.request({ method: 'POST', path: '/work-centers', body: bad })).rejects.toMatchObject(
      {
        status: 400,
        problem: {
          errors: expect.arrayContaining([expect.objectContaining({ path: 'calendar.workdays.0' })]),
        },
      },
    );
  });

  it('refuses to delete a workshop in use and to deactivate one with open operations', async () => {
    await expect(admin.workshops.remove('WS-ASM')).rejects.toMatchObject({
      status: 409,
      problem: { type: '/problems/in-use' },
    });
    await expect(admin.workshops.update('WS-ASM', { active: false })).rejects.toMatchObject({
      status: 409,
      problem: { type: '/problems/open-work' },
    });
    await admin.workshops.update('WS-PNT', { name: '涂装车间' });
    const log = await auditOf('workshop', 'WS-PNT');
    expect(log.items[0]).toMatchObject({
      action: 'workshop.changed',
      before: { name: '油漆车间' },
      after: { name: '涂装车间' },
    });
  });

  it('registers a platform user ahead of their first sign-in, under the id that sign-in will use', async () => {
    // The workshop is a new scope: it waits for a second administrator (权限变更双人复核).
    const answer = await admin.users.create({
      platform: 'dingtalk',
      platformUserId: 'ding-new',
      name: '新员工',
      roles: ['operator'],
      workshops: ['WS-PNT'],
    });
    expect(answer).toMatchObject({
      user: {
        id: 'dt-ding-new',
        platform: 'dingtalk',
        platformUserId: 'ding-new',
        roles: ['operator'],
        scopes: { workshops: [], warehouses: [] },
        active: true,
      },
      roleRequest: { add: { workshops: ['WS-PNT'] }, status: 'pending' },
    });
    await expect(
      admin.users.create({ platform: 'dingtalk', platformUserId: 'ding-new', name: 'x', roles: [] }),
    ).rejects.toMatchObject({ status: 409 });
  });

  it('refuses the session and API token of a deactivated user, and never deactivates the last admin', async () => {
    const operator: ShopfloorClient = await server.as('op-wang');
    await expect(me(operator)).resolves.toMatchObject({ id: 'op-wang' });
    const token = await admin.request<{ token: string }>({
      method: 'POST',
      path: '/auth/api-tokens',
      body: { userId: 'op-wang', name: 'script' },
    });
    const deactivated = await admin.users.update('op-wang', { active: false });
    expect(User.parse(deactivated).active).toBe(false);
    await expect(me(operator)).rejects.toMatchObject({ status: 401 });
    const viaToken = createAdminClient({ baseUrl: server.url, token: token.token, retry: { limit: 0 } });
    await expect(me(viaToken)).rejects.toMatchObject({ status: 401 });
    await admin.users.update('op-wang', { active: true });
    await expect(me(operator)).resolves.toMatchObject({ id: 'op-wang' });
    await expect(admin.users.update('admin', { active: false })).rejects.toMatchObject({
      status: 409,
      problem: { type: '/problems/last-admin' },
    });
  });

  it('refuses a deactivated user on another replica within the cache time', async () => {
    const operator = await server.as('op-li');
    await expect(me(operator)).resolves.toMatchObject({ id: 'op-li' });
    // Another replica deactivates him: straight in the database, this process's cache knows nothing.
    await server.database.db.updateTable('users').set({ active: false }).where('id', '=', 'op-li').execute();
    server.clock.advance(USER_ACCESS_TTL_MS + 1);
    await expect(me(operator)).rejects.toMatchObject({ status: 401 });
    await server.database.db.updateTable('users').set({ active: true }).where('id', '=', 'op-li').execute();
    server.clock.advance(USER_ACCESS_TTL_MS + 1);
    await expect(me(operator)).resolves.toMatchObject({ id: 'op-li' });
  });
});
