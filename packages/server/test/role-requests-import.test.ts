import type { AdminClient } from '@shopfloor/sdk/admin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedUsers } from './fixtures.js';
import { backends, startTestServer, type TestServer } from './harness.js';
import { adminOf, editWorkbook, sheet, tableCounts } from './setup-helpers.js';

/** The setup workbook grants the four-eyes way too (权限变更双人复核): its users sheet asks, it does not grant. */
describe.each(backends())('role changes from the setup workbook on %s', (backend) => {
  let server: TestServer;
  let admin: AdminClient;
  let workbook: Uint8Array;
  const userRow = (id: string) =>
    server.database.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedUsers });
    admin = await adminOf(server);
    const template = await admin.setup.template();
    workbook = await editWorkbook(template, (wb) => {
      // A new storekeeper (waits), and a new operator and planner (applies at once).
      sheet(wb, 'users').addRow(['dingtalk', 'sk-new', '新仓管', '仓管', null, 'WH-FG']);
      sheet(wb, 'users').addRow(['wecom', 'lisi', '李四', '操作工,计划员', null, null]);
    });
  });
  afterAll(() => server?.close());

  it('applies operator and planner, and turns guarded roles and new scopes into requests of the importer', async () => {
    const report = await admin.setup.import(workbook);
    expect(report.problems).toEqual([]);
    expect(await userRow('dt-sk-new')).toMatchObject({ roles: [], warehouses: [] });
    expect(await userRow('wc-lisi')).toMatchObject({ roles: ['operator', 'planner'] });
    const waiting = await admin.roleRequests.listPage({ status: 'pending' });
    // The template's example people ask too; these two are ours.
    const ours = waiting.items.filter((r) => ['dt-sk-new', 'wc-lisi'].includes(r.userId));
    expect(ours.map((r) => [r.userId, r.add, r.requestedBy])).toEqual([
      ['dt-sk-new', { roles: ['storekeeper'], workshops: [], warehouses: ['WH-FG'] }, 'admin'],
    ]);
    const audit = await server.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor'])
      .where('subject_id', '=', 'dt-sk-new')
      .execute();
    expect(audit).toEqual(expect.arrayContaining([{ action: 'user.roles.requested', actor: 'admin' }]));
  });

  it('asks nothing new when the same workbook is imported again while the request waits', async () => {
    const before = await tableCounts(server);
    const report = await admin.setup.import(workbook);
    expect(report.sheets.find((s) => s.sheet === 'users')).toMatchObject({ created: 0, updated: 0 });
    expect(await tableCounts(server)).toEqual(before);
  });
});
