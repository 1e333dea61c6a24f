/**
 * A plant set up from one Excel workbook, the way an integration would do it: the factory's master
 * data (from its ERP, here a few constants) written as the setup workbook, checked with a dry run,
 * fixed, imported, imported again (nothing changes), and exported back.
 * Run: pnpm --filter @shopfloor/example-setup-workbook start
 *
 * SHOPFLOOR_URL (default http://127.0.0.1:8080) picks the server; SHOPFLOOR_TOKEN an administrator's
 * API token (sft_…). Without a token it signs in as the demo administrator (`pnpm start`, demo mode).
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SetupData, writeSetupWorkbook } from '@shopfloor/bom-io';
import { createAdminClient, type SetupReport } from '@shopfloor/sdk/admin';

const baseUrl = process.env.SHOPFLOOR_URL ?? 'http://127.0.0.1:8080';
const token =
  process.env.SHOPFLOOR_TOKEN ??
  (await createAdminClient({ baseUrl }).auth.devLogin({ userId: 'demo-admin' })).token;
const admin = createAdminClient({ baseUrl, token });
const folder = await mkdtemp(join(tmpdir(), 'shopfloor-setup-'));

// 1. The empty template, for people who fill it in by hand.
const template = await admin.setup.template();
await writeFile(join(folder, 'template.xlsx'), template);
console.log(`template: ${join(folder, 'template.xlsx')} (${template.length} bytes)`);

// 2. The plant as the ERP knows it. One mistake on purpose: the line-side location names a
//    warehouse nobody registered.
const plant = (warehouseOfLineSide: string): SetupData => ({
  warehouses: [
    { code: 'EX-RM', name: '样例原材料仓' },
    { code: 'EX-FG', name: '样例成品仓' },
  ],
  locations: [
    { warehouse: 'EX-RM', code: 'EX-RM-01', name: '原材料一区', kind: '原材料' },
    { warehouse: warehouseOfLineSide, code: 'EX-LINE-01', name: '总装线边', kind: '线边' },
    { warehouse: 'EX-FG', code: 'EX-FG-01', name: '成品一区', kind: '成品' },
  ],
  workshops: [{ code: 'EX-ASM', name: '样例总装车间', supervisor: 'ex.zhao' }],
  workCenters: [
    {
      code: 'EX-ASM-L1',
      name: '总装一线',
      workshop: 'EX-ASM',
      stations: 4,
      calendar: '周一至周六 08:00-12:00 13:00-17:00',
    },
  ],
  users: [
    { platform: 'dingtalk', userId: 'ex.zhao', name: '赵主任', roles: ['approver'], warehouses: ['EX-RM'] },
    { platform: 'dingtalk', userId: 'ex.li', name: '李师傅', roles: ['operator'], workshops: ['EX-ASM'] },
    {
      platform: 'wecom',
      userId: 'ex.sun',
      name: '孙仓管',
      roles: ['storekeeper'],
      warehouses: ['EX-RM', 'EX-FG'],
    },
  ],
  items: [
    { code: 'EX-STOOL', name: '样例方凳', uom: 'pcs', type: 'make', precision: 0 },
    { code: 'EX-SEAT', name: '凳面', uom: 'pcs', type: 'buy', precision: 0, cost: 35 },
    { code: 'EX-LEG', name: '凳腿', uom: 'pcs', type: 'buy', precision: 0, cost: 8 },
    { code: 'EX-SCREW', name: '螺丝 M6', uom: 'pcs', type: 'buy', precision: 0 },
  ],
  bomLines: [
    { parent: 'EX-STOOL', child: 'EX-SEAT', qty: 1 },
    { parent: 'EX-STOOL', child: 'EX-LEG', qty: 4 },
    { parent: 'EX-STOOL', child: 'EX-SCREW', qty: 8, scrapRate: 0.05 },
  ],
  routings: [
    {
      item: 'EX-STOOL',
      seq: 10,
      name: '组装',
      workCenter: 'EX-ASM-L1',
      standardMinutes: 6,
      owner: 'ex.zhao',
    },
    { item: 'EX-STOOL', seq: 20, name: '检验包装', workCenter: 'EX-ASM-L1', standardMinutes: 2 },
  ],
  openingStock: [
    { item: 'EX-SEAT', location: 'EX-RM-01', qty: 120 },
    { item: 'EX-LEG', location: 'EX-RM-01', lot: 'EX-L2026-07', qty: 480 },
    { item: 'EX-SCREW', location: 'EX-LINE-01', qty: 2000 },
  ],
});

function show(title: string, report: SetupReport): void {
  console.log(`\n${title}: ${report.applied ? 'applied' : 'nothing written'}`);
  for (const s of report.sheets) {
    console.log(
      `  ${s.sheet.padEnd(15)} created ${s.created}, updated ${s.updated}, unchanged ${s.unchanged}`,
    );
  }
  for (const p of report.problems) console.log(`  ✗ ${p.sheet} row ${p.row} ${p.column}: ${p.message}`);
}

// 3. Check first: the report names the sheet, the Excel row and the column of the mistake.
const wrong = await writeSetupWorkbook(plant('EX-NOPE'));
await writeFile(join(folder, 'plant-with-a-mistake.xlsx'), wrong);
show('dry run of plant-with-a-mistake.xlsx', await admin.setup.import(wrong, { dryRun: true }));

// 4. Fixed, imported in one transaction; then the same file again changes nothing.
const fixed = await writeSetupWorkbook(plant('EX-RM'));
await writeFile(join(folder, 'plant.xlsx'), fixed);
show('import of plant.xlsx', await admin.setup.import(fixed));
show('the same file again', await admin.setup.import(fixed));

// 5. The plant as it is now, in the same shape: edit it and import it back.
const exported = await admin.setup.export();
await writeFile(join(folder, 'exported.xlsx'), exported);
console.log(`\nexport: ${join(folder, 'exported.xlsx')} (${exported.length} bytes)`);
const needs = await admin.boms.explosion('EX-STOOL', { qty: 50 });
console.log(`50 × EX-STOOL needs: ${needs.requirements.map((r) => `${r.item} ${r.qty}`).join(', ')}`);
