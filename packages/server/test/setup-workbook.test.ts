import { SETUP_SHEETS } from '@shopfloor/bom-io';
import type { AdminClient, SetupReport } from '@shopfloor/sdk/admin';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerDiscrepancies } from '../src/modules/stock/ledger.js';
import { seedUsers } from './fixtures.js';
import { backends, startTestServer, type TestServer } from './harness.js';
import {
  adminOf,
  countsOf,
  editWorkbook,
  places,
  postWorkbook,
  rowsOf,
  sheet,
  tableCounts,
} from './setup-helpers.js';

/**
 * The setup workbook from the template to a plant: fill in, check (dry run), fix, import, import
 * again, export and import back, opening stock in the ledger. The org starts with the users of
 * fixtures.ts (an admin, workshops WS-ASM/WS-MCH, warehouses WH-RM/WH-FG) and nothing else.
 */
describe.each(backends())('the setup workbook on %s', (backend) => {
  let server: TestServer;
  let admin: AdminClient;
  let token: string;
  let template: Uint8Array;
  let filled: Uint8Array;

  beforeAll(async () => {
    server = await startTestServer({ backend, seed: seedUsers });
    admin = await adminOf(server);
    token = await server.token('admin');
    template = await admin.setup.template();
  });
  afterAll(() => server?.close());

  /** The template with a small plant added below the example rows, plus `mistakes`. */
  function fill(mistakes: boolean) {
    return editWorkbook(template, (wb) => {
      sheet(wb, 'warehouses').addRow(['WH-FG2', '成品仓二']);
      sheet(wb, 'locations').addRow(['WH-FG2', 'FG2-01', '成品区01', '成品']);
      sheet(wb, 'locations').addRow([mistakes ? 'WH-NOPE' : 'WH-FG2', 'FG2-02', '待检区', '待检']);
      sheet(wb, 'workCenters').addRow(['WC-MCH-1', '数控一组', 'WS-MCH', 3, '周一至周六 20:00-08:00']);
      sheet(wb, 'users').addRow(['wecom', 'lisi', '李四', '操作工', 'WS-ASM', null]);
      sheet(wb, 'users').addRow([
        'dingtalk',
        'wangwu',
        '王五',
        mistakes ? 'boss' : '仓管',
        null,
        'WH-RM,WH-FG2',
      ]);
      sheet(wb, 'items').addRow(['CHAIR', '椅子', 'pcs', 'make', 3, null, 0]);
      sheet(wb, 'bomLines').addRow(['CHAIR', 'LEG', mistakes ? '四' : '4']);
      sheet(wb, 'routings').addRow(['CHAIR', 10, '组装', null, 'WS-ASM', 12]);
      sheet(wb, 'openingStock').addRow(['LEG', 'FG2-01', null, 36]);
      sheet(wb, 'openingStock').addRow(['TABLE', 'FG2-01', null, 5]);
    });
  }

  it('offers a template: a 说明 sheet, then one sheet per list with its field names and an example row', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(template) as never);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['说明', ...SETUP_SHEETS.map((s) => s.name)]);
    const guide: string[] = [];
    sheet(wb, '说明').eachRow((row) => {
      guide.push((row.values as unknown[]).filter(Boolean).join(' '));
    });
    const text = guide.join('\n');
    for (const spec of SETUP_SHEETS) {
      const header = (sheet(wb, spec.name).getRow(1).values as unknown[]).slice(1);
      expect(header, spec.name).toEqual(spec.fields.map((f) => f.name));
      expect(rowsOf(wb, spec.name).length, spec.name).toBeGreaterThan(0);
      for (const field of spec.fields) expect(text).toContain(field.zh);
      expect(text).toContain(spec.zhSummary);
    }
    expect(text).toMatch(/示例/);
    expect(text).toMatch(/Each sheet is one list/);
  });

  it('checks the untouched template clean, and a dry run writes nothing', async () => {
    const before = await tableCounts(server);
    const report = await admin.setup.import(template, { dryRun: true });
    expect(report).toMatchObject({ dryRun: true, applied: false, problems: [] });
    expect(countsOf(report).items).toEqual([2, 0, 0]);
    expect(await tableCounts(server)).toEqual(before);
  });

  it('shows exactly the mistakes of a filled workbook, with sheet, row and column, and refuses to import it', async () => {
    const wrong = await fill(true);
    const before = await tableCounts(server);
    const dry = await admin.setup.import(wrong, { dryRun: true });
    expect(dry.applied).toBe(false);
    expect(places(dry)).toEqual(['bomLines!3!qty', 'locations!4!warehouse', 'users!4!roles']);
    for (const problem of dry.problems) {
      expect(problem.message).toMatch(/[\u4e00-\u9fff]/);
      expect(problem.messageEn).toMatch(/[a-z]/);
    }
    expect(dry.problems.find((p) => p.sheet === 'locations')!.message).toContain('WH-NOPE');
    expect(await tableCounts(server)).toEqual(before);

    const refused = await postWorkbook(server, token, wrong);
    expect(refused.status).toBe(400);
    expect(refused.type).toContain('application/problem+json');
    expect(refused.json).toMatchObject({ status: 400, dryRun: false, applied: false });
    expect(places(refused.json)).toEqual(places(dry));
    expect((refused.json.errors as { path: string }[]).map((e) => e.path).sort()).toEqual([
      'bomLines!3!qty',
      'locations!4!warehouse',
      'users!4!roles',
    ]);
    expect(await tableCounts(server)).toEqual(before);
    // The SDK hands back the same report rather than throwing.
    expect(places(await admin.setup.import(wrong))).toEqual(places(dry));
  });

  it('imports the corrected workbook in one go', async () => {
    filled = await fill(false);
    const dry = await admin.setup.import(filled, { dryRun: true });
    expect(dry.problems).toEqual([]);
    const report = await admin.setup.import(filled);
    expect(report).toMatchObject({ dryRun: false, applied: true, problems: [] });
    expect(report.sheets.map((s) => s.sheet)).toEqual(SETUP_SHEETS.map((s) => s.name));
    expect(countsOf(report)).toEqual(countsOf(dry));
    expect(countsOf(report)).toMatchObject({
      warehouses: [1, 0, 1], // WH-RM exists already (fixtures)
      locations: [3, 0, 0],
      workshops: [0, 1, 0], // WS-ASM gets 总装车间 and a supervisor
      workCenters: [2, 0, 0],
      users: [3, 0, 0],
      items: [3, 0, 0],
      bomLines: [2, 0, 0],
      routings: [2, 0, 0],
      openingStock: [3, 0, 0],
    });

    const locations = await admin.locations.listPage({});
    expect(locations.items.map((l) => [l.code, l.kind])).toEqual(
      expect.arrayContaining([
        ['RM-A01', 'raw-material'],
        ['FG2-01', 'finished-goods'],
        ['FG2-02', 'quarantine'],
      ]),
    );
    const night = await admin.workCenters.get('WC-MCH-1');
    expect(night).toMatchObject({ workshop: 'WS-MCH', stations: 3 });
    expect(night.calendar).toEqual({
      workdays: [1, 2, 3, 4, 5, 6],
      shifts: [{ start: '20:00', end: '08:00' }],
    });
    expect(await admin.workshops.get('WS-ASM')).toMatchObject({
      name: '总装车间',
      supervisor: 'dt-zhangsan',
    });
    // Operator and storekeeper's scopes are grants: they wait for a second admin (权限变更双人复核).
    const waiting = await admin.roleRequests.listPage({ status: 'pending' });
    expect(waiting.items.map((r) => [r.userId, r.add])).toEqual(
      expect.arrayContaining([
        ['wc-lisi', { roles: [], workshops: ['WS-ASM'], warehouses: [] }],
        ['dt-wangwu', { roles: ['storekeeper'], workshops: [], warehouses: ['WH-RM', 'WH-FG2'] }],
      ]),
    );
    expect((await admin.users.listPage({})).items.find((u) => u.id === 'wc-lisi')?.scopes?.workshops).toEqual(
      [],
    );
    await server.database.db
      .insertInto('users')
      .values({ org_id: server.deps.config.orgId, id: 'admin-2', name: '第二管理员', roles: ['admin'] })
      .execute();
    const second = await adminOf(server, 'admin-2');
    for (const r of waiting.items) await second.roleRequests.approve(r.id);
    // The later tests need 'admin' to be the only administrator again.
    await admin.users.update('admin-2', { active: false });
    const users = (await admin.users.listPage({})).items;
    expect(users.find((u) => u.id === 'wc-lisi')).toMatchObject({
      name: '李四',
      roles: ['operator'],
      scopes: { workshops: ['WS-ASM'], warehouses: [] },
      platform: 'wecom',
    });
    expect(users.find((u) => u.id === 'dt-wangwu')).toMatchObject({
      roles: ['storekeeper'],
      scopes: { workshops: [], warehouses: ['WH-RM', 'WH-FG2'] },
    });
    const explosion = await admin.boms.explosion('CHAIR', { qty: 2 });
    expect(explosion.requirements.map((r) => [r.item, r.qty])).toEqual([['LEG', 8]]);
    const routing = await admin.request<{ operations: { seq: number; workCenter: string }[] }>({
      method: 'GET',
      path: '/routings/TABLE',
    });
    expect(routing.operations).toMatchObject([{ seq: 10, workCenter: 'WC-ASM-1', owner: 'dt-zhangsan' }]);
  });

  it('posts the opening stock as one document: in the balances, and the ledger equals the balances', async () => {
    const db = server.database.db;
    const movements = await db
      .selectFrom('stock_movements')
      .select(['kind', 'source_type', 'source_id', 'item', 'location', 'lot', 'qty'])
      .where('source_type', '=', 'opening-balance')
      .execute();
    expect(movements).toHaveLength(3);
    expect(new Set(movements.map((m) => m.source_id)).size).toBe(1);
    expect(movements.every((m) => m.kind === 'opening')).toBe(true);
    const balances = await admin.stock.balancesPage({ item: 'LEG' });
    expect(balances.items.map((b) => [b.location, b.lot ?? '', b.qty]).sort()).toEqual([
      ['FG2-01', '', 36],
      ['RM-A01', 'L2026-001', 200],
    ]);
    expect(await ledgerDiscrepancies(db, server.deps.config.orgId)).toEqual([]);
    const lot = await db.selectFrom('lots').selectAll().where('code', '=', 'L2026-001').executeTakeFirst();
    expect(lot).toMatchObject({ item: 'LEG', kind: 'material' });
  });

  it('changes nothing when the same workbook is imported again', async () => {
    const before = await tableCounts(server);
    const revision = await sql<{ revision: string }>`select revision from bom_revisions`.execute(
      server.database.db,
    );
    const report = await admin.setup.import(filled);
    expect(report.applied).toBe(true);
    for (const s of report.sheets) expect([s.sheet, s.created, s.updated]).toEqual([s.sheet, 0, 0]);
    expect(await tableCounts(server)).toEqual(before);
    const after = await sql<{ revision: string }>`select revision from bom_revisions`.execute(
      server.database.db,
    );
    expect(after.rows).toEqual(revision.rows);
  });

  it('exports the plant in the same shape, and the export imports back as nothing changed', async () => {
    const exported = await admin.setup.export();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(exported) as never);
    expect(rowsOf(wb, 'users')).toEqual(
      expect.arrayContaining([['wecom', 'lisi', '李四', 'operator', 'WS-ASM']]),
    );
    expect(rowsOf(wb, 'workCenters')).toEqual(
      expect.arrayContaining([['WC-MCH-1', '数控一组', 'WS-MCH', 3, '周一至周六 20:00-08:00']]),
    );
    expect(rowsOf(wb, 'openingStock')).toEqual(expect.arrayContaining([['LEG', 'RM-A01', 'L2026-001', 200]]));
    const before = await tableCounts(server);
    const report = await admin.setup.import(exported);
    expect(report.problems).toEqual([]);
    for (const s of report.sheets) expect([s.sheet, s.created, s.updated]).toEqual([s.sheet, 0, 0]);
    expect(report.sheets.find((s) => s.sheet === 'items')!.unchanged).toBe(3);
    expect(await tableCounts(server)).toEqual(before);
  });

  it('updates what changed, and leaves rows missing from the file alone', async () => {
    const edited = await editWorkbook(filled, (wb) => {
      sheet(wb, 'warehouses').spliceRows(3, 1); // WH-FG2 no longer in the file
      sheet(wb, 'locations').getCell('C3').value = '成品区一号';
      sheet(wb, 'items').getCell('B4').value = '餐椅';
    });
    const report = await admin.setup.import(edited);
    expect(report.problems).toEqual([]);
    expect(countsOf(report)).toMatchObject({ warehouses: [0, 0, 1], locations: [0, 1, 2], items: [0, 1, 2] });
    expect(await admin.warehouses.get('WH-FG2')).toMatchObject({ active: true });
    expect(await admin.locations.get('FG2-01')).toMatchObject({ name: '成品区一号' });
    expect((await admin.items.get('CHAIR')).name).toBe('餐椅');
    const audit = await server.database.db
      .selectFrom('audit_log')
      .select(['action', 'subject_id'])
      .where('action', 'in', ['location.changed', 'setup.imported'])
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['location.changed', 'setup.imported']),
    );
  });

  it('sets teams and e-mail addresses from the users sheet, keeps them for blank cells, exports them', async () => {
    const db = server.database.db;
    const contact = () =>
      db.selectFrom('users').select(['team', 'email']).where('id', '=', 'wc-lisi').executeTakeFirstOrThrow();
    const bad = await editWorkbook(filled, (wb) => {
      sheet(wb, 'users').getCell('G3').value = '甲班';
      sheet(wb, 'users').getCell('H3').value = 'lisi@';
    });
    const refused = await postWorkbook(server, token, bad, { dryRun: true });
    expect(places(refused.json)).toEqual(['users!3!email']);
    expect(refused.json.problems[0]!.message).toBe('email 格式不对');

    const withTeam = await editWorkbook(filled, (wb) => {
      sheet(wb, 'users').getCell('G3').value = '甲班';
      sheet(wb, 'users').getCell('H3').value = 'lisi@plant.cn';
    });
    const report = await admin.setup.import(withTeam);
    expect(report.problems).toEqual([]);
    expect(countsOf(report).users).toEqual([0, 1, 2]);
    expect(await contact()).toEqual({ team: '甲班', email: 'lisi@plant.cn' });
    const audit = await db
      .selectFrom('audit_log')
      .select(['action', 'after'])
      .where('subject_id', '=', 'wc-lisi')
      .where('action', 'in', ['user.team-changed', 'user.email-changed'])
      .execute();
    expect(audit.map((a) => [a.action, a.after])).toEqual(
      expect.arrayContaining([
        ['user.team-changed', { team: '甲班' }],
        ['user.email-changed', { email: 'lisi@plant.cn' }],
      ]),
    );

    // The file without them: blank cells keep what the person has.
    const again = await admin.setup.import(filled);
    expect(countsOf(again).users).toEqual([0, 0, 3]);
    expect(await contact()).toEqual({ team: '甲班', email: 'lisi@plant.cn' });

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await admin.setup.export()) as never);
    expect(rowsOf(wb, 'users')).toEqual(
      expect.arrayContaining([
        ['wecom', 'lisi', '李四', 'operator', 'WS-ASM', undefined, '甲班', 'lisi@plant.cn'],
      ]),
    );
  });

  it('adjusts an opening quantity while the location has no other movement, refuses it after one', async () => {
    const db = server.database.db;
    const changeLeg = (qty: number) =>
      editWorkbook(filled, (wb) => {
        sheet(wb, 'openingStock').getCell('D3').value = qty; // LEG at FG2-01
      });
    const raised = await admin.setup.import(await changeLeg(40));
    expect(raised.problems).toEqual([]);
    expect(countsOf(raised).openingStock).toEqual([0, 1, 2]);
    const documents = await db
      .selectFrom('stock_movements')
      .select((eb) => eb.fn.count<string>('source_id').distinct().as('n'))
      .where('source_type', '=', 'opening-balance')
      .executeTakeFirstOrThrow();
    expect(Number(documents.n)).toBe(2);
    expect((await admin.stock.balancesPage({ item: 'LEG', warehouse: 'WH-FG2' })).items[0]!.qty).toBe(40);

    await admin.request({
      method: 'POST',
      path: '/stock/receipts',
      body: { lines: [{ item: 'LEG', qty: 4, location: 'FG2-01' }] },
    });
    const before = await tableCounts(server);
    const refused = await admin.setup.import(await changeLeg(50));
    expect(refused.applied).toBe(false);
    expect(places(refused)).toEqual(['openingStock!3!qty']);
    expect(refused.problems[0]!.message).toMatch(/盘点|调整/);
    expect(refused.problems[0]!.messageEn).toMatch(/count|adjust/);
    expect(await tableCounts(server)).toEqual(before);
    // The same quantity as opened is still fine: nothing to change.
    const same = await admin.setup.import(await changeLeg(40), { dryRun: true });
    expect(same.problems).toEqual([]);
    expect(await ledgerDiscrepancies(db, server.deps.config.orgId)).toEqual([]);
  });

  it('reads Chinese sheet names and headers, 线边 and 待检, numbers typed as text and codes typed as numbers', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('仓库').addRows([
      ['仓库编码', '仓库名称'],
      [2001, '二号仓'],
    ]);
    wb.addWorksheet('库位').addRows([
      ['仓库', '库位编码', '库位名称', '库位类型'],
      [2001, 'L-01', '线边一', '线边'],
      [2001, 'L-02', '待检二', '隔离'],
    ]);
    wb.addWorksheet('物料').addRows([
      ['料号', '物料名称', '单位', '物料类型', '精度'],
      [1001, '螺母', 'pcs', '外购件', '0'],
    ]);
    wb.addWorksheet('期初库存').addRows([
      ['料号', '库位', '批次号', '数量'],
      [1001, 'L-01', null, '12'],
      [1001, 'L-02', null, { formula: '2*3', result: 6 }],
    ]);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const report = await admin.setup.import(bytes);
    expect(report.problems).toEqual([]);
    expect(report.sheets.map((s) => s.sheet)).toEqual(['warehouses', 'locations', 'items', 'openingStock']);
    expect(await admin.locations.get('L-01')).toMatchObject({ warehouse: '2001', kind: 'wip' });
    expect(await admin.locations.get('L-02')).toMatchObject({ kind: 'quarantine' });
    expect((await admin.items.get('1001')).precision).toBe(0);
    const onHand = await admin.stock.balancesPage({ item: '1001' });
    expect(onHand.items.map((b) => [b.location, b.qty]).sort()).toEqual([
      ['L-01', 12],
      ['L-02', 6],
    ]);
  });

  it('takes the workbook as multipart/form-data too', async () => {
    const form = new FormData();
    form.set('file', new File([template.slice()], 'plant.xlsx'));
    const answer = await postWorkbook(server, token, form, { dryRun: true, contentType: null });
    expect(answer.status).toBe(200);
    expect((answer.json as SetupReport).problems).toEqual([]);
  });

  it('keeps an administrator: a workbook that takes admin from the last one is refused', async () => {
    const db = server.database.db;
    await db
      .updateTable('users')
      .set({ platform: 'dingtalk', platform_user_id: 'boss' })
      .where('id', '=', 'admin')
      .execute();
    const demote = await editWorkbook(template, (wb) => {
      sheet(wb, 'users').addRow(['dingtalk', 'boss', '系统管理员', 'planner']);
    });
    const report = await admin.setup.import(demote, { dryRun: true });
    expect(places(report)).toEqual(['users!3!roles']);
    expect(report.problems[0]!.message).toContain('管理员');
  });
});
