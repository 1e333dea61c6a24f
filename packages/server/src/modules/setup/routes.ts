import { writeSetupWorkbook } from '@shopfloor/bom-io';
import { SetupReport } from '@shopfloor/sdk/admin';
import { type AnyRoute, defineRoute, z } from '../../http/route.js';
import { dateShanghai } from '../../shared/time.js';
import { exportSetupData } from './export.js';
import { importWorkbook } from './import.js';
import { readWorkbookUpload, WORKBOOK_MAX_BYTES } from './upload.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const template = defineRoute({
  method: 'get',
  path: '/setup/workbook.xlsx',
  summary: 'The setup workbook (开账工作簿): the template, or with filled=true the current plant data',
  description:
    'One sheet per list (warehouses, locations, workshops, workCenters, users, items, bomLines, uomConversions, ' +
    'routings, openingStock) with a header row of field names, and a 说明 sheet explaining every column in ' +
    'Chinese and English. The template has one example row per sheet; `filled=true` exports the active records ' +
    'in the same shape, so export → edit → import is a round trip. See docs/setup-workbook.md.',
  tags: ['setup'],
  auth: ['admin'],
  query: z.object({ filled: z.boolean().optional() }),
  response: null,
  async handler({ query, user, db, deps }) {
    const bytes = await writeSetupWorkbook(query.filled ? await exportSetupData(db, user.orgId) : undefined);
    const name = query.filled
      ? `shopfloor-plant-${dateShanghai(deps.clock.now())}.xlsx`
      : 'shopfloor-setup-template.xlsx';
    return new Response(new Uint8Array(bytes), {
      headers: {
        'Content-Type': XLSX_TYPE,
        'Content-Disposition': `attachment; filename="${name}"`,
        'Cache-Control': 'no-store',
      },
    });
  },
});

const importRoute = defineRoute({
  method: 'post',
  path: '/setup/workbook',
  summary: 'Import the setup workbook, all or nothing; dryRun=true only checks it',
  description:
    `Body: the .xlsx as ${XLSX_TYPE} or application/octet-stream, or multipart/form-data with a \`file\` field; ` +
    `at most ${WORKBOOK_MAX_BYTES / 1024 / 1024} MB (413 beyond, or when it would inflate past 200 MB). ` +
    'Answers a SetupReport: per sheet created / updated / unchanged, and every problem with sheet, Excel row, ' +
    'column and a message in Chinese and English. A dry run writes nothing and answers 200 even with problems. ' +
    'Otherwise the whole workbook is imported in one transaction, or, with any problem, nothing: 400 ' +
    'problem+json that carries the same report (`problems`, `sheets`) and `errors` as `sheet!row!column`. ' +
    'Importing the same file again changes nothing; records missing from the file are left alone (the import ' +
    'never deactivates). Opening stock is posted as one opening-balance document.',
  tags: ['setup'],
  auth: ['admin'],
  query: z.object({ dryRun: z.boolean().optional() }),
  response: SetupReport,
  status: 200,
  errors: [413, 415],
  async handler({ query, c, user, db, deps }) {
    const dryRun = query.dryRun ?? false;
    const bytes = await readWorkbookUpload(c, dryRun);
    const report = await importWorkbook({ db, deps, user }, bytes, dryRun);
    // Roles the import changed reach sessions already issued at once (the access cache is per replica).
    if (!dryRun) deps.services.userAccess.forget(user.orgId);
    return report;
  },
});

export const setupRoutes: AnyRoute[] = [template, importRoute];
